/**
 * Small dense kernels for the p × p systems of a fixed-effects binomial GLM (column-major
 * Float64Arrays). Local to this folder so the GLM fits need nothing beyond @glmmkit/penalties.
 */

/** In-place Cholesky (lower triangle of `a`); false when A is not numerically positive definite. */
export function choleskyInPlace(a: Float64Array, p: number): boolean {
  for (let j = 0; j < p; j++) {
    let d = a[j * p + j]!;
    for (let k = 0; k < j; k++) d -= a[k * p + j]! * a[k * p + j]!;
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

/** Solve (L Lᵀ) x = b in place, L from `choleskyInPlace`. */
export function choleskySolveInPlace(l: Float64Array, p: number, b: Float64Array): void {
  for (let j = 0; j < p; j++) {
    const xj = b[j]! / l[j * p + j]!;
    b[j] = xj;
    for (let i = j + 1; i < p; i++) b[i] = b[i]! - l[j * p + i]! * xj;
  }
  for (let j = p - 1; j >= 0; j--) {
    let s = b[j]!;
    for (let i = j + 1; i < p; i++) s -= l[j * p + i]! * b[i]!;
    b[j] = s / l[j * p + j]!;
  }
}

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

/** (RᵀR)⁻¹ = R⁻¹ R⁻ᵀ for upper-triangular R (p × p, column-major). */
export function inverseCrossProductFromR(r: Float64Array, p: number): Float64Array {
  // Rinv (upper triangular) by back substitution, column by column.
  const rinv = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    rinv[j * p + j] = 1 / r[j * p + j]!;
    for (let i = j - 1; i >= 0; i--) {
      let s = 0;
      for (let k = i + 1; k <= j; k++) s += r[k * p + i]! * rinv[j * p + k]!;
      rinv[j * p + i] = -s / r[i * p + i]!;
    }
  }
  const out = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let k = a; k < p; k++) s += rinv[k * p + a]! * rinv[k * p + b]!;
      out[b * p + a] = s;
      out[a * p + b] = s;
    }
  }
  return out;
}
