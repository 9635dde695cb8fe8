/**
 * Reuse of a penalty's Hessian between Newton steps (a Shamanskii / chord scheme on the penalty part).
 * The likelihood's curvature is exact at every step and the gradient is always exact, so the optimum and
 * the convergence test are unchanged; only the Newton model of the penalty may be a few steps old. The
 * Jeffreys penalty's exact Hessian costs O(n p³/6) per evaluation — more than the Laplace Hessian — and
 * changes slowly, because it is O(p) against the O(n) log-likelihood curvature.
 * It is refreshed at the first step, after any step the line search had to shorten (the model was poor),
 * and after `maxReuses` reuses. Callers report curvature with `exactAt`, never with the cached matrix.
 */
import type { PenaltyTerm } from "./penalised-objective.js";

/** A penalty Hessian reused for up to `maxReuses` Newton steps (see the file header). */
export class PenaltyCurvatureCache {
  private readonly cached: Float64Array;
  private hasCached = false;
  private reuses = 0;
  /**
   * The last accepted step length; NaN before the first (compares like the full step 1: not < 1). Never a
   * small integer at first: a field that starts as 1 and later holds 0.5 changes representation mid-run,
   * which deoptimises every function that has the object's old map inlined.
   */
  private lastStep = Number.NaN;
  /** Whether the matrix handed out by the last `hessian` call was evaluated at that point. */
  lastWasExact = false;

  constructor(
    private readonly penalty: PenaltyTerm,
    private readonly dim: number,
    private readonly maxReuses = 3,
  ) {
    this.cached = new Float64Array(dim * dim);
  }

  /** The penalty curvature to build a Newton step from at θ. */
  hessian(theta: Float64Array, out: Float64Array): void {
    if (!this.hasCached || this.lastStep < 1 || this.reuses >= this.maxReuses) {
      this.penalty.hessian(theta, this.cached);
      this.hasCached = true;
      this.reuses = 0;
      this.lastWasExact = true;
    } else {
      this.reuses++;
      this.lastWasExact = false;
    }
    out.set(this.cached);
  }

  /** The matrix the last `hessian` call handed out. */
  lastHandedOut(): Float64Array {
    return this.cached;
  }

  /** Record the step length the line search accepted (1 = full Newton step). */
  recordStep(step: number): void {
    this.lastStep = step;
  }

  /** The exact penalty Hessian at θ (for reporting). */
  exactAt(theta: Float64Array, out: Float64Array): void {
    this.penalty.hessian(theta, out);
  }

  get dimension(): number {
    return this.dim;
  }
}
