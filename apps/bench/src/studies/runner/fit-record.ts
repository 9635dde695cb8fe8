/**
 * What a study keeps of one fit: estimates, standard errors and 95 % intervals of β, the random-effects
 * SDs (and the SEs of their logs), convergence, boundary and separation flags, the estimator's numeric
 * extras (λ chosen, penalty value), and facts of the data set that tables need (perfectly predicted
 * clusters). Everything here is a pure function of the fit, so the same fit gives the same record bytes;
 * wall-clock seconds are kept apart (see StoredRow).
 */
import type { FitResult, ModelFrame } from "@glmmkit/core";
import { countPerfectlyPredictedClusters } from "@glmmkit/simulate";

/** z_{0.975}: Wald intervals β̂ ± z·SE. */
const Z_975 = 1.959963984540054;

export interface FitRecord {
  readonly converged: boolean;
  readonly iterations: number;
  readonly maxAbsGradient: number;
  readonly betaNames: readonly string[];
  readonly beta: readonly number[];
  readonly betaSe: readonly number[];
  /** The interval each figure of coverage uses: the estimator's own (Wald from its reported SEs). */
  readonly intervalKind: "wald";
  readonly betaLower: readonly number[];
  readonly betaUpper: readonly number[];
  /** "sd(group)" for scalar terms, "sd(group:term)" otherwise. */
  readonly sdNames: readonly string[];
  readonly sd: readonly number[];
  /** SE of log σ for scalar terms (the log-Cholesky ψ entry), NaN otherwise. */
  readonly logSdSe: readonly number[];
  /** Boundary flags as "kind:parameter". */
  readonly flags: readonly string[];
  /** LP certificate on X ("none" | "complete" | "quasi-complete"; null when not run). */
  readonly separation: string | null;
  /** Verdict of the post-fit divergence check; null when it did not run. */
  readonly divergence: string | null;
  /** Parameters the checks found heading to ±∞. */
  readonly diverging: readonly string[];
  /** Finite numeric extras the estimator reports (λ, penalty value, ...). */
  readonly extra: Readonly<Record<string, number>>;
  readonly data: {
    readonly rows: number;
    readonly successes: number;
    readonly clusters: number;
    readonly perfectlyPredictedClusters: number;
  };
}

function sdRecord(fit: FitResult): { names: string[]; sd: number[]; logSdSe: number[] } {
  const names: string[] = [];
  const sd: number[] = [];
  const logSdSe: number[] = [];
  let offset = 0;
  for (const cov of fit.covariances) {
    const q = cov.termNames.length;
    cov.termNames.forEach((term, k) => {
      names.push(q === 1 ? `sd(${cov.group})` : `sd(${cov.group}:${term})`);
      sd.push(cov.sd[k]!);
      logSdSe.push(q === 1 ? fit.psiStdErrors[offset]! : Number.NaN);
    });
    offset += (q * (q + 1)) / 2;
  }
  return { names, sd, logSdSe };
}

function dataFacts(frame: ModelFrame): FitRecord["data"] {
  let successes = 0;
  for (let i = 0; i < frame.n; i++) successes += frame.y[i]!;
  const clustered = frame.terms.length > 0;
  return {
    rows: frame.n,
    successes,
    clusters: clustered ? frame.terms[0]!.levels.length : 0,
    perfectlyPredictedClusters: clustered ? countPerfectlyPredictedClusters(frame, 0) : 0,
  };
}

function numericExtras(fit: FitResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(fit.diagnostics.extra ?? {})) {
    if (typeof value === "number" && Number.isFinite(value)) out[key] = value;
  }
  return out;
}

export function fitRecord(fit: FitResult, frame: ModelFrame): FitRecord {
  const beta = Array.from(fit.beta);
  const betaSe = Array.from(fit.betaStdErrors);
  const { names, sd, logSdSe } = sdRecord(fit);
  const separation = fit.diagnostics.separation;
  return {
    converged: fit.converged,
    iterations: fit.iterations,
    maxAbsGradient: fit.diagnostics.maxAbsGradient,
    betaNames: [...fit.betaNames],
    beta,
    betaSe,
    intervalKind: "wald",
    betaLower: beta.map((b, k) => b - Z_975 * betaSe[k]!),
    betaUpper: beta.map((b, k) => b + Z_975 * betaSe[k]!),
    sdNames: names,
    sd,
    logSdSe,
    flags: fit.diagnostics.boundary.map((flag) => `${flag.kind}:${flag.parameter}`),
    separation: separation?.fixedEffects?.kind ?? null,
    divergence: separation?.divergence?.verdict ?? null,
    diverging: fit.diagnostics.boundary.filter((flag) => flag.kind === "diverging").map((flag) => flag.parameter),
    extra: numericExtras(fit),
    data: dataFacts(frame),
  };
}
