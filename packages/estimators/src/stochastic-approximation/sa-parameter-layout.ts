/**
 * The vector a stochastic-approximation run updates, θ_SA = (β, one block per random-effects term), and its
 * maps to the reported θ = (β, ψ):
 *  - scale "variance" (IMSA, Song & Tan 2022): a term's block is vech(Σ) — σ² for a scalar term — so the
 *    shrinkage update θ_t = θ_{t−1} + γ_t(θ_{t−1/2} − θ_{t−1}) is a convex combination of covariance matrices
 *    and stays positive definite ("range-respecting");
 *  - scale "log-sd" (IMSA-log, and ScoreSA always): a term's block is its log-Cholesky ψ — log σ for a scalar
 *    term, the paper's τ = log σ.
 * The Jacobian ∂ψ/∂vech(Σ) (for the delta method from Algorithm 6's covariance to ψ's) follows from
 * dΣ = dL Lᵀ + L dLᵀ: dL = L Φ(L⁻¹ dΣ L⁻ᵀ), Φ taking the lower triangle with the diagonal halved, and
 * dψ_kk = dL_kk / L_kk, dψ_rc = dL_rc below it.
 */
import type { ModelFrame } from "@glmmkit/core";
import { choleskyFactorFromPsi, covarianceFromCholeskyFactor, parameterLayout, psiFromCholeskyFactor, termLabels } from "@glmmkit/core";
import { choleskyInPlace } from "@glmmkit/linalg";
import { blockEntries, blockSize, covarianceFromVech, lowerInverse } from "./variance-component-likelihood.js";

export type VarianceScale = "variance" | "log-sd";

export interface SaTermBlock {
  readonly q: number;
  /** Offset of the block in θ_SA (and of the term's ψ in θ: the blocks have the same sizes). */
  readonly offset: number;
}

export class SaParameterLayout {
  readonly dim: number;
  readonly p: number;
  readonly terms: readonly SaTermBlock[];
  readonly names: readonly string[];

  constructor(
    frame: ModelFrame,
    readonly scale: VarianceScale,
  ) {
    const layout = parameterLayout(frame);
    this.dim = layout.dim;
    this.p = layout.p;
    this.terms = layout.terms.map((t) => ({ q: t.q, offset: t.offset }));
    if (scale === "log-sd") {
      this.names = layout.names;
      return;
    }
    const labels = termLabels(frame);
    const names = [...frame.betaNames];
    frame.terms.forEach((term, t) => {
      for (const [r, c] of blockEntries(term.q)) {
        names.push(term.q === 1 ? `var(${labels[t]})` : r === c ? `var(${labels[t]}: ${term.termNames[r]})` : `cov(${labels[t]}: ${term.termNames[r]}, ${term.termNames[c]})`);
      }
    });
    this.names = names;
  }

  /** The lower Cholesky factor of term t's Σ at θ_SA (q × q); false when Σ is not positive definite. */
  termFactor(sa: ArrayLike<number>, t: number, L: Float64Array): boolean {
    const { q, offset } = this.terms[t]!;
    if (this.scale === "log-sd") {
      choleskyFactorFromPsi(sa, offset, q, L);
      return true;
    }
    covarianceFromVech(sa, offset, q, L);
    return choleskyInPlace(L, q);
  }

  /** θ_SA → θ = (β, ψ). Throws when a Σ is not positive definite. */
  toTheta(sa: ArrayLike<number>, out: Float64Array): void {
    for (let k = 0; k < this.p; k++) out[k] = sa[k];
    this.terms.forEach(({ q, offset }, t) => {
      const L = new Float64Array(q * q);
      if (!this.termFactor(sa, t, L)) throw new RangeError(`stochastic approximation: the covariance of term ${t + 1} is not positive definite`);
      psiFromCholeskyFactor(L, q, out, offset);
    });
  }

  /** θ = (β, ψ) → θ_SA. */
  fromTheta(theta: ArrayLike<number>, out: Float64Array): void {
    for (let k = 0; k < this.p; k++) out[k] = theta[k];
    for (const { q, offset } of this.terms) {
      if (this.scale === "log-sd") {
        for (let k = 0; k < blockSize(q); k++) out[offset + k] = theta[offset + k];
        continue;
      }
      const L = new Float64Array(q * q);
      choleskyFactorFromPsi(theta, offset, q, L);
      const sigma = covarianceFromCholeskyFactor(L, q);
      blockEntries(q).forEach(([r, c], k) => (out[offset + k] = sigma[c * q + r]));
    }
  }

  /** ∂θ/∂θ_SA (dim × dim, column-major): the identity on β and block-diagonal on the terms. */
  jacobianToTheta(sa: ArrayLike<number>, out: Float64Array): void {
    const d = this.dim;
    out.fill(0);
    for (let k = 0; k < this.p; k++) out[k * d + k] = 1;
    this.terms.forEach(({ q, offset }, t) => {
      const m = blockSize(q);
      if (this.scale === "log-sd") {
        for (let k = 0; k < m; k++) out[(offset + k) * d + offset + k] = 1;
        return;
      }
      const L = new Float64Array(q * q);
      if (!this.termFactor(sa, t, L)) throw new RangeError(`stochastic approximation: the covariance of term ${t + 1} is not positive definite`);
      const V = lowerInverse(L, q);
      blockEntries(q).forEach(([r0, c0], k) => {
        // dΣ = E_k (symmetric unit), X = V E Vᵀ, dL = L Φ(X).
        const X = new Float64Array(q * q);
        for (let a = 0; a < q; a++) {
          for (let b = 0; b < q; b++) {
            const e = (a === r0 && b === c0) || (a === c0 && b === r0) ? 1 : 0;
            if (e === 0) continue;
            for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) X[j * q + i] += V[a * q + i] * V[b * q + j];
          }
        }
        const phi = new Float64Array(q * q);
        for (let c = 0; c < q; c++) for (let r = c; r < q; r++) phi[c * q + r] = r === c ? 0.5 * X[c * q + r] : X[c * q + r];
        blockEntries(q).forEach(([r, c], row) => {
          let dL = 0;
          for (let s = c; s <= r; s++) dL += L[s * q + r] * phi[c * q + s];
          out[(offset + k) * d + offset + row] = r === c ? dL / L[r * q + r] : dL;
        });
      });
    });
  }
}
