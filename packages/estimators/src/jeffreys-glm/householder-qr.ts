/**
 * Householder QR of the tall n × p matrices of a fixed-effects binomial GLM (column-major
 * Float64Arrays): rank checks and (RᵀR)⁻¹ = (XᵀWX)⁻¹ without forming XᵀWX, whose condition
 * number is the square of W^{1/2}X's. @glmmkit/linalg has no QR, so R is formed here; the
 * inverse then comes from linalg's Cholesky-factor inverse, since Rᵀ is a Cholesky factor of RᵀR.
 */
import { inverseFromCholesky } from "@glmmkit/linalg";

/**
 * R of the Householder QR of an n × p matrix M (column-major; M is overwritten). Returns the
 * p × p upper-triangular R (column-major), or null if a column is (numerically) dependent.
 */
export function householderR(m: Float64Array, n: number, p: number): Float64Array | null {
  const r = new Float64Array(p * p);
  for (let k = 0; k < p; k++) {
    const ck = k * n;
    let norm = 0;
    let scale = 0;
    for (let i = k; i < n; i++) scale = Math.max(scale, Math.abs(m[ck + i]!));
    if (scale === 0) return null;
    for (let i = k; i < n; i++) {
      const v = m[ck + i]! / scale;
      norm += v * v;
    }
    norm = scale * Math.sqrt(norm);
    const alpha = m[ck + k]! > 0 ? -norm : norm;
    // v = x − αe1 stored in place; H = I − 2vvᵀ/(vᵀv).
    m[ck + k] = m[ck + k]! - alpha;
    let vtv = 0;
    for (let i = k; i < n; i++) vtv += m[ck + i]! * m[ck + i]!;
    for (let j = k + 1; j < p; j++) {
      const cj = j * n;
      let dot = 0;
      for (let i = k; i < n; i++) dot += m[ck + i]! * m[cj + i]!;
      const f = (2 * dot) / vtv;
      for (let i = k; i < n; i++) m[cj + i] = m[cj + i]! - f * m[ck + i]!;
    }
    r[k * p + k] = alpha;
    for (let j = k + 1; j < p; j++) r[j * p + k] = m[j * n + k]!;
  }
  for (let k = 0; k < p; k++) if (!(Math.abs(r[k * p + k]!) > 0)) return null;
  return r;
}

/**
 * (RᵀR)⁻¹ for upper-triangular R (p × p, column-major). L = Rᵀ is lower triangular with
 * L Lᵀ = RᵀR (the signs of its diagonal do not matter: (L Lᵀ)⁻¹ = L⁻ᵀ L⁻¹ for any invertible L),
 * so this is linalg's inverse from a Cholesky factor applied to Rᵀ.
 */
export function inverseCrossProductFromR(r: Float64Array, p: number): Float64Array {
  const l = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    for (let i = j; i < p; i++) l[j * p + i] = r[i * p + j]!;
  }
  return inverseFromCholesky(l, p);
}
