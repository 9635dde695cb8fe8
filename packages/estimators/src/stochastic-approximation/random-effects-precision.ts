/**
 * The preconditioner of Algorithm 5 (Song & Tan 2022): Σ = [∇²Q(0)]⁻¹, the inverse Hessian of Q at b = 0 for
 * the current θ,
 *   M = ∇²Q(0) = blockdiag(Σ_t⁻¹) + Zᵀ W Z,   W = diag(m_i μ_i (1 − μ_i)) at η = Xβ.
 * With Σ_t = L_t L_tᵀ and Λ = blockdiag(L_t per level) (b = Λu), M = Λ⁻ᵀ H Λ⁻¹ where H = I + ΛᵀZᵀWZΛ is the
 * Laplace engine's own penalised system (laplace's PenalisedSystem on the random-effects pattern:
 * block-diagonal for one grouping factor, sparse for crossed or nested ones; the supernodal sparse Cholesky,
 * analysed once per model and refactored in place). So, with H = Pᵀ L_H L_Hᵀ P,
 *   M⁻¹v = Λ H⁻¹ Λᵀ v,   Λ Pᵀ L_H⁻ᵀ P e ~ N(0, M⁻¹) for e ~ N(0, I),   vᵀMv = (Λ⁻¹v)ᵀ H (Λ⁻¹v),
 * and the sampler's pair (M = F Fᵀ with F = Λ⁻ᵀ Pᵀ L_H)
 *   whiten:  F⁻¹ v = L_H⁻¹ P Λᵀ v,    colourNoise:  F⁻ᵀ e = Λ Pᵀ L_H⁻ᵀ e ~ N(0, M⁻¹),
 * which is all it needs — no dense (Σ levels)² matrix, and no Σ_t⁻¹ formed. The whitened coordinates are
 * in the factor's ordering (the proposal is isotropic there, so no permutation back is needed), and when
 * every term is scalar, Λ = diag(σ per position) folds into the solves' one gather or scatter.
 */
import {
  binomialLogitRow,
  defaultFactorisation,
  PenalisedSystem,
  updateZTilde,
  type RandomEffectsStructure,
  type RowDerivatives,
} from "@glmmkit/laplace";
import type { Preconditioner } from "@glmmkit/optimizers";

export class RandomEffectsPrecision implements Preconditioner {
  readonly dim: number;
  private readonly system: PenalisedSystem;
  private readonly zTilde: Float64Array;
  private readonly weights: Float64Array;
  private readonly factors: Float64Array[];
  private readonly scratch: Float64Array;
  /** σ_t at each position when every term is scalar (Λ diagonal), else null. */
  private readonly diagonalLambda: Float64Array | null;
  private readonly row: RowDerivatives = { f: 0, fPrime: 0, w: 0, mu: 0 };

  constructor(
    private readonly structure: RandomEffectsStructure,
    private readonly y: Float64Array,
    private readonly trials: Float64Array,
  ) {
    this.dim = structure.Q;
    this.system = new PenalisedSystem(structure, defaultFactorisation);
    this.zTilde = new Float64Array(structure.n * structure.R);
    this.weights = new Float64Array(structure.n);
    this.factors = structure.terms.map((t) => new Float64Array(t.q * t.q));
    this.scratch = new Float64Array(structure.Q);
    this.diagonalLambda = structure.terms.every((t) => t.q === 1) ? new Float64Array(structure.Q) : null;
  }

  /**
   * Assembles and factors H for the fixed part of the linear predictor Xβ and the Cholesky factors L_t of
   * Σ_t (each q × q, lower, column-major); false when H is not numerically positive definite.
   */
  update(fixedPredictor: Float64Array, factors: readonly Float64Array[]): boolean {
    const { n } = this.structure;
    factors.forEach((L, t) => this.factors[t]!.set(L));
    if (this.diagonalLambda !== null) {
      this.structure.terms.forEach(({ offset, levels }, t) => this.diagonalLambda!.fill(factors[t]![0]!, offset, offset + levels));
    }
    for (let i = 0; i < n; i++) {
      binomialLogitRow(fixedPredictor[i], this.y[i], this.trials[i], this.row);
      this.weights[i] = this.row.w;
    }
    updateZTilde(this.structure, this.factors, this.zTilde);
    return this.system.refactor(this.zTilde, this.weights);
  }

