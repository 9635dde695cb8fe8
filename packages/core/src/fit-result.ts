/** What every estimator returns, and what the formatters print. */
import type { DesignRecipe } from "./design-recipe.js";
import type { ConfidenceIntervals } from "./confidence-intervals.js";
import type { EstimatorKind, SamplingReport, StochasticApproximationReport } from "./stochastic-reports.js";

/** One random-effects term's covariance, reported on the natural scale. */
export interface Covariance {
  readonly group: string;
  readonly termNames: readonly string[];
  /** Σ (q × q, column-major). */
  readonly sigma: Float64Array;
  /** Standard deviations √Σ_kk. */
  readonly sd: Float64Array;
  /** Correlations (q × q, column-major; ones on the diagonal). */
  readonly correlation: Float64Array;
}

/** Conditional modes of the random effects on the b scale (b = L u), per term. */
export interface RandomEffectsTable {
  readonly group: string;
  readonly termNames: readonly string[];
  readonly levels: readonly string[];
  /** levels.length × q, row-major. */
  readonly values: Float64Array;
  /**
   * Conditional standard deviations of the modes (levels.length × q, row-major): the square roots of the
   * diagonal of Λ (H⁻¹)_jj Λᵀ at the estimate, lme4's condVar / ranef(condVar = TRUE).
   */
  readonly conditionalSd?: Float64Array;
}
/** The conditional modes of every random-effects term. */
export type RandomEffects = readonly RandomEffectsTable[];

/** Flags for estimates at or heading to the edge of the parameter space. */
export interface BoundaryFlag {
  /** Parameter name, e.g. "(Intercept)" or "sd(block)" or "cor(patientID: (Intercept), time)". */
  readonly parameter: string;
  readonly kind: "large-beta" | "sd-zero" | "sd-infinite" | "correlation-one" | "singular" | "approximation" | "diverging" | "flat";
  readonly message: string;
}

/**
 * What a separation linear program found for one design matrix (Konis 2007): structurally the part of
 * `@glmmkit/separation-detect`'s report that a fit carries, so core needs no dependency on the LP package.
 */
export interface SeparationFinding {
  readonly separated: boolean;
  readonly kind: "none" | "complete" | "quasi-complete";
  readonly columnNames: readonly string[];
  /** Per column: 0 when the ML estimate is finite, +Infinity / −Infinity when it diverges, NaN when aliased. */
  readonly estimates: readonly number[];
  /** 0-based data rows on the separating hyperplane (empty when complete or not separated). */
  readonly hyperplaneRows: readonly number[];
  readonly notes: readonly string[];
  /**
   * What decided it: "finite-maximiser certificate" (the GLM's finite maximiser proven by an IRLS fit and a
   * Newton-ball bound, no LP) or "LP" (Konis; "LP (constraint generation)" on many rows). Absent: "LP".
   */
  readonly route?: string;
}

/** Cluster-level picture for one random-effects term: risk indicators, never a proof of infinite estimates. */
export interface ClusterSeparationFinding {
  readonly group: string;
  readonly clusters: number;
  /** Levels whose observations are all failures (y = 0). */
  readonly allFailures: readonly string[];
  /** Levels whose observations are all successes (y = m). */
  readonly allSuccesses: readonly string[];
  /** The LP on [X Z] (X with the cluster indicator columns); null when it was not run. */
  readonly augmented: SeparationFinding | null;
  /** Why [X Z] was not run, or other remarks. */
  readonly notes: readonly string[];
}

/** How one parameter of θ = (β, ψ) behaved along refits with more iterations and tighter tolerances. */
export interface ParameterDivergence {
  /** Name from the parameter layout: a β name or e.g. "log_sd(block)". */
  readonly parameter: string;
  readonly status: "diverging" | "weakly-identified" | "finite" | "unsettled";
  /** Sign of the drift for a diverging parameter (+1 towards +∞, −1 towards −∞), else 0. */
  readonly direction: 1 | -1 | 0;
  /** Estimate after each fit of the ladder (the checked fit first). */
  readonly estimates: readonly number[];
  /** Standard error after each fit of the ladder (NaN where unavailable). */
  readonly standardErrors: readonly number[];
  readonly message: string;
}

/** One fit of the divergence check's ladder. */
export interface DivergenceRefit {
  readonly maxIterations: number | null;
  readonly gradientTolerance: number | null;
  readonly converged: boolean;
  readonly iterations: number;
  readonly maxAbsGradient: number;
  readonly logLik: number;
}

/** The post-fit divergence check (detectseparation's check_infinite_estimates, extended to (β, ψ)). */
export interface DivergenceCheckFinding {
  readonly verdict: "diverging" | "finite-flat" | "finite" | "unresolved";
  readonly refits: readonly DivergenceRefit[];
  readonly parameters: readonly ParameterDivergence[];
  /** One-paragraph conclusion in words. */
  readonly message: string;
}

