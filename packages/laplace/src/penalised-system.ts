/**
 * The penalised system H = ΛᵀZᵀWZΛ + I = I + Σ_i w_i z̃_i z̃_iᵀ for any term structure (Bates et al. 2015,
 * eq. 18; Ruth, eq. 9) — PIRLS and the gradient see only this. Assembly scatters each row's R(R+1)/2
 * products into the slots precomputed by `randomEffectsStructure`; the factorisation behind it (sparse
 * Cholesky with a symbolic analysis done once) is refactored in place at every PIRLS step.
 */
import type { SymmetricPattern } from "@glmmkit/linalg";
import type { RandomEffectsStructure } from "./random-effects-structure.js";

/** A symmetric positive-definite factorisation on a fixed pattern (values aligned with pattern.rowIndex). */
export interface SymmetricFactorisation {
  refactor(values: Float64Array): boolean;
  solveInPlace(rhs: Float64Array): void;
  logDet(): number;
  /** Entries of the inverse on the pattern (aligned with pattern.rowIndex). */
  inverseOnPattern(out: Float64Array): void;
  /**
   * out ← F⁻¹ v for a factor F of S⁻¹ A S⁻¹ (F Fᵀ = S⁻¹ A S⁻¹, S = diag(scale) or I when null), with the
   * factor alone (P A Pᵀ = L Lᵀ: F = S⁻¹ Pᵀ L, F⁻¹ = L⁻¹ P S); out is in the factorisation's own ordering.
   * `v` and `out` are different arrays.
   */
  solveFactor(v: Float64Array, out: Float64Array, scale: Float64Array | null): void;
  /** out ← F⁻ᵀ e = S Pᵀ L⁻ᵀ e: maps N(0, I) to N(0, S A⁻¹ S); `e` (in the factorisation's ordering) is left unchanged. */
  solveTransposedFactor(e: Float64Array, out: Float64Array, scale: Float64Array | null): void;
  /** vᵀ A v from the factor. */
  quadraticForm(v: Float64Array): number;
}

export type FactorisationFactory = (pattern: SymmetricPattern) => SymmetricFactorisation;

export class PenalisedSystem {
  private readonly values: Float64Array;
  private readonly factorisation: SymmetricFactorisation;

  constructor(
    private readonly structure: RandomEffectsStructure,
    factory: FactorisationFactory,
  ) {
    this.values = new Float64Array(structure.pattern.rowIndex.length);
    this.factorisation = factory(structure.pattern);
  }

  /** Assemble H for the rows' z̃ (n × R) and weights w, and factor it; false when not positive definite. */
  refactor(zTilde: Float64Array, weights: Float64Array): boolean {
    const { n, R, rowPairIndex, diagonalIndex } = this.structure;
    const values = this.values;
    values.fill(0);
    for (let k = 0; k < diagonalIndex.length; k++) values[diagonalIndex[k]!] = 1;
    const pairs = (R * (R + 1)) / 2;
    for (let i = 0; i < n; i++) {
      const wi = weights[i]!;
      if (wi === 0) continue;
      const z = i * R;
      let slot = i * pairs;
      for (let r = 0; r < R; r++) {
        const wz = wi * zTilde[z + r]!;
        for (let s = 0; s <= r; s++) values[rowPairIndex[slot++]!] += wz * zTilde[z + s]!;
      }
    }
    return this.factorisation.refactor(values);
  }

  solveInPlace(rhs: Float64Array): void {
    this.factorisation.solveInPlace(rhs);
  }

  logDet(): number {
    return this.factorisation.logDet();
  }

  /** Entries of H⁻¹ on H's pattern (the selected inverse). */
  selectedInverse(out: Float64Array): void {
    this.factorisation.inverseOnPattern(out);
  }

  /** out ← F⁻ᵀ e = S Pᵀ L⁻ᵀ e: a standard-normal e becomes a draw from N(0, S H⁻¹ S) (a sampler's preconditioned noise). */
  solveTransposedFactor(e: Float64Array, out: Float64Array, scale: Float64Array | null): void {
    this.factorisation.solveTransposedFactor(e, out, scale);
  }

  /** out ← F⁻¹ v = L⁻¹ P S v: the partner of `solveTransposedFactor` (a sampler's whitening of a gradient). */
  solveFactor(v: Float64Array, out: Float64Array, scale: Float64Array | null): void {
    this.factorisation.solveFactor(v, out, scale);
  }

  /** vᵀ H v. */
  quadraticForm(v: Float64Array): number {
    return this.factorisation.quadraticForm(v);
  }

  get patternSize(): number {
    return this.values.length;
  }
}
