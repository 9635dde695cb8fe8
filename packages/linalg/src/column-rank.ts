/**
 * The rank check of every model matrix (fixed effects, the separation LP's design, GLM fits): a
 * rank-revealing pass over the columns of X, in order, in the manner of R's `dqrdc2` (the QR with
 * limited pivoting behind `lm` / `glm`): a column whose component orthogonal to the columns kept
 * before it has norm ≤ tolerance × its own norm is aliased and set aside, so earlier columns win.
 * This is the Gram–Schmidt form of that QR (Q R = the kept columns).
 *
 * Implementation: modified Gram–Schmidt with one re-orthogonalisation ("twice is enough",
 * Giraud et al. 2005), which keeps the orthogonal basis accurate to working precision even for
 * nearly collinear columns. Cost O(n p²) on flat column-major arrays.
 */

export interface AliasedColumn {
  /** Index of the aliased column. */
  column: number;
  /** true when the column is identically zero (no direction at all). */
  zero: boolean;
  /**
   * Coefficients expressing the column as a combination of the kept columns:
   * x_column ≈ Σ_k coefficients[k] · x_{kept[k]} (empty for a zero column).
   */
  coefficients: Float64Array;
}

/** The linearly independent columns of X and the aliased ones. */
export interface ColumnRank {
  /** Indices of the linearly independent columns, in their original order. */
  kept: number[];
  aliased: AliasedColumn[];
}

/** Default relative tolerance of the rank decision (R's `lm` uses 1e-7 as well). */
export const DEFAULT_ALIAS_TOLERANCE = 1e-7;

/**
 * Splits the p columns of the n×p column-major matrix `x` into kept (independent) and aliased ones.
 */
export function columnRank(
  x: Float64Array,
  n: number,
  p: number,
  tolerance: number = DEFAULT_ALIAS_TOLERANCE,
): ColumnRank {
  const kept: number[] = [];
  const aliased: AliasedColumn[] = [];
  // Orthonormal basis q_1..q_r of the kept columns (column-major n×r) and the triangular factor R
  // (r×r, column-major with leading dimension p) such that X_kept = Q R.
  const basis = new Float64Array(n * p);
  const rFactor = new Float64Array(p * p);
  const v = new Float64Array(n);
  const coefficients = new Float64Array(p);

  for (let j = 0; j < p; j++) {
    const offset = j * n;
    let norm0 = 0;
    for (let i = 0; i < n; i++) {
      const value = x[offset + i]!;
      v[i] = value;
      norm0 += value * value;
    }
    norm0 = Math.sqrt(norm0);
    if (norm0 === 0) {
      aliased.push({ column: j, zero: true, coefficients: new Float64Array(0) });
      continue;
    }
    const r = kept.length;
    coefficients.fill(0, 0, r);
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < r; k++) {
        const qOffset = k * n;
        let dot = 0;
        for (let i = 0; i < n; i++) dot += basis[qOffset + i]! * v[i]!;
        for (let i = 0; i < n; i++) v[i] = v[i]! - dot * basis[qOffset + i]!;
        coefficients[k] = coefficients[k]! + dot;
      }
    }
    let residual = 0;
    for (let i = 0; i < n; i++) residual += v[i]! * v[i]!;
    residual = Math.sqrt(residual);

    if (residual <= tolerance * norm0) {
      // x_j ≈ Q c = X_kept R⁻¹ c: back-substitute to express it in the kept columns.
      const gamma = new Float64Array(r);
      for (let k = r - 1; k >= 0; k--) {
        let sum = coefficients[k]!;
        for (let l = k + 1; l < r; l++) sum -= rFactor[l * p + k]! * gamma[l]!;
        gamma[k] = sum / rFactor[k * p + k]!;
      }
      aliased.push({ column: j, zero: false, coefficients: gamma });
      continue;
    }
    const qOffset = r * n;
    for (let i = 0; i < n; i++) basis[qOffset + i] = v[i]! / residual;
    for (let k = 0; k < r; k++) rFactor[r * p + k] = coefficients[k]!;
    rFactor[r * p + r] = residual;
    kept.push(j);
  }
  return { kept, aliased };
}
