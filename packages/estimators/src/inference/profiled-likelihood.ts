/**
 * ℓ with one quantity held fixed, as a function of the free parameters φ: ℓ_c(φ) = ℓ(θ(c, φ)) (profile-map.ts).
 * Maximising it over φ with the fit's own Newton path (maximisePenalisedLikelihood) gives the profile
 * log-likelihood ℓ_p(c) = max_φ ℓ_c(φ). Holding a coordinate, the Hessian is the full one without that row
 * and column (exact where the likelihood's is); through the row-scale map it is the central difference
 * of the exact gradient in φ.
 */
import type { GlmmLikelihood } from "@glmmkit/laplace";
import { finiteDifferenceHessian } from "@glmmkit/optimizers";
import type { LogLikelihoodFunction } from "../objective/penalised-objective.js";
import type { ProfileMap } from "./profile-map.js";

export class ProfiledLikelihood implements LogLikelihoodFunction {
  readonly dim: number;
  readonly exactHessian: boolean;
  /** The fixed value c (on the map's scale: β, or log σ). */
  value = 0;
  private readonly theta: Float64Array;
  private readonly fullGradient: Float64Array;
  private readonly fullHessian: Float64Array;

  constructor(
    private readonly likelihood: GlmmLikelihood,
    private readonly map: ProfileMap,
  ) {
    this.dim = map.dim - 1;
    this.exactHessian = map.coordinate !== null && likelihood.exactHessian;
    this.theta = new Float64Array(map.dim);
    this.fullGradient = new Float64Array(map.dim);
    this.fullHessian = new Float64Array(map.dim * map.dim);
  }

  /** θ(c, φ) for the current c (a copy). */
  fullTheta(free: Float64Array): Float64Array {
    const out = new Float64Array(this.map.dim);
    this.map.theta(this.value, free, out);
    return out;
  }

  logLik(free: Float64Array): number {
    this.map.theta(this.value, free, this.theta);
    return this.likelihood.logLik(this.theta);
  }

  logLikAndGradient(free: Float64Array, gradient: Float64Array): number {
    this.map.theta(this.value, free, this.theta);
    const v = this.likelihood.logLikAndGradient(this.theta, this.fullGradient);
    this.map.pullBack(this.value, free, this.fullGradient, gradient);
    return v;
  }

  hessian(free: Float64Array, out: Float64Array): void {
    this.curvature(free, out, false);
  }

  stepHessian(free: Float64Array, out: Float64Array): void {
    this.curvature(free, out, true);
  }

  private curvature(free: Float64Array, out: Float64Array, forStep: boolean): void {
    const index = this.map.coordinate;
    if (index === null) {
      finiteDifferenceHessian((x, g) => void this.logLikAndGradient(x, g), free, out);
      return;
    }
    this.map.theta(this.value, free, this.theta);
    if (forStep) this.likelihood.stepHessian(this.theta, this.fullHessian);
    else this.likelihood.hessian(this.theta, this.fullHessian);
    const d = this.map.dim;
    let at = 0;
    for (let c = 0; c < d; c++) {
      if (c === index) continue;
      for (let r = 0; r < d; r++) if (r !== index) out[at++] = this.fullHessian[c * d + r]!;
    }
  }
}
