/**
 * Minimisation objective −(ℓ(θ) + P(θ)) from an approximate log-likelihood and an optional penalty
 * (a sum of penalties is itself one penalty). The likelihood's gradient is exact; its Hessian is the
 * central difference of that gradient (see GlmmLikelihood.hessian); penalties contribute exact Hessians.
 */
import type { Objective } from "@glmmkit/optimizers";
import type { PenaltyCurvatureCache } from "./penalty-curvature-cache.js";

/**
 * What the fit needs from a log-likelihood ℓ(θ): `GlmmLikelihood` itself, or a profile of it with one
 * quantity held fixed (inference/profiled-likelihood.ts), so both are maximised by the same Newton path.
 */
export interface LogLikelihoodFunction {
  readonly dim: number;
  /** True when `hessian` is analytic (else differences of the exact gradient). */
  readonly exactHessian: boolean;
  logLik(theta: Float64Array): number;
  logLikAndGradient(theta: Float64Array, gradient: Float64Array): number;
  /** ∇²ℓ(θ), accurate enough for standard errors. */
  hessian(theta: Float64Array, out: Float64Array): void;
  /** A cheaper ∇²ℓ(θ) for choosing Newton steps. */
  stepHessian(theta: Float64Array, out: Float64Array): void;
}

/** The part of a penalty this module needs (the full interface lives in @glmmkit/penalties). */
export interface PenaltyTerm {
  /** The penalty's value at θ. */
  value(theta: Float64Array): number;
  /** Write its gradient at θ into `out`. */
  gradient(theta: Float64Array, out: Float64Array): void;
  /** Write its Hessian at θ (dim × dim, column-major) into `out`. */
  hessian(theta: Float64Array, out: Float64Array): void;
}

/**
 * With a `curvature` cache the penalty's contribution to the Hessian may be a few steps old (see
 * penalty-curvature-cache.ts); without one it is exact.
 */
export function penalisedObjective(
  likelihood: LogLikelihoodFunction,
  penalty: PenaltyTerm | null = null,
  curvature: PenaltyCurvatureCache | null = null,
): Objective {
  return new PenalisedObjective(likelihood, penalty, curvature);
}

/**
 * −(ℓ + P) as a class, not an object of closures made per fit: closures made per call lose their optimised
 * code at each full GC and are compiled again; prototype methods are compiled once per thread.
 */
class PenalisedObjective implements Objective {
  readonly dim: number;
  private readonly penaltyGradient: Float64Array;
  private readonly penaltyHessian: Float64Array;

  constructor(
    private readonly likelihood: LogLikelihoodFunction,
    private readonly penalty: PenaltyTerm | null,
    private readonly curvature: PenaltyCurvatureCache | null,
  ) {
    const d = likelihood.dim;
    this.dim = d;
    this.penaltyGradient = new Float64Array(d);
    this.penaltyHessian = new Float64Array(d * d);
  }

  value(theta: Float64Array): number {
    let v = this.likelihood.logLik(theta);
    if (this.penalty !== null) v += this.penalty.value(theta);
    return Number.isFinite(v) ? -v : Number.POSITIVE_INFINITY;
  }

  gradient(theta: Float64Array, out: Float64Array): void {
    this.valueAndGradient(theta, out);
  }

  valueAndGradient(theta: Float64Array, out: Float64Array): number {
    const d = this.dim;
    const penalty = this.penalty;
    let v = this.likelihood.logLikAndGradient(theta, out);
    if (penalty !== null) {
      const penaltyGradient = this.penaltyGradient;
      v += penalty.value(theta);
      penalty.gradient(theta, penaltyGradient);
      for (let k = 0; k < d; k++) out[k] += penaltyGradient[k]!;
    }
    for (let k = 0; k < d; k++) out[k] = -out[k]!;
    return Number.isFinite(v) ? -v : Number.POSITIVE_INFINITY;
  }

  hessian(theta: Float64Array, out: Float64Array): void {
    this.likelihood.hessian(theta, out);
    this.addPenaltyAndNegate(theta, out);
  }

  stepHessian(theta: Float64Array, out: Float64Array): void {
    this.likelihood.stepHessian(theta, out);
    this.addPenaltyAndNegate(theta, out);
  }

  private addPenaltyAndNegate(theta: Float64Array, out: Float64Array): void {
    const d = this.dim;
    if (this.penalty !== null) {
      const penaltyHessian = this.penaltyHessian;
      if (this.curvature !== null) this.curvature.hessian(theta, penaltyHessian);
      else this.penalty.hessian(theta, penaltyHessian);
      for (let k = 0; k < d * d; k++) out[k] += penaltyHessian[k]!;
    }
    for (let k = 0; k < d * d; k++) out[k] = -out[k]!;
  }
}
