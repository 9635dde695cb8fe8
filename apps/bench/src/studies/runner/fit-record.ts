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
  /**
   * The interval each figure of coverage uses: the estimator's own — the 95 % equal-tailed credible
   * interval of a posterior sampler, Wald (β̂ ± z·SE) otherwise.
   */
  readonly intervalKind: "wald" | "credible";
  readonly betaLower: readonly number[];
  readonly betaUpper: readonly number[];
  /** "sd(group)" for scalar terms, "sd(group:term)" otherwise. */
  readonly sdNames: readonly string[];
  readonly sd: readonly number[];
  /** SE of log σ for scalar terms (the log-Cholesky ψ entry), NaN otherwise. */
  readonly logSdSe: readonly number[];
  /** A sampler's 95 % credible interval of each SD (NaN for other estimators: theirs is log σ̂ ± z·SE). */
  readonly sdLower: readonly number[];
  readonly sdUpper: readonly number[];
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

/** A posterior sampler's summary of one parameter, as the `mcmc` estimator reports it (FitResult.sampling). */
interface PosteriorInterval {
  readonly name: string;
  readonly lower: number;
  readonly upper: number;
}

/** The credible intervals of a sampler's fit by parameter name ("x", "sd(g: (Intercept))"); null for other estimators. */
function credibleIntervals(fit: FitResult): Map<string, PosteriorInterval> | null {
  const sampling = (fit as { readonly sampling?: { readonly parameters?: readonly PosteriorInterval[] } }).sampling;
  if (sampling?.parameters === undefined) return null;
  return new Map(sampling.parameters.map((p) => [p.name, p]));
}

function sdRecord(fit: FitResult, credible: Map<string, PosteriorInterval> | null) {
  const names: string[] = [];
  const sd: number[] = [];
  const logSdSe: number[] = [];
  const sdLower: number[] = [];
  const sdUpper: number[] = [];
  let offset = 0;
  for (const cov of fit.covariances) {
    const q = cov.termNames.length;
    cov.termNames.forEach((term, k) => {
      names.push(q === 1 ? `sd(${cov.group})` : `sd(${cov.group}:${term})`);
      sd.push(cov.sd[k]!);
      logSdSe.push(q === 1 ? fit.psiStdErrors[offset]! : Number.NaN);
      const interval = credible?.get(`sd(${cov.group}: ${term})`);
      sdLower.push(interval?.lower ?? Number.NaN);
      sdUpper.push(interval?.upper ?? Number.NaN);
    });
    offset += (q * (q + 1)) / 2;
  }
  return { names, sd, logSdSe, sdLower, sdUpper };
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

/**
 * The lower or upper 95 % bound of each β: Wald β̂ ∓ z·SE, or the sampler's credible bound (NaN when it has
 * none). A loop, not map with arrows made per fit (closures made per call lose their optimised code).
 */
function betaBounds(
  fit: FitResult,
  beta: readonly number[],
  betaSe: readonly number[],
  credible: Map<string, PosteriorInterval> | null,
  side: "lower" | "upper",
): number[] {
  const bounds: number[] = [];
  for (let k = 0; k < beta.length; k++) {
    const b = beta[k]!;
    if (credible === null) bounds.push(side === "lower" ? b - Z_975 * betaSe[k]! : b + Z_975 * betaSe[k]!);
    else bounds.push(credible.get(fit.betaNames[k]!)?.[side] ?? Number.NaN);
  }
  return bounds;
}

export function fitRecord(fit: FitResult, frame: ModelFrame): FitRecord {
  const beta = Array.from(fit.beta);
  const betaSe = Array.from(fit.betaStdErrors);
  const credible = credibleIntervals(fit);
  const { names, sd, logSdSe, sdLower, sdUpper } = sdRecord(fit, credible);
  const separation = fit.diagnostics.separation;
  return {
    converged: fit.converged,
    iterations: fit.iterations,
    maxAbsGradient: fit.diagnostics.maxAbsGradient,
    betaNames: [...fit.betaNames],
    beta,
    betaSe,
    intervalKind: credible === null ? "wald" : "credible",
    betaLower: betaBounds(fit, beta, betaSe, credible, "lower"),
    betaUpper: betaBounds(fit, beta, betaSe, credible, "upper"),
    sdNames: names,
    sd,
    logSdSe,
    sdLower,
    sdUpper,
    flags: fit.diagnostics.boundary.map((flag) => `${flag.kind}:${flag.parameter}`),
    separation: separation?.fixedEffects?.kind ?? null,
    divergence: separation?.divergence?.verdict ?? null,
    diverging: fit.diagnostics.boundary.filter((flag) => flag.kind === "diverging").map((flag) => flag.parameter),
    extra: numericExtras(fit),
    data: dataFacts(frame),
  };
}
