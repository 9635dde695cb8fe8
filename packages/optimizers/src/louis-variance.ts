/**
 * The variance of the IMSA estimate by Algorithm 6 of Song & Tan (2022), Appendix B: Louis' (1982) missing
 * information identity I_obs = I_c − I_mis, with I_c = E[−∇² log f(y, u; θ)] the complete-data information
 * and the increments r = θ_{t−1/2} − θ_{t−1} ≈ I_c⁻¹ ∇ log f(y, u_t; θ) carrying the missing information,
 * Cov(r) ≈ I_c⁻¹ I_mis I_c⁻¹ =: R, so I_obs = H̄ (I − R̄ H̄) and Var(θ̃) ≈ [H̄ (I − R̄ H̄)]⁻¹, accumulated in one
 * pass:
 *   r̄_t = r̄_{t−1} + ρ_t (r − r̄_{t−1}),
 *   R̄_t = R̄_{t−1} + λ_t ((1 − λ_t)(r − r̄_{t−1})(r − r̄_{t−1})ᵀ − R̄_{t−1}),
 *   H̄_t = H̄_{t−1} + ν_t (H − H̄_{t−1}).
 *
 * The paper leaves ρ_t, λ_t, ν_t open. Here ρ_t = λ_t = ν_t = 1/k for the k-th iteration after a burn-in
 * (the caller's choice, e.g. half the budget), which makes r̄ and H̄ plain means and R̄ the Welford covariance
 * (divisor k) of the increments — the early iterations, where θ is still far from its limit and r is
 * dominated by the drift of θ rather than by the imputation noise, are left out.
 *
 * Several imputations per iteration (m chains, Algorithm 3): the increment r is then the chain average,
 * whose covariance is R/m, so R̄ = m·Cov(r̄) (`imputations`), and H is the chain average of the
 * complete-data informations.
 */
import { choleskyInPlace, inverseFromCholesky, symmetriseInPlace } from "@glmmkit/linalg";

export class LouisVariance {
  private k = 0;
  private readonly meanIncrement: Float64Array;
  private readonly incrementCovariance: Float64Array;
  private readonly meanInformation: Float64Array;
  private readonly delta: Float64Array;

  constructor(
    readonly dim: number,
    readonly imputations = 1,
  ) {
    if (!Number.isInteger(imputations) || imputations < 1) {
      throw new RangeError(`LouisVariance: imputations must be a positive integer, got ${imputations}`);
    }
    this.meanIncrement = new Float64Array(dim);
    this.incrementCovariance = new Float64Array(dim * dim);
    this.meanInformation = new Float64Array(dim * dim);
    this.delta = new Float64Array(dim);
  }

  /** Iterations accumulated. */
  get count(): number {
    return this.k;
  }

  /** One iteration's increment r (length dim) and information H (dim × dim, column-major). */
  add(increment: ArrayLike<number>, information: ArrayLike<number>): void {
    const d = this.dim;
    this.k++;
    const weight = 1 / this.k; // ρ_t = λ_t = ν_t
    for (let i = 0; i < d; i++) this.delta[i] = increment[i] - this.meanIncrement[i];
    for (let c = 0; c < d; c++) {
      for (let r = 0; r < d; r++) {
        const at = c * d + r;
        this.incrementCovariance[at] += weight * ((1 - weight) * this.delta[r] * this.delta[c] - this.incrementCovariance[at]);
        this.meanInformation[at] += weight * (information[at] - this.meanInformation[at]);
      }
    }
    for (let i = 0; i < d; i++) this.meanIncrement[i] += weight * this.delta[i];
  }

  /** H̄: the mean complete-data information. */
  completeDataInformation(): Float64Array {
    return Float64Array.from(this.meanInformation);
  }

  /** R̄ = m·Cov(r̄): the covariance of one imputation's increment. */
  incrementCovarianceEstimate(): Float64Array {
    return Float64Array.from(this.incrementCovariance, (v) => v * this.imputations);
  }

  /** r̄: the mean increment (near 0 at a self-consistent point). */
  meanIncrementEstimate(): Float64Array {
    return Float64Array.from(this.meanIncrement);
  }

  /** The observed information H̄ (I − R̄ H̄), symmetrised. */
  observedInformation(): Float64Array {
    const d = this.dim;
    const H = this.meanInformation;
    const R = this.incrementCovarianceEstimate();
    // H R H
    const RH = new Float64Array(d * d);
    for (let c = 0; c < d; c++) {
      for (let r = 0; r < d; r++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += R[k * d + r] * H[c * d + k];
        RH[c * d + r] = s;
      }
    }
    const out = new Float64Array(d * d);
    for (let c = 0; c < d; c++) {
      for (let r = 0; r < d; r++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += H[k * d + r] * RH[c * d + k];
        out[c * d + r] = H[c * d + r] - s;
      }
    }
    return symmetriseInPlace(out, d);
  }

  /** [H̄ (I − R̄ H̄)]⁻¹, or null when fewer than two iterations were added or it is not positive definite. */
  covariance(): Float64Array | null {
    if (this.k < 2) return null;
    const d = this.dim;
    const factor = this.observedInformation();
    if (!choleskyInPlace(factor, d)) return null;
    return inverseFromCholesky(factor, d);
  }
}
