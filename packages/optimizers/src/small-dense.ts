/**
 * The few small dense kernels the minimisers need (dim is the number of parameters, small),
 * kept local so the package does not depend on the linalg internals. Column-major storage.
 */

const EPSILON = Number.EPSILON;

export function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

export function maxAbs(a: Float64Array): number {
  let largest = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]!);
    // NaN is returned so that a non-finite vector is never mistaken for a small one.
    if (Number.isNaN(v)) return Number.NaN;
    if (v > largest) largest = v;
  }
  return largest;
}

/** Scales `v` in place so that ‖v‖∞ ≤ limit (a step-length cap that keeps the direction). */
export function capInfinityNorm(v: Float64Array, limit: number): void {
  const length = maxAbs(v);
  if (length > limit) {
    const scale = limit / length;
    for (let i = 0; i < v.length; i++) v[i] = v[i]! * scale;
  }
}

export function allFinite(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) return false;
  return true;
}

/**
 * In-place lower Cholesky factor L (A = L Lᵀ) of the symmetric n×n matrix in `a`, reading only
 * its lower triangle; the strict upper triangle is zeroed. Returns false (leaving `a` partly
 * overwritten) when a pivot is not finite or not above `pivotFloor`, i.e. A is not (numerically)
 * positive definite.
 */
export function choleskyInPlace(a: Float64Array, n: number, pivotFloor = 0): boolean {
  for (let j = 0; j < n; j++) {
    const colJ = j * n;
    let pivot = a[colJ + j]!;
    for (let k = 0; k < j; k++) {
      const ljk = a[k * n + j]!;
      pivot -= ljk * ljk;
    }
    if (!(pivot > pivotFloor) || !Number.isFinite(pivot)) return false;
    const ljj = Math.sqrt(pivot);
    a[colJ + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[colJ + i]!;
      for (let k = 0; k < j; k++) {
        const colK = k * n;
        s -= a[colK + i]! * a[colK + j]!;
      }
      a[colJ + i] = s / ljj;
    }
    for (let i = 0; i < j; i++) a[colJ + i] = 0;
  }
  return true;
}

/** Solves (L Lᵀ) x = b in place in `b`, with L from `choleskyInPlace`. */
export function choleskySolveInPlace(l: Float64Array, n: number, b: Float64Array): void {
  // Forward substitution L z = b.
  for (let j = 0; j < n; j++) {
    const colJ = j * n;
    const zj = b[j]! / l[colJ + j]!;
    b[j] = zj;
    for (let i = j + 1; i < n; i++) b[i] = b[i]! - l[colJ + i]! * zj;
  }
  // Back substitution Lᵀ x = z.
  for (let j = n - 1; j >= 0; j--) {
    const colJ = j * n;
    let s = b[j]!;
    for (let i = j + 1; i < n; i++) s -= l[colJ + i]! * b[i]!;
    b[j] = s / l[colJ + j]!;
  }
}

/**
 * Cholesky of H + τI with the smallest τ found in the sequence 0 (if diag(H) > 0),
 * −min(diag H) + β, then ×10 until the factorisation succeeds — Nocedal & Wright (2006),
 * Algorithm 3.3 "Cholesky with added multiple of the identity", with β = 1e-3·max|diag H|
 * and growth ×10 instead of ×2 to bound the number of factorisations.
 * The factor is written to `factor`; returns τ, or NaN when H has non-finite entries
 * (no ridge can help then).
 */
export function choleskyWithRidge(h: Float64Array, n: number, factor: Float64Array): number {
  if (!allFinite(h)) return Number.NaN;
  let maxAbsDiag = 0;
  let minDiag = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const d = h[i * n + i]!;
    maxAbsDiag = Math.max(maxAbsDiag, Math.abs(d));
    minDiag = Math.min(minDiag, d);
  }
  const beta = maxAbsDiag > 0 ? 1e-3 * maxAbsDiag : 1e-3;
  let ridge = minDiag > 0 ? 0 : beta - minDiag;
  for (let attempt = 0; attempt < 200; attempt++) {
    factor.set(h);
    for (let i = 0; i < n; i++) factor[i * n + i] = factor[i * n + i]! + ridge;
    // Pivots at rounding level relative to the diagonal mean "singular", not "positive definite".
    const pivotFloor = n * EPSILON * (maxAbsDiag + ridge);
    if (choleskyInPlace(factor, n, pivotFloor)) return ridge;
    ridge = Math.max(10 * ridge, beta);
  }
  return Number.NaN;
}
