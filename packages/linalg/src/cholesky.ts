/**
 * Dense Cholesky factorisation A = L Lᵀ of a symmetric positive-definite matrix stored
 * column-major (A[j*n + i] is row i, column j).
 */

/**
 * Pivot j is rejected when it is ≤ n·ε·A_jj (A_jj the original diagonal entry). The pivot is the
 * Schur complement A_jj − a_jᵀ A₁₁⁻¹ a_j ≥ λ_min(A), while A_jj ≤ λ_max(A), so for a positive-definite
 * matrix pivot/A_jj ≥ 1/κ(A): a ratio at rounding level means κ ≳ 1/(nε) — numerically singular,
 * and its "factor" would be noise. The test is invariant to diagonal scaling of A.
 */
const PIVOT_RELATIVE_TOLERANCE = Number.EPSILON;

/**
 * Overwrites the n×n block of `A` starting at `offset` with its lower Cholesky factor L
 * (lower triangle, diagonal included; strict upper triangle zeroed). Only the lower triangle of
 * A is read. Returns false — leaving the block partially overwritten — when A is not
 * (numerically) positive definite or holds non-finite values.
 *
 * Column-oriented "gaxpy" Cholesky (Golub & Van Loan, Matrix Computations, Alg. 4.2.1): column j
 * is updated by the already-finished columns k < j, so every inner loop runs down a contiguous
 * column of the column-major array.
 */
export function choleskyInPlace(A: Float64Array, n: number, offset = 0): boolean {
  const tolerance = n * PIVOT_RELATIVE_TOLERANCE;
  for (let j = 0; j < n; j++) {
    const colJ = offset + j * n;
    const originalDiagonal = A[colJ + j];
    // A(j:n, j) -= L(j:n, k) · L(j, k) for every finished column k < j.
    for (let k = 0; k < j; k++) {
      const colK = offset + k * n;
      const ljk = A[colK + j];
      if (ljk === 0) continue;
      for (let i = j; i < n; i++) A[colJ + i] -= A[colK + i] * ljk;
    }
    const pivot = A[colJ + j];
    // `!(x > y)` also rejects NaN.
    if (!(pivot > tolerance * originalDiagonal) || !(pivot > 0) || pivot === Infinity) return false;
    const ljj = Math.sqrt(pivot);
    A[colJ + j] = ljj;
    const inverse = 1 / ljj;
    for (let i = j + 1; i < n; i++) A[colJ + i] *= inverse;
  }
  // Zero the strict upper triangle so the block is exactly L.
  for (let j = 1; j < n; j++) {
    const colJ = offset + j * n;
    for (let i = 0; i < j; i++) A[colJ + i] = 0;
  }
  return true;
}

/** The first ridge tried and how fast it grows after each failure. */
export interface CholeskyWithRidgeOptions {
  /** First ridge tried; default max(1e-10·max|A_ii|, 1e-12). */
  readonly initialRidge?: number;
  /** Factor by which the ridge grows after each failure; default 10. */
  readonly growth?: number;
  /** Ridged attempts before giving up (throwing); default 60. */
  readonly maxAttempts?: number;
}

/** A Cholesky factor and the ridge that was added to make it exist. */
export interface CholeskyWithRidge {
  /** Lower Cholesky factor of A + ridge·I (strict upper triangle zero), n×n column-major. */
  readonly L: Float64Array;
  /** The τ added to the diagonal; 0 when A itself was positive definite. */
  readonly ridge: number;
}

/**
 * Cholesky factor of A, or of A + τI for the smallest τ in the geometric sequence
 * τ₀, 10τ₀, 100τ₀, … that makes the factorisation succeed (the Levenberg–Marquardt-style
 * "modified Cholesky" used for indefinite Newton Hessians, Nocedal & Wright §3.4). The ridge is
 * reported so callers can surface it as a diagnostic. `A` is not modified; only its lower
 * triangle is read. Throws if A holds non-finite values or no ridge in range succeeds.
 */
export function choleskyWithRidge(
  A: Float64Array,
  n: number,
  options: CholeskyWithRidgeOptions = {},
): CholeskyWithRidge {
  const L = new Float64Array(n * n);
  const copyLower = (): void => {
    for (let j = 0; j < n; j++) {
      const col = j * n;
      for (let i = j; i < n; i++) L[col + i] = A[col + i];
    }
  };
  copyLower();
  if (choleskyInPlace(L, n)) return { L, ridge: 0 };

  let maxAbsDiagonal = 0;
  for (let j = 0; j < n; j++) {
    const d = A[j * n + j];
    if (!Number.isFinite(d)) throw new Error(`choleskyWithRidge: diagonal entry ${j} is ${d}`);
    maxAbsDiagonal = Math.max(maxAbsDiagonal, Math.abs(d));
  }
  for (let j = 0; j < n; j++) {
    for (let i = j + 1; i < n; i++) {
      const value = A[j * n + i];
      if (!Number.isFinite(value)) {
        throw new Error(`choleskyWithRidge: entry (${i}, ${j}) is ${value}`);
      }
    }
  }

  const growth = options.growth ?? 10;
  const maxAttempts = options.maxAttempts ?? 60;
  let ridge = options.initialRidge ?? Math.max(1e-10 * maxAbsDiagonal, 1e-12);
  if (!(ridge > 0) || !(growth > 1)) {
    throw new Error("choleskyWithRidge: initialRidge must be > 0 and growth > 1");
  }
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    copyLower();
    for (let j = 0; j < n; j++) L[j * n + j] += ridge;
    if (choleskyInPlace(L, n)) return { L, ridge };
    ridge *= growth;
  }
  throw new Error(`choleskyWithRidge: no ridge up to ${ridge / growth} made the matrix positive definite`);
}
