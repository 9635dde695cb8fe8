/**
 * `unified`: the simulation design of Al-Ameri, Abdalrahem & Mohammed, "A Unified Bayesian–Frequentist
 * Estimation Framework for Multilevel Logistic Regression …" (../shared/papers/000_…), §4.1 and Table 3:
 *     logit P(y_ij = 1) = x_ijᵀβ + u_j,  u_j ~ N(0, σ²),  j = 1..J,
 * J ∈ {30, 50, 100}, cluster sizes U{5..20}, U{20..50} or U{5..50}, σ² ∈ {0.5, 1.5, 4},
 * β = (−1, 0.5, 1.2, 0.02, 0.7) or the alternative (0, 2, −1, 0.03, 0.5), and five variants.
 *
 * The paper leaves the covariates and the variants unspecified. The choices made here, matched to what
 * its tables name (β_gender, β_sep = 1.2 in Figure 7) and report (Table 5, Figures 2–3):
 *  • columns y, gender, x_sep, x3, x4, g: gender ~ Bern(½) (β_gender, binary), x_sep (β_sep), x3 and
 *    x4 ~ N(0, 1); everything — sizes, covariates, u, y — drawn anew in each replicate;
 *  • base, rare_*: x_sep ~ N(0, 1);
 *  • rare_2pct / rare_98pct: the intercept is replaced by the value that makes the marginal prevalence
 *    (over covariates and u, by quadrature) exactly 2 % / 98 %; the truth reports that intercept;
 *  • partial_separation, full_separation: separation is induced through the covariate, never by editing
 *    responses, so every replicate is a draw from the stated model with β_sep = 1.2 (the truth stays true).
 *    A share of the clusters, chosen at random, is "targeted": x_sep = dose there and 0 elsewhere.
 *      – full_separation: 35 % targeted at dose 40, so β_sep·x_sep = 48 (−40 under the alternative β):
 *        targeted rows are all successes (failures) except with probability < 1e-12, X is quasi-completely
 *        separated in x_sep (β̂_sep = ±∞ for ML, checked by the LP), and the targeted clusters are
 *        perfectly predicted (Table 5: about 40 % of clusters).
 *      – partial_separation: 20 % targeted at dose 4.5 (β_sep·x_sep = 5.4): targeted clusters are often,
 *        not always, all successes, so about 17 % of clusters are perfectly predicted at J = 50, σ² = 1.5,
 *        sizes 5–50 (Table 5's quasi-separation row: 16–18 %), while X is separated in only about 2 % of
 *        the replicates (when every targeted row happens to be a success).
 *    The share and dose were tuned on that cell (1 000 replicates) to land on Table 5's rates.
 * Table 4's β_rare is never defined by the paper; all coefficients are reported.
 */
import { GlmmInputError, type ModelFrame } from "@glmmkit/core";
import type { Rng } from "@glmmkit/math";
import type { CellGenerator, SimulationDesign } from "../design.js";
import { expectedExpit } from "../marginal-prevalence.js";
import { parametersFromNames } from "../named-parameters.js";
import { createSimulatedTable, numberColumn } from "../simulated-table.js";
import { drawReplicate, prepareModel } from "../simulation-model.js";

const FORMULA = "y ~ gender + x_sep + x3 + x4 + (1 | g)";
const COEFFICIENTS = ["(Intercept)", "gender", "x_sep", "x3", "x4"] as const;
const BETAS: Record<string, readonly number[]> = {
  primary: [-1, 0.5, 1.2, 0.02, 0.7],
  alternative: [0, 2, -1, 0.03, 0.5],
};
const SIZES: Record<string, readonly [number, number]> = {
  "5-20": [5, 20],
  "20-50": [20, 50],
  "5-50": [5, 50],
};
const VARIANTS = ["base", "partial_separation", "full_separation", "rare_2pct", "rare_98pct"] as const;
type Variant = (typeof VARIANTS)[number];

