/**
 * Householder QR of a tall n × p matrix (column-major Float64Array, n ≥ p) for weighted least squares:
 * the IRLS steps of binomial GLMs solve min ‖W^{1/2}(X δ) − r‖ this way, and (RᵀR)⁻¹ = (XᵀWX)⁻¹ comes
 * from R without forming XᵀWX, whose condition number is the square of W^{1/2}X's (Golub & Van Loan,
 * Alg. 5.2.1 and § 5.3.3). Full rank is the caller's business (`columnRank` decides it once per design);
 * here a column with nothing left below the diagonal makes the factorisation fail (null).
 */
import { inverseFromCholesky } from "./inverse.js";

export interface HouseholderQr {
  readonly n: number;
  readonly p: number;
  /** The factored matrix: R on and above the diagonal, the Householder vectors v_k (v_k[k] implicit) below. */
  readonly factor: Float64Array;
  /** v_k[k] of each reflector H_k = I − v vᵀ / τ_k (stored apart so R's diagonal can stay in place). */
  readonly head: Float64Array;
  /** τ_k = vᵀv / 2 of each reflector. */
  readonly tau: Float64Array;
}

/**
 * Factor `a` (n × p, column-major; overwritten) as Q R. Returns null when a column is numerically zero
 * after the earlier reflections (rank deficient).
 */
export function householderQr(
  a: Float64Array,
  n: number,
  p: number,
  // A caller factoring many small systems (IRLS warm-started thousands of times) passes its own p-vectors.
  head: Float64Array = new Float64Array(p),
  tau: Float64Array = new Float64Array(p),
): HouseholderQr | null {
  if (n < p) throw new Error(`householderQr: ${n} rows for ${p} columns; needs n ≥ p`);
  if (head.length < p || tau.length < p) throw new Error(`householderQr: head and tau need length p = ${p}`);
  for (let k = 0; k < p; k++) {
    const ck = k * n;
    // ‖x‖ with a scale so that neither overflow nor underflow loses it.
    let scale = 0;
    for (let i = k; i < n; i++) scale = Math.max(scale, Math.abs(a[ck + i]!));
    if (!(scale > 0)) return null;
    let sum = 0;
    for (let i = k; i < n; i++) {
      const t = a[ck + i]! / scale;
      sum += t * t;
    }
    const norm = scale * Math.sqrt(sum);
    // v = x − α e_1 with α = −sign(x_k) ‖x‖ (no cancellation in v_k), H x = α e_1.
    const alpha = a[ck + k]! > 0 ? -norm : norm;
    const vk = a[ck + k]! - alpha;
    head[k] = vk;
    const t = norm * norm - a[ck + k]! * alpha; // vᵀv / 2 = ‖x‖² − x_k α
    tau[k] = t;
    // Reflect the remaining columns: a_j ← a_j − v (vᵀa_j)/τ, with v = (v_k, a[k+1..n, k]).
    const v = a.subarray(ck + k + 1, ck + n);
    const m = v.length;
    for (let j = k + 1; j < p; j++) {
      const cj = j * n;
      const column = a.subarray(cj + k + 1, cj + n);
      let dot = vk * a[cj + k]!;
      for (let i = 0; i < m; i++) dot += v[i]! * column[i]!;
      const f = dot / t;
      a[cj + k] = a[cj + k]! - f * vk;
      for (let i = 0; i < m; i++) column[i] = column[i]! - f * v[i]!;
    }
    a[ck + k] = alpha;
  }
  return { n, p, factor: a, head, tau };
}

/** b ← Qᵀ b (length n), applying H_0, H_1, … in turn. */
export function applyQTranspose(qr: HouseholderQr, b: Float64Array): void {
  const { n, p, factor, head, tau } = qr;
  for (let k = 0; k < p; k++) {
    const ck = k * n;
    let dot = head[k]! * b[k]!;
    for (let i = k + 1; i < n; i++) dot += factor[ck + i]! * b[i]!;
    const f = dot / tau[k]!;
    b[k] = b[k]! - f * head[k]!;
    for (let i = k + 1; i < n; i++) b[i] = b[i]! - f * factor[ck + i]!;
  }
}

/** The least-squares solution x = argmin ‖A x − b‖ (length p); `b` (length n) is overwritten by Qᵀb. */
export function solveLeastSquaresFromQr(qr: HouseholderQr, b: Float64Array, x: Float64Array = new Float64Array(qr.p)): Float64Array {
  const { n, p, factor } = qr;
  applyQTranspose(qr, b);
  for (let k = p - 1; k >= 0; k--) {
    let s = b[k]!;
    for (let j = k + 1; j < p; j++) s -= factor[j * n + k]! * x[j]!;
    x[k] = s / factor[k * n + k]!;
  }
  return x;
}

/** R as a p × p upper-triangular column-major matrix. */
export function upperTriangleOfQr(qr: HouseholderQr): Float64Array {
  const { n, p, factor } = qr;
  const r = new Float64Array(p * p);
  for (let j = 0; j < p; j++) for (let i = 0; i <= j; i++) r[j * p + i] = factor[j * n + i]!;
  return r;
}

/**
 * (RᵀR)⁻¹ = (AᵀA)⁻¹ for the factored A. L = Rᵀ is lower triangular with L Lᵀ = RᵀR (the signs of its
 * diagonal do not matter: (L Lᵀ)⁻¹ = L⁻ᵀ L⁻¹ for any invertible L), so this is the inverse from a
 * Cholesky factor applied to Rᵀ.
 */
export function inverseCrossProductFromQr(qr: HouseholderQr): Float64Array {
  const { n, p, factor } = qr;
  const l = new Float64Array(p * p);
  for (let j = 0; j < p; j++) for (let i = j; i < p; i++) l[j * p + i] = factor[i * n + j]!;
  return inverseFromCholesky(l, p);
}