/** The separation checks a fit carries: LP certificate, cluster indicators, divergence check. */
export interface SeparationDiagnostics {
  /** The LP on X alone: a certificate — when X is separated the GLMM's ML estimates of β are infinite too. */
  readonly fixedEffects: SeparationFinding | null;
  /** Cluster-level risk indicators per random-effects term (empty when not run). */
  readonly clusters: readonly ClusterSeparationFinding[];
  /** Post-fit divergence check; null when it was not run. */
  readonly divergence: DivergenceCheckFinding | null;
}

/** How a fit ended: gradient, curvature, ridge, boundary flags, separation findings and warnings. */
export interface Diagnostics {
  /** max |∇| of the objective at the returned estimate. */
  readonly maxAbsGradient: number;
  /** Smallest eigenvalue of the negative Hessian of the objective (information) at the estimate. */
  readonly hessianMinEigenvalue: number;
  /** Condition number of that information matrix (∞ when singular). */
  readonly hessianCondition: number;
  /** Largest ridge added to the Hessian during Newton steps (0 when none was needed). */
  readonly ridgeAdded: number;
  /** Likelihood approximation: "Laplace" or "adaptive Gauss-Hermite (nAGQ = 25)" or "exact (GLM)". */
  readonly approximation: string;
  readonly optimizer: string;
  readonly boundary: readonly BoundaryFlag[];
  /** Separation and divergence findings (pre-fit LP certificate, cluster indicators, post-fit check); null when not run. */
  readonly separation: SeparationDiagnostics | null;
  /** Human-readable warnings; empty for a clean fit. */
  readonly warnings: readonly string[];
  /** Extra, estimator-specific details (penalty value, λ path, ...). */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** Rows of the data set aside before the fit, by reason, with their 1-based data-row numbers. */
export interface OmittedRowsReport {
  readonly reason: string;
  readonly count: number;
  readonly rows: Int32Array;
}

/** How many rows were read and which were set aside (for a stated reason) before fitting. */
export interface DataReport {
  readonly rowsRead: number;
  readonly omitted: readonly OmittedRowsReport[];
}

/** What every estimator returns and every formatter prints. */
export interface FitResult {
  readonly estimator: string;
  /** How the estimate was obtained (absent: maximised likelihood or penalised likelihood). */
  readonly kind?: EstimatorKind;
  /** Binomial link of the model ("logit" for every GLMM here; jeffreys-glm offers four more). */
  readonly link?: string;
  readonly formula: string;
  readonly n: number;
  /** Rows read and rows set aside before fitting (absent in results built without a frame's row report). */
  readonly data?: DataReport;
  readonly groups: readonly { readonly group: string; readonly levels: number }[];
  readonly beta: Float64Array;
  readonly betaNames: readonly string[];
  /** Log-Cholesky parameters of every term (see parameter-layout.ts). */
  readonly psi: Float64Array;
  readonly covariances: readonly Covariance[];
  /** Covariance of (β, ψ) estimates, dim × dim column-major; null when the information is singular. */
  readonly vcov: Float64Array | null;
  /** Standard errors of β (NaN where unavailable). */
  readonly betaStdErrors: Float64Array;
  /** Standard errors of ψ (NaN where unavailable). */
  readonly psiStdErrors: Float64Array;
  /** Approximate marginal log-likelihood at the estimate (with the binomial constants). */
  readonly logLik: number;
  /** Number of estimated parameters (for AIC/BIC). */
  readonly df: number;
  /** Value of the maximised objective (logLik plus penalties; equals logLik for ML). */
  readonly objective: number;
  readonly ranef: RandomEffects;
  readonly converged: boolean;
  readonly iterations: number;
  readonly diagnostics: Diagnostics;
  /** What rebuilds the model matrix for new data (glmm predict); absent for frames made by hand. */
  readonly design?: DesignRecipe;
  /**
   * How the standard errors were obtained, in words: the observed information of the Laplace / AGQ
   * log-likelihood in θ = (β, ψ), the unpenalised Hessian at a penalised estimate, … (absent: not stated).
   */
  readonly standardErrorBasis?: string;
  /** Intervals computed after the fit (`--ci`); absent unless asked for. */
  readonly confidenceIntervals?: ConfidenceIntervals;
  /** Posterior sampler (`mcmc`): every parameter's posterior summary and the chains' diagnostics. */
  readonly sampling?: SamplingReport;
  /** Stochastic approximation (`imsa`, `scoresa`): settings, monitor, optional trace. */
  readonly stochasticApproximation?: StochasticApproximationReport;
}
