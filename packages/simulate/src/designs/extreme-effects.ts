/**
 * `extreme-effects`: the extreme fixed-effects study of Kosmidis's slides on maximum softly-penalised
 * likelihood (Sterzinger & Kosmidis 2023; ../shared/papers/001_…, "Extreme fixed effects"):
 *     logit P(y_ij = 1) = x_ijᵀβ + u_i,  u_i ~ N(0, 9),  i = 1..5, j = 1..n,
 *     x_ij1 = 1, x_ij2 ~ N(0, 1), x_ij3 ~ Bern(½), x_ij4 ~ Bern(½), x_ij5 ~ Exp(1),
 *     β = (1, −0.5, λ, 0.25, −1),  n ∈ {50, 100, 200},  λ ∈ {−10, −8, …, 10}.
 * As in the slides, the covariates are drawn once per n — from the shared stream "covariates n=…", so
 * they are the same for every λ and replicate — and each replicate draws new u and y.
 */
import { fixedDesignGenerator, type SimulationDesign } from "../design.js";
import { parametersFromNames } from "../named-parameters.js";
import { createSimulatedTable, numberColumn } from "../simulated-table.js";
import { prepareModel } from "../simulation-model.js";

const CLUSTERS = 5;
const SIGMA2 = 9;
const FORMULA = "y ~ x2 + x3 + x4 + x5 + (1 | cluster)";
const LAMBDAS = [-10, -8, -6, -4, -2, 0, 2, 4, 6, 8, 10];

export const extremeEffectsDesign: SimulationDesign = {
  name: "extreme-effects",
  summary: "extreme fixed effects: 5 clusters of n, u ~ N(0, 9), beta = (1, -0.5, lambda, 0.25, -1)",
  description: [
    "logit P(y = 1) = 1 - 0.5 x2 + lambda x3 + 0.25 x4 - x5 + u_cluster, 5 clusters of n rows, u ~ N(0, 9).",
    "x2 ~ N(0, 1), x3 ~ Bern(1/2), x4 ~ Bern(1/2), x5 ~ Exp(1), drawn once per n (the same for every lambda and replicate); u and y drawn per replicate.",
    `Columns cluster, x2, x3, x4, x5, y; fit with --formula "${FORMULA}"; lambda is the coefficient of x3.`,
    "Source: Kosmidis, slides on maximum softly-penalised likelihood (Sterzinger & Kosmidis 2023), extreme fixed effects.",
  ],
  cellKeys: [
    { name: "n", description: "rows per cluster", values: ["50", "100", "200"], numeric: true },
    { name: "lambda", description: "coefficient of x3", values: LAMBDAS.map(String), numeric: true },
  ],
  prepare(cell, shared) {
    const perCluster = Number(cell["n"]);
    const lambda = Number(cell["lambda"]);
    const rng = shared(`covariates n=${perCluster}`);
    const n = CLUSTERS * perCluster;
    const cluster = new Float64Array(n);
    const x2 = new Float64Array(n);
    const x3 = new Float64Array(n);
    const x4 = new Float64Array(n);
    const x5 = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      cluster[i] = Math.floor(i / perCluster) + 1;
      x2[i] = rng.normal();
      x3[i] = rng.bernoulli(0.5);
      x4[i] = rng.bernoulli(0.5);
      x5[i] = rng.exponential();
    }
    const rows = createSimulatedTable([
      numberColumn("cluster", cluster),
      numberColumn("x2", x2),
      numberColumn("x3", x3),
      numberColumn("x4", x4),
      numberColumn("x5", x5),
      numberColumn("y", new Float64Array(n)),
    ]);
    const model = prepareModel(rows, {
      formula: FORMULA,
      parameters: (frame) =>
        parametersFromNames(frame, {
          beta: { "(Intercept)": 1, x2: -0.5, x3: lambda, x4: 0.25, x5: -1 },
          sd: { cluster: Math.sqrt(SIGMA2) },
        }),
    });
    return fixedDesignGenerator(model, [`covariates drawn once for n = ${perCluster} (shared by every lambda and replicate)`]);
  },
};
