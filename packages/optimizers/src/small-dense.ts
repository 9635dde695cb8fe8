/**
 * The small vector helpers the minimisers need (dim is the number of parameters, small), and the
 * Newton ridge rule built on @glmmkit/linalg's Cholesky. Column-major storage.
 */
import { choleskyInPlace } from "@glmmkit/linalg";

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
 * Cholesky of H + τI with the smallest τ found in the sequence 0 (if diag(H) > 0),
 * −min(diag H) + β, then ×10 until the factorisation succeeds — Nocedal & Wright (2006),
 * Algorithm 3.3 "Cholesky with added multiple of the identity", with β = 1e-3·max|diag H|
 * and growth ×10 instead of ×2 to bound the number of factorisations.
 * The factor (lower, strict upper triangle zero) is written to `factor`; returns τ, or NaN when
 * H has non-finite entries (no ridge can help then).
 *
 * Each attempt factors with @glmmkit/linalg's `choleskyInPlace`, whose pivot test is relative to
 * each column's own diagonal (pivot > n·ε·A_jj). The minimiser additionally treats a pivot at
 * rounding level relative to the largest diagonal, n·ε·(max|diag H| + τ), as singular, so τ also
 * bounds the condition of H + τI by ≈ 1/(nε) and the Newton solve stays accurate. linalg's
 * `choleskyWithRidge` is not used: its τ sequence (τ₀ = 1e-10·max|A_ii|, ×10) differs from this one.
 */
export function choleskyWithAddedIdentity(h: Float64Array, n: number, factor: Float64Array): number {
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
    const pivotFloor = n * EPSILON * (maxAbsDiag + ridge);
    if (choleskyInPlace(factor, n) && pivotsAbove(factor, n, pivotFloor)) return ridge;
    ridge = Math.max(10 * ridge, beta);
  }
  return Number.NaN;
}

/** True when every pivot L_jj² of the factor L exceeds `floor`. */
function pivotsAbove(factor: Float64Array, n: number, floor: number): boolean {
  for (let j = 0; j < n; j++) {
    const ljj = factor[j * n + j]!;
    if (!(ljj * ljj > floor)) return false;
  }
  return true;
}
