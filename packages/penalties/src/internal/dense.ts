/**
 * Minimal dense kernels on column-major p × p Float64Arrays (A[col * p + row]), for the small
 * matrices the penalties need (XᵀWX, Σ_q). Kept local so the package stands on its own.
 */

/**
 * In-place Cholesky A = L Lᵀ: on success the lower triangle of `a` holds L and the strict upper
 * triangle is zeroed. Returns false (leaving `a` partly overwritten) when a pivot is not
 * positive and finite, i.e. A is not numerically positive definite.
 */
export function choleskyInPlace(a: Float64Array, p: number): boolean {
  for (let j = 0; j < p; j++) {
    let d = a[j * p + j]!;
    for (let k = 0; k < j; k++) {
      const l = a[k * p + j]!;
      d -= l * l;
    }
    if (!(d > 0) || !Number.isFinite(d)) return false;
    const ljj = Math.sqrt(d);
    a[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = a[j * p + i]!;
      for (let k = 0; k < j; k++) s -= a[k * p + i]! * a[k * p + j]!;
      a[j * p + i] = s / ljj;
    }
    for (let i = 0; i < j; i++) a[j * p + i] = 0;
  }
  return true;
}

/** log det A = 2 Σ log L_jj from a Cholesky factor. */
export function logDetFromCholesky(l: Float64Array, p: number): number {
  let s = 0;
  for (let j = 0; j < p; j++) s += Math.log(l[j * p + j]!);
  return 2 * s;
}

/** Solve L x = b in place (L lower triangular, column-major). */
export function forwardSolveInPlace(l: Float64Array, p: number, b: Float64Array): void {
  for (let j = 0; j < p; j++) {
    const xj = b[j]! / l[j * p + j]!;
    b[j] = xj;
    for (let i = j + 1; i < p; i++) b[i] = b[i]! - l[j * p + i]! * xj;
  }
}

/** Solve Lᵀ x = b in place. */
export function backSolveTransposeInPlace(l: Float64Array, p: number, b: Float64Array): void {
  for (let j = p - 1; j >= 0; j--) {
    let s = b[j]!;
    for (let i = j + 1; i < p; i++) s -= l[j * p + i]! * b[i]!;
    b[j] = s / l[j * p + j]!;
  }
}

/** A⁻¹ (full, symmetric) from the Cholesky factor L of A. */
export function inverseFromCholesky(l: Float64Array, p: number): Float64Array {
  const inv = new Float64Array(p * p);
  const col = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    col.fill(0);
    col[j] = 1;
    forwardSolveInPlace(l, p, col);
    backSolveTransposeInPlace(l, p, col);
    inv.set(col, j * p);
  }
  // Symmetrise to remove rounding asymmetry.
  for (let j = 0; j < p; j++) {
    for (let i = j + 1; i < p; i++) {
      const v = 0.5 * (inv[j * p + i]! + inv[i * p + j]!);
      inv[j * p + i] = v;
      inv[i * p + j] = v;
    }
  }
  return inv;
}
