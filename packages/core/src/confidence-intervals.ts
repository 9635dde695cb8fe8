/**
 * Confidence intervals after a fit (`glmm fit --ci wald|profile|boot`), as typed data the formatters and
 * the JSON share. Parameters are named as lme4's confint(oldNames = FALSE) names them: the fixed effects
 * by their coefficient names, random-effect SDs as "sd_(Intercept)|herd".
 */

export type IntervalMethod = "wald" | "profile" | "boot";

/**
 * How a bound was obtained: "found" (a value), "boundary" (the interval reaches the edge of the parameter
 * space, an SD of 0), "not-reached" (the profile or the bootstrap never crossed the cut within the range
 * searched: the bound lies beyond `value`, possibly at infinity), "unavailable" (no value: see the note).
 */
export type BoundStatus = "found" | "boundary" | "not-reached" | "unavailable";

export interface ParameterInterval {
  /** lme4's name: "(Intercept)", "period2", "sd_(Intercept)|herd", "sd_time|patientID". */
  readonly parameter: string;
  readonly kind: "beta" | "sd";
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly lowerStatus: BoundStatus;
  readonly upperStatus: BoundStatus;
  /** Why a bound is not a plain value, or anything else the reader must know about this row. */
  readonly note?: string;
}

/** The signed root deviance ζ(c) = sign(c − ĉ)·√(2(ℓ̂ − ℓ_p(c))) along one parameter's profile. */
export interface ProfileTrace {
  readonly parameter: string;
  /** The values c at which the profile was evaluated (natural scale: β, or σ), ascending. */
  readonly values: readonly number[];
  readonly zeta: readonly number[];
}

/**
 * How the refits make an interval: lme4's boot.type "perc" (quantiles) or "basic" (reflected, 2θ̂ − q), or
 * "bca" (quantiles at levels adjusted for bias and acceleration, Efron 1987), or "invert" (the SD by test inversion,
 * Carpenter 1999: the σ₀ whose simulated estimates fall beyond the observed one with probability α/2; the fixed
 * effects fall back to percentile intervals of the refits at the estimate).
 */
export type BootstrapType = "perc" | "basic" | "bca" | "invert";

/** Every bootstrap type, in the order the help lists them. */
export const BOOTSTRAP_TYPES: readonly BootstrapType[] = ["perc", "basic", "bca", "invert"];

/** What the test-inversion search (type "invert") did for the SD. */
export interface InversionSummary {
  /** The SD inverted ("sd_(Intercept)|herd"). */
  readonly parameter: string;
  /** σ₀ values tested (each with B simulated data sets). */
  readonly evaluations: number;
  /** Refits made, and refits reused because a replicate's data were the same at another σ₀. */
  readonly refits: number;
  readonly reused: number;
  /** Refits at any σ₀ that failed (left out of that σ₀'s counts). */
  readonly failed: number;
  /** The interval type of the fixed effects. */
  readonly fixedEffects: "perc";
}

/** What the BCa interval did to one parameter's quantile levels. */
export interface BcaLevels {
  readonly parameter: string;
  /** z0 = Φ⁻¹(share of refits below the estimate, ties counted half). */
  readonly biasCorrection: number;
  /** a, from the skewness of the delete-one-cluster jackknife. */
  readonly acceleration: number;
  /** The adjusted quantile levels of the lower and upper bounds. */
  readonly levels: readonly [number, number];
}

/** The delete-one-cluster jackknife behind a BCa interval's acceleration. */
export interface JackknifeSummary {
  /** What was left out one at a time: a grouping factor ("herd") or "row". */
  readonly unit: string;
  readonly refits: number;
  readonly failed: number;
  readonly failures: readonly string[];
}

/** What a parametric bootstrap did. */
export interface BootstrapSummary {
  readonly type: BootstrapType;
  readonly replicates: number;
  /** Replicates whose refit did not converge or failed: left out of the percentiles, and counted here. */
  readonly failed: number;
  readonly seed: string;
  /** One line per failed replicate kind: "12: optimiser stopped: maximum iterations reached". */
  readonly failures: readonly string[];
  /** Type "bca": the jackknife and the adjusted levels, parameter by parameter. */
  readonly jackknife?: JackknifeSummary;
  readonly bca?: readonly BcaLevels[];
  /** Type "invert": the search for the SD's bounds. */
  readonly inversion?: InversionSummary;
}

export interface ConfidenceIntervals {
  readonly method: IntervalMethod;
  /** Coverage level, e.g. 0.95. */
  readonly level: number;
  /** What the intervals rest on, in words (the SE convention, the profiled likelihood, the bootstrap). */
  readonly basis: string;
  readonly intervals: readonly ParameterInterval[];
  readonly notes: readonly string[];
  /** Profile traces (method "profile"). */
  readonly profiles?: readonly ProfileTrace[];
  /** Bootstrap bookkeeping (method "boot"). */
  readonly bootstrap?: BootstrapSummary;
}
