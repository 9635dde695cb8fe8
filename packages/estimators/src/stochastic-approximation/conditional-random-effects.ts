/**
 * The imputation target of IMSA and ScoreSA: the random effects b (on their natural scale, b_{t,j} ~ N(0, Σ_t))
 * given the data and θ = (β, Σ), as a LogDensity for MALA — Song & Tan (2022), Appendix A, with the printed
 * log(1 + e^{y_i}) read as log(1 + e^{η_i}):
 *
 *   log f(b | y; θ) = −Q(b) + const,  Q(b) = ½ Σ_{t,j} b_{t,j}ᵀ Σ_t⁻¹ b_{t,j} − Σ_i [y_i η_i − m_i log(1 + e^{η_i})],
 *   η_i = o_i + x_iᵀβ + Σ_t z_{i,t}ᵀ b_{t, j_t(i)},   ∇log f = −Σ⁻¹ b + Zᵀ(y − m μ)
 *
 * (o the model's offset, when it has one).
 *
 * b is laid out as `randomEffectsStructure` lays out u (term by term, level by level). `setParameters` fixes
 * β and every Σ_t⁻¹ for the next MALA run.
 */
import type { ModelFrame } from "@glmmkit/core";
import { randomEffectsStructure, type RandomEffectsStructure } from "@glmmkit/laplace";
import type { LogDensity } from "@glmmkit/optimizers";
import { binomialRowPass } from "../random-effects/binomial-row-pass.js";
import { InterceptRowPass, interceptsOnly } from "../random-effects/intercept-row-pass.js";

export class ConditionalRandomEffects implements LogDensity {
  readonly dim: number;
  readonly structure: RandomEffectsStructure;
  /** The model's offset + Xβ for the current β. */
  readonly fixedPredictor: Float64Array;
  /** Σ_t⁻¹ per term (q × q, column-major). */
  readonly precisions: Float64Array[];
  /**
   * With random intercepts only, the pass that takes one exp per random effect rather than one per row
   * (intercept-row-pass.ts); null otherwise.
   */
  private readonly interceptPass: InterceptRowPass | null;

  constructor(
    private readonly frame: ModelFrame,
    structure?: RandomEffectsStructure,
  ) {
    this.structure = structure ?? randomEffectsStructure(frame);
    this.dim = this.structure.Q;
    this.fixedPredictor = new Float64Array(frame.n);
    this.precisions = this.structure.terms.map((t) => new Float64Array(t.q * t.q));
    this.interceptPass = interceptsOnly(this.structure) ? new InterceptRowPass(this.structure, frame.y, frame.trials) : null;
  }

  /** Fixes β and the precisions Σ_t⁻¹ (each q × q, column-major) for the following evaluations. */
  setParameters(beta: ArrayLike<number>, precisions: readonly Float64Array[]): void {
    const { n, p, X, offset } = this.frame;
    const eta = this.fixedPredictor;
    if (offset === undefined) eta.fill(0);
    else eta.set(offset);
    for (let k = 0; k < p; k++) {
      const bk = beta[k];
      if (bk === 0) continue;
      for (let i = 0; i < n; i++) eta[i] += X[k * n + i] * bk;
    }
    precisions.forEach((P, t) => this.precisions[t]!.set(P));
    this.interceptPass?.setBase(eta);
  }

  logDensity(b: Float64Array): number {
    return this.evaluate(b, null);
  }

  gradient(b: Float64Array, out: Float64Array): void {
    this.evaluate(b, out);
  }

  logDensityAndGradient(b: Float64Array, out: Float64Array): number {
    return this.evaluate(b, out);
  }

  private evaluate(b: Float64Array, gradient: Float64Array | null): number {
    const { terms } = this.structure;
    if (gradient !== null) gradient.fill(0);
    let value =
      this.interceptPass === null
        ? binomialRowPass(this.structure, this.frame.y, this.frame.trials, this.fixedPredictor, b, gradient, null)
        : this.interceptPass.evaluate(b, gradient);
    // The Gaussian prior −½ Σ_{t,j} b_{t,j}ᵀ Σ_t⁻¹ b_{t,j} (plain loops: this runs once per MALA step).
    for (let t = 0; t < terms.length; t++) {
      const { q, levels, offset } = terms[t]!;
      const P = this.precisions[t]!;
      if (q === 1) {
        const precision = P[0];
        for (let j = offset; j < offset + levels; j++) {
          const v = b[j];
          value -= 0.5 * precision * v * v;
          if (gradient !== null) gradient[j] -= precision * v;
        }
        continue;
      }
      for (let j = 0; j < levels; j++) {
        const at = offset + j * q;
        for (let r = 0; r < q; r++) {
          let s = 0;
          for (let c = 0; c < q; c++) s += P[c * q + r] * b[at + c];
          value -= 0.5 * b[at + r] * s;
          if (gradient !== null) gradient[at + r] -= s;
        }
      }
    }
    return value;
  }
}
