/**
 * The small vector helpers the minimisers need (dim is the number of parameters, small), and the
 * modified Newton direction built on @glmmkit/linalg's Cholesky and eigen-decomposition. Column-major storage.
 */
import { choleskyInPlace, solveWithCholesky, symmetricEigen } from "@glmmkit/linalg";

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

/** True when every pivot L_jj² of the factor L exceeds `floor`. */
function pivotsAbove(factor: Float64Array, n: number, floor: number): boolean {
  for (let j = 0; j < n; j++) {
    const ljj = factor[j * n + j]!;
    if (!(ljj * ljj > floor)) return false;
  }
  return true;
}

/**
 * The Newton direction d = −B⁻¹g of a minimiser, with B = H when H is numerically positive definite (every
 * Cholesky pivot above n·ε·max|diag H|), and otherwise H with its eigenvalues made positive in the
 * Jacobi-scaled metric (Nocedal & Wright 2006, § 3.4, the eigenvalue modification; Gill, Murray & Wright
 * 1981, § 4.4.2): with D = diag(√|H_ii|), S = D⁻¹HD⁻¹ = VΛVᵀ, B = D V |Λ|₊ Vᵀ D where |λ|₊ = max(|λ|, 1e-8 max|λ|).
 * Flipping a negative curvature keeps that direction's own length scale, where a multiple of the identity
 * added to H (the classical ridge) must exceed the most negative eigenvalue in every direction at once and,
 * on a badly scaled H (a log-SD near −5 beside a coefficient of a covariate in years), shrinks the steps of
 * all the well-curved directions to nothing. The scaling makes the direction independent of the units of
 * the parameters. Returns the largest eigenvalue shift (0 for a pure Newton step; in the scaled metric,
 * where diag S = ±1), or NaN when H or g is not finite. `factor` is n × n scratch.
 */
export function newtonDirection(h: Float64Array, gradient: Float64Array, n: number, factor: Float64Array, out: Float64Array): number {
  if (!allFinite(h) || !allFinite(gradient)) return Number.NaN;
  let maxAbsDiag = 0;
  let minDiag = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const d = h[i * n + i]!;
    maxAbsDiag = Math.max(maxAbsDiag, Math.abs(d));
    minDiag = Math.min(minDiag, d);
  }
  factor.set(h);
  if (minDiag > 0 && choleskyInPlace(factor, n) && pivotsAbove(factor, n, n * EPSILON * maxAbsDiag)) {
    for (let i = 0; i < n; i++) out[i] = -gradient[i]!;
    solveWithCholesky(factor, n, out);
    return 0;
  }
  const scale = new Float64Array(n);
  // A zero diagonal (no curvature at all in that coordinate) has no scale of its own: use the largest.
  const fallbackScale = maxAbsDiag > 0 ? Math.sqrt(maxAbsDiag) : 1;
  for (let i = 0; i < n; i++) {
    const d = Math.abs(h[i * n + i]!);
    scale[i] = d > 0 ? Math.sqrt(d) : fallbackScale;
  }
  for (let c = 0; c < n; c++) for (let r = 0; r < n; r++) factor[c * n + r] = h[c * n + r]! / (scale[r]! * scale[c]!);
  const { values, vectors } = symmetricEigen(factor, n);
  let largest = 0;
  for (let k = 0; k < n; k++) largest = Math.max(largest, Math.abs(values[k]!));
  const floor = largest > 0 ? 1e-8 * largest : 1;
  let shift = 0;
  const t = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const lambda = values[k]!;
    const modified = Math.max(Math.abs(lambda), floor);
    shift = Math.max(shift, modified - lambda);
    let s = 0;
    for (let i = 0; i < n; i++) s += vectors[k * n + i]! * (gradient[i]! / scale[i]!);
    t[k] = s / modified;
  }
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += vectors[k * n + i]! * t[k]!;
    out[i] = -s / scale[i]!;
  }
  return shift;
}
