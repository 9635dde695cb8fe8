import { finiteDifferenceHessian } from "./finite-difference-hessian.js";
import { stoppedMessage, type MinimizeOptions, type Objective } from "./objective.js";

/** Thrown by a CountedObjective whose signal is aborted; the minimisers catch it and stop. */
export class StopRequested extends Error {
  constructor(readonly reason: unknown) {
    super("stop requested");
  }
}

/** The minimiser's stop message for a StopRequested; any other error is rethrown. */
export function stopMessageFor(error: unknown): string {
  if (error instanceof StopRequested) return stoppedMessage(error.reason);
  throw error;
}

/**
 * Wraps an `Objective` to count evaluations and to route value+gradient requests through the
 * fused `valueAndGradient` when the objective has one (a Laplace likelihood computes both from
 * the same conditional modes, so separate calls would repeat the inner PIRLS loop).
 */
export class CountedObjective {
  functionEvaluations = 0;
  gradientEvaluations = 0;
  hessianEvaluations = 0;
  readonly dim: number;

  constructor(
    private readonly objective: Objective,
    private readonly signal?: MinimizeOptions["signal"],
  ) {
    this.dim = objective.dim;
  }

  /** Throw StopRequested when the signal is aborted (checked before every evaluation). */
  checkSignal(): void {
    if (this.signal?.aborted) throw new StopRequested(this.signal.reason);
  }

  value(x: Float64Array): number {
    this.checkSignal();
    this.functionEvaluations++;
    return this.objective.value(x);
  }

  gradient(x: Float64Array, out: Float64Array): void {
    this.checkSignal();
    this.gradientEvaluations++;
    this.objective.gradient(x, out);
  }

  /**
   * Value and gradient at x. Without a fused evaluation the gradient is skipped when the value is
   * not finite (the point will be rejected), and `out` is left untouched.
   */
  valueAndGradient(x: Float64Array, out: Float64Array): number {
    this.checkSignal();
    if (this.objective.valueAndGradient !== undefined) {
      this.functionEvaluations++;
      this.gradientEvaluations++;
      return this.objective.valueAndGradient(x, out);
    }
    const v = this.value(x);
    if (Number.isFinite(v)) this.gradient(x, out);
    return v;
  }

  /** True when value and gradient come from one call, so a trial point should get both at once. */
  get fused(): boolean {
    return this.objective.valueAndGradient !== undefined;
  }

  /** The objective's cheaper step Hessian when it has one, else `hessian`. */
  stepHessian(x: Float64Array, out: Float64Array): void {
    if (this.objective.stepHessian === undefined) {
      this.hessian(x, out);
      return;
    }
    this.hessianEvaluations++;
    this.objective.stepHessian(x, out);
  }

  /** Analytic Hessian when available, otherwise central differences of the gradient. */
  hessian(x: Float64Array, out: Float64Array): void {
    this.checkSignal();
    this.hessianEvaluations++;
    if (this.objective.hessian !== undefined) {
      this.objective.hessian(x, out);
      return;
    }
    finiteDifferenceHessian((point, g) => this.gradient(point, g), x, out);
  }
}
