/** What every estimator returns, and what the formatters print. */

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
}
export type RandomEffects = readonly RandomEffectsTable[];

/** Flags for estimates at or heading to the edge of the parameter space. */
export interface BoundaryFlag {
  /** Parameter name, e.g. "(Intercept)" or "sd(block)" or "cor(patientID: (Intercept), time)". */
  readonly parameter: string;
  readonly kind: "large-beta" | "sd-zero" | "sd-infinite" | "correlation-one" | "diverging" | "flat";
  readonly message: string;
}

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
  /** Separation report (filled by the separation issue's pre-fit check; null when not run). */
  readonly separation: unknown;
  /** Human-readable warnings; empty for a clean fit. */
  readonly warnings: readonly string[];
  /** Extra, estimator-specific details (penalty value, λ path, ...). */
  readonly extra?: Readonly<Record<string, unknown>>;
}

export interface FitResult {
  readonly estimator: string;
  readonly formula: string;
  readonly n: number;
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
}
