/**
 * The preconditioner of MALA (Algorithm 5 of Song & Tan 2022): a proposal covariance Σ = M⁻¹ given by a
 * precision matrix M = L Lᵀ through its Cholesky factor. The sampler needs three things from it, all of
 * which a factor gives without forming Σ:
 *   Σ v = L⁻ᵀ L⁻¹ v                     (the drift ε²/2 Σ ∇log π),
 *   L⁻ᵀ e  for e ~ N(0, I)             (a draw from N(0, Σ), since Cov(L⁻ᵀe) = L⁻ᵀ L⁻¹ = M⁻¹),
 *   vᵀ M v = ‖Lᵀ v‖²                    (the Gaussian proposal densities in the acceptance ratio),
 *   L⁻¹ v                               (a gradient in the whitened coordinates Lᵀx, where the proposal is
 *                                        isotropic: MALA's step needs only this and L⁻ᵀ, see mala.ts).
 * A GLMM supplies M = ∇²Q(0) as a block-diagonal or sparse factor; here are the identity (plain MALA) and a
 * dense implementation for small problems and tests.
 */
import { choleskyInPlace, solveLower, solveLowerTranspose } from "@glmmkit/linalg";

export interface Preconditioner {
  readonly dim: number;
  /** out = Σ v = M⁻¹ v (`out` may be `v`). */
  applyCovariance(v: Float64Array, out: Float64Array): void;
  /** out = L⁻ᵀ e: N(0, Σ) when e ~ N(0, I) (`out` may be `e`). */
  colourNoise(e: Float64Array, out: Float64Array): void;
  /** vᵀ M v. */
  precisionQuadraticForm(v: Float64Array): number;
  /**
   * out = L⁻¹ v, the partner of `colourNoise` (L⁻ᵀ L⁻¹ = Σ; `out` may be `v`). L may be any factor with
   * L Lᵀ = M (a sparse one works in its own ordering), so whitened coordinates mean something only when
   * passed back to the same preconditioner's `colourNoise`.
   */
  whiten(v: Float64Array, out: Float64Array): void;
}

/** Σ = I: plain MALA. */
export function identityPreconditioner(dim: number): Preconditioner {
  return {
    dim,
    applyCovariance: (v, out) => {
      if (out !== v) out.set(v);
    },
    colourNoise: (e, out) => {
      if (out !== e) out.set(e);
    },
    whiten: (v, out) => {
      if (out !== v) out.set(v);
    },
    precisionQuadraticForm: (v) => {
      let s = 0;
      for (let k = 0; k < v.length; k++) s += v[k] * v[k];
      return s;
    },
  };
}

/**
 * Σ = M⁻¹ for a dense symmetric positive-definite precision M (dim × dim, column-major; lower triangle
 * read). Throws when M is not positive definite.
 */
export function densePreconditioner(precision: Float64Array, dim: number): Preconditioner {
  const L = Float64Array.from(precision);
  if (!choleskyInPlace(L, dim)) throw new RangeError("densePreconditioner: the precision matrix is not positive definite");
  return {
    dim,
    applyCovariance: (v, out) => {
      if (out !== v) out.set(v);
      solveLower(L, dim, out);
      solveLowerTranspose(L, dim, out);
    },
    colourNoise: (e, out) => {
      if (out !== e) out.set(e);
      solveLowerTranspose(L, dim, out);
    },
    whiten: (v, out) => {
      if (out !== v) out.set(v);
      solveLower(L, dim, out);
    },
    precisionQuadraticForm: (v) => {
      // ‖Lᵀ v‖²: (Lᵀv)_j = Σ_{i ≥ j} L_ij v_i.
      let s = 0;
      for (let j = 0; j < dim; j++) {
        let t = 0;
        for (let i = j; i < dim; i++) t += L[j * dim + i] * v[i];
        s += t * t;
      }
      return s;
    },
  };
}
