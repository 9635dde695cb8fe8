/**
 * Coverage of Wald intervals, estimate ± 1.96 SE, of the truth of a simulation — the check issue 9 asks of
 * IMSA's Algorithm-6 standard errors (Song & Tan 2022 never evaluate them), beside ML's observed-information
 * SEs on the same data sets. Per replicate and parameter, for models whose random-effects terms are scalar:
 *   β_k      β̂_k ± z SE(β̂_k);
 *   σ²_t     σ̂²_t ± z SE(σ̂²_t), SE(σ̂²) = 2σ̂² SE(log σ̂) (the delta method; for IMSA this is exactly the
 *            Algorithm-6 SE of σ², which sa-fit.ts carried to log σ by the same Jacobian);
 *   log σ_t  log σ̂_t ± z SE(log σ̂_t) (the scale ML's intervals behave best on).
 * An interval that does not exist (no estimate, or no SE — e.g. ML with σ̂² on the boundary 0) counts as not
 * covering, and the number of intervals that exist is reported beside the share, so nothing is dropped.
 * Monte-Carlo SE of a share c over R replicates: √(c(1 − c)/R).
 */
import type { FitResult } from "@glmmkit/core";

const Z_975 = 1.959963984540054;

export interface CoverageTruth {
  readonly beta: readonly number[];
  /** σ² of each scalar random-effects term. */
  readonly sigma2: readonly number[];
}

/** Per parameter (β_1…β_p, then σ²_1…, then log σ_1…): does the interval exist, and does it cover? */
export interface CoverageOutcome {
  readonly names: readonly string[];
  readonly defined: readonly boolean[];
  readonly covered: readonly boolean[];
}

export interface CoverageShare {
  readonly parameter: string;
  readonly truth: number;
  /** Share of all replicates whose interval exists and covers. */
  readonly coverage: number;
  readonly monteCarloSe: number;
  /** Replicates with an interval (finite estimate and SE). */
  readonly defined: number;
  readonly replicates: number;
}

function outcome(estimate: number, se: number, truth: number): [boolean, boolean] {
  if (!Number.isFinite(estimate) || !(se > 0) || !Number.isFinite(se)) return [false, false];
  return [true, Math.abs(estimate - truth) <= Z_975 * se];
}

export function waldOutcome(fit: FitResult, truth: CoverageTruth): CoverageOutcome {
  const names: string[] = [];
  const defined: boolean[] = [];
  const covered: boolean[] = [];
  const add = (name: string, [d, c]: [boolean, boolean]) => {
    names.push(name);
    defined.push(d);
    covered.push(c);
  };
  truth.beta.forEach((b, k) => add(fit.betaNames[k] ?? `beta${k + 1}`, outcome(fit.beta[k]!, fit.betaStdErrors[k]!, b)));
  truth.sigma2.forEach((s2, t) => {
    const logSigma = fit.psi[t]!;
    const sigma2 = Math.exp(2 * logSigma);
    add(`sigma2(${t + 1})`, outcome(sigma2, 2 * sigma2 * fit.psiStdErrors[t]!, s2));
  });
  truth.sigma2.forEach((s2, t) => add(`log sigma(${t + 1})`, outcome(fit.psi[t]!, fit.psiStdErrors[t]!, 0.5 * Math.log(s2))));
  return { names, defined, covered };
}

export function coverageShares(outcomes: readonly CoverageOutcome[], truth: CoverageTruth): CoverageShare[] {
  const first = outcomes[0];
  if (first === undefined) return [];
  const truths = [...truth.beta, ...truth.sigma2, ...truth.sigma2.map((s2) => 0.5 * Math.log(s2))];
  const R = outcomes.length;
  return first.names.map((parameter, k) => {
    const covered = outcomes.filter((o) => o.covered[k]).length;
    const c = covered / R;
    return {
      parameter,
      truth: truths[k]!,
      coverage: c,
      monteCarloSe: Math.sqrt((c * (1 - c)) / R),
      defined: outcomes.filter((o) => o.defined[k]).length,
      replicates: R,
    };
  });
}