  /**
   * out = Λ x (block lower-triangular, level by level); `out` may be `x`. A scalar term's block is the one
   * number σ_t, applied in a plain loop: the sampler maps through Λ twice per step.
   */
  private applyLambda(x: Float64Array, out: Float64Array): void {
    const { terms } = this.structure;
    for (let t = 0; t < terms.length; t++) {
      const { q, levels, offset } = terms[t]!;
      const L = this.factors[t]!;
      if (q === 1) {
        const sigma = L[0]!;
        for (let k = offset; k < offset + levels; k++) out[k] = sigma * x[k]!;
        continue;
      }
      for (let j = 0; j < levels; j++) {
        const base = offset + j * q;
        // From the last row up, so an in-place product reads only entries not yet overwritten.
        for (let r = q - 1; r >= 0; r--) {
          let s = 0;
          for (let c = 0; c <= r; c++) s += L[c * q + r] * x[base + c];
          out[base + r] = s;
        }
      }
    }
  }

  /** out = Λᵀ x in place of x (a scalar term's block in a plain loop, as in applyLambda). */
  private applyLambdaTransposeInPlace(x: Float64Array): void {
    const { terms } = this.structure;
    for (let t = 0; t < terms.length; t++) {
      const { q, levels, offset } = terms[t]!;
      const L = this.factors[t]!;
      if (q === 1) {
        const sigma = L[0]!;
        for (let k = offset; k < offset + levels; k++) x[k] = sigma * x[k]!;
        continue;
      }
      for (let j = 0; j < levels; j++) {
        const base = offset + j * q;
        for (let c = 0; c < q; c++) {
          let s = 0;
          for (let r = c; r < q; r++) s += L[c * q + r] * x[base + r];
          x[base + c] = s;
        }
      }
    }
  }

  /** x ← Λ⁻¹ x (forward substitution per level). */
  private solveLambdaInPlace(x: Float64Array): void {
    this.structure.terms.forEach(({ q, levels, offset }, t) => {
      const L = this.factors[t]!;
      for (let j = 0; j < levels; j++) {
        const base = offset + j * q;
        for (let r = 0; r < q; r++) {
          let s = x[base + r];
          for (let c = 0; c < r; c++) s -= L[c * q + r] * x[base + c];
          x[base + r] = s / L[r * q + r];
        }
      }
    });
  }

  applyCovariance(v: Float64Array, out: Float64Array): void {
    const w = this.scratch;
    w.set(v);
    this.applyLambdaTransposeInPlace(w);
    this.system.solveInPlace(w);
    this.applyLambda(w, out);
  }

  colourNoise(e: Float64Array, out: Float64Array): void {
    const w = this.scratch;
    if (this.diagonalLambda !== null) {
      if (out === e) w.set(e);
      this.system.solveTransposedFactor(out === e ? w : e, out, this.diagonalLambda);
      return;
    }
    this.system.solveTransposedFactor(e, w, null);
    this.applyLambda(w, out);
  }

  whiten(v: Float64Array, out: Float64Array): void {
    const w = this.scratch;
    if (this.diagonalLambda !== null) {
      if (out === v) w.set(v);
      this.system.solveFactor(out === v ? w : v, out, this.diagonalLambda);
      return;
    }
    w.set(v);
    this.applyLambdaTransposeInPlace(w);
    this.system.solveFactor(w, out, null);
  }

  precisionQuadraticForm(v: Float64Array): number {
    const w = this.scratch;
    w.set(v);
    this.solveLambdaInPlace(w);
    return this.system.quadraticForm(w);
  }
}
