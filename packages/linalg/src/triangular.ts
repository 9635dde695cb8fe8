/**
 * Triangular solves with a lower Cholesky factor L (n×n, column-major, as produced by
 * `choleskyInPlace`). All work in place on the right-hand side. The optional offsets let the
 * block-diagonal and bordered kernels address one block of a packed array without copying.
 */

/**
 * Solves L x = b in place (forward substitution, column-oriented so the inner loop walks a
 * contiguous column of L: Golub & Van Loan Alg. 3.1.3).
 */
export function solveLower(
  L: Float64Array,
  n: number,
  b: Float64Array,
  lOffset = 0,
  bOffset = 0,
): void {
  for (let j = 0; j < n; j++) {
    const col = lOffset + j * n;
    const xj = b[bOffset + j] / L[col + j];
    b[bOffset + j] = xj;
    if (xj === 0) continue;
    for (let i = j + 1; i < n; i++) b[bOffset + i] -= L[col + i] * xj;
  }
}

/**
 * Solves Lᵀ x = b in place (back substitution; row j of Lᵀ is column j of L, so each step is a
 * contiguous dot product).
 */
export function solveLowerTranspose(
  L: Float64Array,
  n: number,
  b: Float64Array,
  lOffset = 0,
  bOffset = 0,
): void {
  for (let j = n - 1; j >= 0; j--) {
    const col = lOffset + j * n;
    let sum = b[bOffset + j];
    for (let i = j + 1; i < n; i++) sum -= L[col + i] * b[bOffset + i];
    b[bOffset + j] = sum / L[col + j];
  }
}

/** Solves (L Lᵀ) x = b in place: forward then back substitution. */
export function solveWithCholesky(
  L: Float64Array,
  n: number,
  b: Float64Array,
  lOffset = 0,
  bOffset = 0,
): void {
  solveLower(L, n, b, lOffset, bOffset);
  solveLowerTranspose(L, n, b, lOffset, bOffset);
}

/** Solves L X = B in place for B n×m column-major. */
export function solveLowerMatrix(L: Float64Array, n: number, B: Float64Array, m: number): void {
  for (let c = 0; c < m; c++) solveLower(L, n, B, 0, c * n);
}

/** Solves Lᵀ X = B in place for B n×m column-major. */
export function solveLowerTransposeMatrix(
  L: Float64Array,
  n: number,
  B: Float64Array,
  m: number,
): void {
  for (let c = 0; c < m; c++) solveLowerTranspose(L, n, B, 0, c * n);
}

/** Solves (L Lᵀ) X = B in place for B n×m column-major. */
export function solveWithCholeskyMatrix(
  L: Float64Array,
  n: number,
  B: Float64Array,
  m: number,
): void {
  for (let c = 0; c < m; c++) solveWithCholesky(L, n, B, 0, c * n);
}