/** Induced separation: share of clusters targeted and the value x_sep takes in them. */
export const SEPARATION_SETTINGS: Readonly<Record<"partial_separation" | "full_separation", { share: number; dose: number }>> = {
  partial_separation: { share: 0.2, dose: 4.5 },
  full_separation: { share: 0.35, dose: 40 },
};
const RARE_PREVALENCE: Readonly<Record<"rare_2pct" | "rare_98pct", number>> = { rare_2pct: 0.02, rare_98pct: 0.98 };

/**
 * The intercept giving marginal prevalence `target` when gender ~ Bern(½) and x_sep, x3, x4 ~ N(0, 1):
 * then η − β0 − β_gender·gender ~ N(0, s²), s² = β_sep² + β3² + β4² + σ², so the prevalence is
 * ½ Σ_{g∈{0,1}} E[expit(β0 + β_gender g + s Z)], increasing in β0: solved by bisection to 1e-12.
 */
export function interceptForPrevalence(beta: readonly number[], sigma2: number, target: number): number {
  const [, gender, sep, x3, x4] = beta as [number, number, number, number, number];
  const s = Math.sqrt(sep * sep + x3 * x3 + x4 * x4 + sigma2);
  const prevalence = (b0: number) => 0.5 * (expectedExpit(b0, s) + expectedExpit(b0 + gender, s));
  let lo = -50;
  let hi = 50;
  while (hi - lo > 1e-12) {
    const mid = 0.5 * (lo + hi);
    if (prevalence(mid) < target) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** k distinct indices of 0..J−1, uniformly (the first k steps of a Fisher–Yates shuffle). */
function chooseClusters(J: number, k: number, rng: Rng): Uint8Array {
  const order = Array.from({ length: J }, (_, j) => j);
  for (let i = 0; i < k; i++) {
    const swap = i + Math.floor(rng.uniform() * (J - i));
    [order[i], order[swap]] = [order[swap]!, order[i]!];
  }
  const chosen = new Uint8Array(J);
  for (let i = 0; i < k; i++) chosen[order[i]!] = 1;
  return chosen;
}

/**
 * The model frame of FORMULA on these rows, built directly from the numbers (a replicate's rows are new
 * each time, and going through text cells would triple the cost): exactly what core's buildModelFrame
 * gives on the CSV cells — the unified tests compare the two on every variant.
 */
function unifiedFrame(J: number, cluster: Float64Array, covariates: readonly Float64Array[]): ModelFrame {
  const n = cluster.length;
  const p = COEFFICIENTS.length;
  const X = new Float64Array(n * p);
  X.fill(1, 0, n);
  covariates.forEach((column, k) => X.set(column, (k + 1) * n));
  const groupIndex = Int32Array.from(cluster, (j) => j - 1);
  return {
    formula: FORMULA,
    responseName: "y",
    n,
    y: new Float64Array(n),
    trials: new Float64Array(n).fill(1),
    binary: true,
    p,
    X,
    betaNames: [...COEFFICIENTS],
    terms: [
      {
        group: "g",
        termNames: ["(Intercept)"],
        q: 1,
        levels: Array.from({ length: J }, (_, j) => String(j + 1)),
        groupIndex,
        Z: new Float64Array(n).fill(1),
      },
    ],
    rowsRead: n,
  };
}

function describeVariant(variant: Variant): string {
  if (variant === "partial_separation" || variant === "full_separation") {
    const { share, dose } = SEPARATION_SETTINGS[variant];
    return `${variant}: round(${share} J) clusters chosen at random have x_sep = ${dose}, the others x_sep = 0 (separation induced through the covariate; responses always follow the model)`;
  }
  if (variant === "rare_2pct" || variant === "rare_98pct") {
    return `${variant}: x_sep ~ N(0, 1); the intercept is set so that the marginal prevalence is ${RARE_PREVALENCE[variant] * 100} % (reported in the truth)`;
  }
  return "base: x_sep ~ N(0, 1)";
}

export const unifiedDesign: SimulationDesign = {
  name: "unified",
  summary: "entropy-regularisation paper, Table 3: J clusters of random sizes, sigma^2, five variants (separation, rare events)",
  description: [
    "logit P(y = 1) = b0 + b_gender gender + b_sep x_sep + b3 x3 + b4 x4 + u_g, u ~ N(0, sigma^2), J clusters with sizes uniform on the sizes range.",
    "beta=primary: (-1, 0.5, 1.2, 0.02, 0.7); beta=alternative: (0, 2, -1, 0.03, 0.5). gender ~ Bern(1/2); x3, x4 ~ N(0, 1); sizes, covariates, u and y are drawn anew in every replicate.",
    ...VARIANTS.map(describeVariant),
    `Columns y, gender, x_sep, x3, x4, g; fit with --formula "${FORMULA}".`,
    "The paper does not say how covariates are distributed or how separation and rare events are induced: the choices above are this package's (see `--describe-cells` for the realised prevalence, LP separation and perfectly predicted clusters).",
    "Source: Al-Ameri, Abdalrahem & Mohammed, unified Bayesian-frequentist framework, section 4.1, Table 3.",
  ],
  cellKeys: [
    { name: "J", description: "number of clusters", values: ["30", "50", "100"], numeric: true },
    { name: "sigma2", description: "random-intercept variance", values: ["0.5", "1.5", "4"], numeric: true },
    { name: "sizes", description: "cluster sizes, uniform on the range", values: Object.keys(SIZES), numeric: false },
    { name: "variant", description: "scenario", values: [...VARIANTS], numeric: false },
    { name: "beta", description: "true fixed effects", values: Object.keys(BETAS), numeric: false, default: "primary" },
  ],
  prepare(cell): CellGenerator {
    const J = Number(cell["J"]);
    const sigma2 = Number(cell["sigma2"]);
    const [smallest, largest] = SIZES[cell["sizes"]!]!;
    const variant = cell["variant"] as Variant;
    const beta = [...BETAS[cell["beta"]!]!];
    const notes: string[] = [describeVariant(variant)];
    if (variant === "rare_2pct" || variant === "rare_98pct") {
      beta[0] = interceptForPrevalence(beta, sigma2, RARE_PREVALENCE[variant]);
      notes.push(`(Intercept) = ${beta[0]} gives a marginal prevalence of ${RARE_PREVALENCE[variant]}`);
    }
    const separation = variant === "partial_separation" || variant === "full_separation" ? SEPARATION_SETTINGS[variant] : null;
    const targeted = separation === null ? 0 : Math.round(separation.share * J);
    if (separation !== null && targeted < 1) throw new GlmmInputError("option", `no cluster would be targeted at J = ${J}`);
    const named = {
      beta: Object.fromEntries(COEFFICIENTS.map((name, k) => [name, beta[k]!])),
      sd: { g: Math.sqrt(sigma2) },
    };

    return {
      generate(rng) {
        // Sizes, then the targeted clusters, then covariates row by row, then u and y (drawReplicate).
        const sizes = Array.from({ length: J }, () => smallest + Math.floor(rng.uniform() * (largest - smallest + 1)));
        const chosen = separation === null ? null : chooseClusters(J, targeted, rng);
        const n = sizes.reduce((a, b) => a + b, 0);
        const g = new Float64Array(n);
        const gender = new Float64Array(n);
        const xSep = new Float64Array(n);
        const x3 = new Float64Array(n);
        const x4 = new Float64Array(n);
        let i = 0;
        sizes.forEach((size, j) => {
          for (let r = 0; r < size; r++, i++) {
            g[i] = j + 1;
            gender[i] = rng.bernoulli(0.5);
            xSep[i] = chosen === null ? rng.normal() : chosen[j] === 1 ? separation!.dose : 0;
            x3[i] = rng.normal();
            x4[i] = rng.normal();
          }
        });
        const rows = createSimulatedTable([
          numberColumn("y", new Float64Array(n)),
          numberColumn("gender", gender),
          numberColumn("x_sep", xSep),
          numberColumn("x3", x3),
          numberColumn("x4", x4),
          numberColumn("g", g),
        ]);
        const frame = unifiedFrame(J, g, [gender, xSep, x3, x4]);
        const model = prepareModel(rows, { formula: FORMULA, frame, parameters: (f) => parametersFromNames(f, named) });
        return { ...drawReplicate(model, rng), model, notes };
      },
    };
  },
};
