/**
 * The contract between a function to minimise and the minimisers of this package.
 * Vectors are flat `Float64Array`s; matrices are dense column-major `Float64Array`s.
 */
export interface Objective {
  readonly dim: number;
  /** The function to MINIMISE; may return Infinity/NaN outside its domain. */
  value(x: Float64Array): number;
  /** Write ∇f(x) into `out`. */
  gradient(x: Float64Array, out: Float64Array): void;
  /** dim×dim, column-major, symmetric. When absent, Newton uses central differences of the gradient. */
  hessian?(x: Float64Array, out: Float64Array): void;
  /**
   * Optional cheaper Hessian (e.g. one-sided differences) for choosing steps; Newton with `hessianUpdates`
   * uses it for the evaluations inside the iteration and `hessian` at the point it returns.
   */
  stepHessian?(x: Float64Array, out: Float64Array): void;
  /** Optional fused evaluation (implementations that compute value and gradient together). */
  valueAndGradient?(x: Float64Array, out: Float64Array): number;
}

/** What a minimiser reports after each iteration. */
export interface IterationInfo {
  /** Number of accepted steps so far (1 after the first step). */
  iteration: number;
  /** Objective value at the accepted point. */
  value: number;
  /** max |∇| at the accepted point. */
  maxAbsGradient: number;
  /** Accepted line-search step length α along the search direction (1 = full step). */
  step: number;
}

/** Stopping rule, step limit and progress callback of a minimiser. */
export interface MinimizeOptions {
  /** Convergence threshold on max |∇|; default 1e-6. */
  gradientTolerance?: number;
  /** Default 200 (newton) / 1000 (bfgs). */
  maxIterations?: number;
  /**
   * Largest ‖d‖∞ of a search direction; longer directions are scaled down to it (default 10),
   * so that a far step on a flat objective cannot jump to overflow.
   */
  maxStep?: number;
  /**
   * newton only: carry the Hessian between evaluations by BFGS updates, evaluating it at the start, after
   * a shortened step, every `refreshEvery` steps (default 4) and at the returned point. For objectives whose
   * Hessian costs many gradient evaluations.
   */
  hessianUpdates?: { refreshEvery?: number };
  /** bfgs only: dim×dim column-major, symmetric positive definite starting inverse Hessian. */
  initialInverseHessian?: Float64Array;
  /** Called after every iteration (progress, tracing). */
  onIteration?: (info: IterationInfo) => void;
  /**
   * Polled before every iteration and every evaluation (an AbortSignal qualifies): once aborted, the
   * minimiser returns its last accepted point, not converged, with the reason in `message`.
   */
  signal?: { readonly aborted: boolean; readonly reason?: unknown };
}

/** Where a minimiser stopped and whether it converged. */
export interface MinimizeResult {
  x: Float64Array;
  value: number;
  gradient: Float64Array;
  maxAbsGradient: number;
  /** true ONLY if max|∇| < tolerance at an accepted point. */
  converged: boolean;
  iterations: number;
  /** Counts every evaluation of the value, including those made by `valueAndGradient`. */
  functionEvaluations: number;
  /** Counts every gradient evaluation, including `valueAndGradient` and finite-difference Hessians. */
  gradientEvaluations: number;
  hessianEvaluations: number;
  /**
   * How far the Hessian had to be modified to be positive definite (newton: the largest eigenvalue shift
   * in the Jacobi-scaled metric, see `newtonDirection`; 0 for pure Newton steps and for bfgs).
   */
  maxRidge: number;
  /** Why it stopped; one of `stopMessages`. */
  message: string;
  /** Hessian evaluated at the returned x (newton). */
  hessian?: Float64Array;
}

/** The reasons a minimiser stops, so that callers can compare without repeating string literals. */
export const stopMessages = {
  converged: "gradient tolerance reached",
  maxIterations: "maximum iterations reached",
  nonFiniteStart: "non-finite value at start",
  nonFiniteGradientStart: "non-finite gradient at start",
  nonFiniteLineSearch: "line search failed: non-finite values along the search direction",
  noProgress: "line search failed: function value no longer decreases at a machine-precision step",
  stopped: "stopped early",
} as const;

/** `stopped early: <reason>` for an aborted signal. */
export function stoppedMessage(reason: unknown): string {
  const text = reason instanceof Error ? reason.message : reason === undefined ? "" : String(reason);
  return text === "" ? stopMessages.stopped : `${stopMessages.stopped}: ${text}`;
}

/** Convergence: max |∇| below this (1e-6). */
export const DEFAULT_GRADIENT_TOLERANCE = 1e-6;
/** Largest step length a minimiser takes by default. */
export const DEFAULT_MAX_STEP = 10;
