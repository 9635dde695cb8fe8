/**
 * What the stochastic estimators add to a FitResult, as typed fields the summary and the JSON read
 * (DESIGN.md: "let the report read typed fields, not prose keys"): a posterior sampler's table of every
 * parameter with its convergence diagnostics, and a stochastic-approximation run's settings, monitor and
 * optional per-iteration trace. Nothing here depends on wall-clock time, so the same seed gives the same
 * bytes.
 */

/** How an estimator arrives at its estimate (DESIGN.md "Estimators are compositions"); the last two are stochastic. */
export type EstimatorKind = "likelihood" | "penalised" | "sampler" | "stochastic-approximation";

/** One parameter's posterior summary and convergence diagnostics (Vehtari et al. 2021). */
export interface PosteriorParameter {
  /** A β name, "sd(group: term)" or "cor(group: a, b)". */
  readonly name: string;
  readonly mean: number;
  readonly median: number;
  /** Posterior standard deviation. */
  readonly sd: number;
  /** Equal-tailed 95 % credible interval. */
  readonly lower: number;
  readonly upper: number;
  /** Rank-normalised split-R̂ (max of bulk and folded). */
  readonly rhat: number;
  readonly essBulk: number;
  readonly essTail: number;
}

export interface SamplingReport {
  /** "NUTS (diagonal metric; Stan's warm-up)". */
  readonly method: string;
  readonly seed: string;
  readonly chains: number;
  /** Warm-up iterations per chain (discarded). */
  readonly warmup: number;
  /** Kept draws per chain. */
  readonly draws: number;
  /** The priors, one line each. */
  readonly priors: readonly string[];
  readonly parameters: readonly PosteriorParameter[];
  /** Divergent transitions after warm-up, per chain. */
  readonly divergences: readonly number[];
  /** Kept iterations whose tree reached the maximum depth, per chain. */
  readonly maxTreeDepthHits: readonly number[];
  readonly maxTreeDepth: number;
  /** Step size after warm-up, per chain. */
  readonly stepSizes: readonly number[];
  /** Mean acceptance statistic of the kept iterations, per chain. */
  readonly meanAcceptance: readonly number[];
  /** Gradient evaluations, per chain. */
  readonly gradientEvaluations: readonly number[];
}

export interface StochasticApproximationTrace {
  /** Names of the traced parameters (the SA scale: β, then σ² or log σ per effect, Σ entries for q > 1). */
  readonly names: readonly string[];
  /** θ_t for t = 1…T, one row per iteration. */
  readonly theta: readonly (readonly number[])[];
  /** ‖H_t‖∞ per iteration (H_t the update direction). */
  readonly norms: readonly number[];
  /** The monitor per iteration: ‖mean of H over the last `window` iterations‖∞ (NaN until the window fills). */
  readonly rollingMeans: readonly number[];
  /** Acceptance rate of the imputation sampler per iteration, averaged over chains. */
  readonly acceptance: readonly number[];
}

export interface StochasticApproximationReport {
  /** "IMSA", "IMSA-log" or "ScoreSA". */
  readonly method: string;
  readonly seed: string;
  readonly iterations: number;
  /** Imputation chains m. */
  readonly chains: number;
  /** MALA steps per iteration and chain. */
  readonly malaSteps: number;
  /** Iteration after which the MALA proposal is preconditioned by [∇²Q(0)]⁻¹. */
  readonly preconditionAfter: number;
  /** "1/t" or "min(1/t, 1/t0)". */
  readonly gain: string;
  /** The scale the variance components are updated on: "variance" (σ², Σ) or "log-sd" (log σ). */
  readonly scale: "variance" | "log-sd";
  /** The M-step of each variance component, in words (e.g. Σ̂ = (1/J) Σ_j u_j u_jᵀ for a q > 1 term). */
  readonly mStep: readonly string[];
  /** How the standard errors were obtained. */
  readonly standardErrors: string;
  readonly monitor: {
    readonly window: number;
    readonly threshold: number;
    /** Smallest value of the monitor ‖rolling mean of H‖∞. */
    readonly minimumRollingMean: number;
    /** Iteration where the monitor first fell below the threshold, or null. */
    readonly convergedAt: number | null;
    /** The monitor at a few checkpoints (every tenth of the run): [iteration, value]. */
    readonly checkpoints: readonly (readonly [number, number])[];
  };
  /** Overall MALA acceptance rate per chain, and its final step size. */
  readonly acceptance: readonly number[];
  readonly stepSizes: readonly number[];
  /** Per-iteration trace (when asked for). */
  readonly trace?: StochasticApproximationTrace;
}

/** True for the estimators whose result depends on a seed (FitContext.seed). */
export function isStochasticKind(kind: EstimatorKind | undefined): boolean {
  return kind === "sampler" || kind === "stochastic-approximation";
}
