/**
 * Inverse of a symmetric positive-definite A from its lower Cholesky factor L:
 * A⁻¹ = L⁻ᵀ L⁻¹. We form X = L⁻¹ (lower triangular) column by column, then
 * (A⁻¹)_ab = Σ_k X_ka X_kb = (column a of X)·(column b of X), where both columns vanish above
 * max(a, b) — contiguous dot products over the shared tail.
 */

/** X = L⁻¹ (lower triangular, n×n column-major): column c solves L x = e_c, zero above row c. */
function lowerInverse(L: Float64Array, n: number): Float64Array {
  const X = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    const xCol = c * n;
    X[xCol + c] = 1;
    // Forward substitution started at row c: rows above c stay zero.
    for (let j = c; j < n; j++) {
      const lCol = j * n;
      const xj = X[xCol + j] / L[lCol + j];
      X[xCol + j] = xj;
      if (xj === 0) continue;
      for (let i = j + 1; i < n; i++) X[xCol + i] -= L[lCol + i] * xj;
    }
  }
  return X;
}

/**
 * Full symmetric inverse A⁻¹ (n×n column-major, both triangles filled) from the lower Cholesky
 * factor L of A. Writes into `out` when given.
 */
export function inverseFromCholesky(
  L: Float64Array,
  n: number,
  out: Float64Array = new Float64Array(n * n),
): Float64Array {
  const X = lowerInverse(L, n);
  for (let b = 0; b < n; b++) {
    const colB = b * n;
    for (let a = b; a < n; a++) {
      const colA = a * n;
      // Column a of X is zero above row a (a ≥ b), so the dot product starts at row a.
      let sum = 0;
      for (let k = a; k < n; k++) sum += X[colA + k] * X[colB + k];
      out[colB + a] = sum;
      out[colA + b] = sum;
    }
  }
  return out;
}

/**
 * Diagonal of A⁻¹ from the lower Cholesky factor L of A: (A⁻¹)_aa = ‖column a of L⁻¹‖², e.g.
 * the sampling variances from an inverse Hessian without forming the full inverse.
 */
export function diagonalOfInverseFromCholesky(
  L: Float64Array,
  n: number,
  out: Float64Array = new Float64Array(n),
): Float64Array {
  const X = lowerInverse(L, n);
  for (let a = 0; a < n; a++) {
    const col = a * n;
    let sum = 0;
    for (let k = a; k < n; k++) sum += X[col + k] * X[col + k];
    out[a] = sum;
  }
  return out;
}
