/**
 * Which columns of a dense model matrix are linear combinations of earlier ones.
 *
 * Gram–Schmidt in column order on the column-scaled matrix, with reorthogonalisation ("twice is
 * enough", CGS2: Giraud, Langou & Rozložník 2005). A column whose residual after projection on the
 * kept columns has norm below `tolerance` is aliased; like R's dqrdc2 (the limited pivoting of
 * lm/glm) deficient columns are set aside and the rest keep their order, so the aliased columns
 * reported are the ones R would print as NA. The combination is recovered from the triangular
 * factor: R a = c, with c the projection coefficients, then mapped back to unscaled columns.
 */
export interface AliasedColumn {
  /** Index of the aliased column. */
  readonly column: number;
  /** Indices of the earlier (kept) columns in the linear combination; empty for a zero column. */
  readonly combination: readonly number[];
  /** Weights w with x_column ≈ Σ w_j x_combination[j] (original scale). */
  readonly weights: readonly number[];
}

/** Below this many rows Gram–Schmidt runs directly; above, a Gram-matrix screen may spare it. */
const SCREEN_ROWS = 50_000;
/**
 * Smallest relative squared residual the Gram screen must see to call X full rank: far above the
 * rounding of XᵀX (≤ (n + p)·ε relative, ~6e-10 at n = 5·10⁶) and far above tolerance² = 1e-14, so a
 * screen that passes is conclusive; anything closer goes to Gram–Schmidt.
 */
const SCREEN_MARGIN = 1e-6;

/**
 * True when XᵀX, scaled to unit diagonal, has every Cholesky pivot (the squared residual of each column
 * after projection on the earlier ones) above SCREEN_MARGIN: then no column is aliased at `tolerance`.
 * Costs p(p+1)/2 passes over two columns and no n-length copies.
 */
function clearlyFullRank(X: Float64Array, n: number, p: number): boolean {
  const G = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += X[a * n + i]! * X[b * n + i]!;
      G[a * p + b] = s;
      G[b * p + a] = s;
    }
  }
  const scale = new Float64Array(p);
  for (let k = 0; k < p; k++) {
    if (!(G[k * p + k]! > 0) || !Number.isFinite(G[k * p + k]!)) return false;
    scale[k] = 1 / Math.sqrt(G[k * p + k]!);
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) G[a * p + b] = G[a * p + b]! * scale[a]! * scale[b]!;
  // Cholesky of the correlation-scaled Gram matrix; pivot k is column k's squared relative residual.
  for (let k = 0; k < p; k++) {
    let pivot = G[k * p + k]!;
    for (let j = 0; j < k; j++) pivot -= G[k * p + j]! * G[k * p + j]!;
    if (!(pivot > SCREEN_MARGIN)) return false;
    const root = Math.sqrt(pivot);
    G[k * p + k] = root;
    for (let i = k + 1; i < p; i++) {
      let v = G[i * p + k]!;
      for (let j = 0; j < k; j++) v -= G[i * p + j]! * G[k * p + j]!;
      G[i * p + k] = v / root;
    }
  }
  return true;
}

/** X is n × p column-major. `tolerance` is relative to each column's norm (R's lm uses 1e-7). */
export function findAliasedColumns(X: Float64Array, n: number, p: number, tolerance = 1e-7): AliasedColumn[] {
  // On many rows, a screen on XᵀX settles the usual full-rank case without n × p of basis vectors.
  if (n > SCREEN_ROWS && tolerance <= 1e-7 && clearlyFullRank(X, n, p)) return [];
  const basis: Float64Array[] = []; // orthonormal q_1..q_r
  const kept: number[] = []; // original index of each basis column
  const keptNorm: number[] = []; // ‖x‖ of each kept column
  const triangle: Float64Array[] = []; // column r of the upper-triangular R (length r + 1)
  const aliased: AliasedColumn[] = [];
  const v = new Float64Array(n);
  for (let k = 0; k < p; k++) {
    const column = X.subarray(k * n, (k + 1) * n);
    const norm = scaledNorm(column);
    if (!(norm > 0)) {
      aliased.push({ column: k, combination: [], weights: [] });
      continue;
    }
    for (let i = 0; i < n; i++) v[i] = column[i]! / norm;
    const coefficients = new Float64Array(basis.length);
    for (let pass = 0; pass < 2; pass++) {
      for (let j = 0; j < basis.length; j++) {
        const q = basis[j]!;
        let dot = 0;
        for (let i = 0; i < n; i++) dot += q[i]! * v[i]!;
        for (let i = 0; i < n; i++) v[i]! -= dot * q[i]!;
        coefficients[j]! += dot;
      }
    }
    let residual = 0;
    for (let i = 0; i < n; i++) residual += v[i]! * v[i]!;
    residual = Math.sqrt(residual);
    if (residual < tolerance) {
      // Back-substitute R a = c over the kept (scaled) columns, then rescale to original columns.
      const r = basis.length;
      const a = new Float64Array(r);
      for (let j = r - 1; j >= 0; j--) {
        let s = coefficients[j]!;
        for (let l = j + 1; l < r; l++) s -= triangle[l]![j]! * a[l]!;
        a[j] = s / triangle[j]![j]!;
      }
      let largest = 0;
      for (let j = 0; j < r; j++) largest = Math.max(largest, Math.abs(a[j]!));
      const combination: number[] = [];
      const weights: number[] = [];
      for (let j = 0; j < r; j++) {
        if (Math.abs(a[j]!) > 1e-6 * largest) {
          combination.push(kept[j]!);
          weights.push((a[j]! * norm) / keptNorm[j]!);
        }
      }
      aliased.push({ column: k, combination, weights });
      continue;
    }
    const q = new Float64Array(n);
    for (let i = 0; i < n; i++) q[i] = v[i]! / residual;
    const rColumn = new Float64Array(basis.length + 1);
    rColumn.set(coefficients);
    rColumn[basis.length] = residual;
    basis.push(q);
    kept.push(k);
    keptNorm.push(norm);
    triangle.push(rColumn);
  }
  return aliased;
}

/** ‖x‖₂ without overflow or underflow: the sum of squares of x / max|x|, rescaled (LAPACK's dnrm2 idea). */
function scaledNorm(x: Float64Array): number {
  let scale = 0;
  for (let i = 0; i < x.length; i++) scale = Math.max(scale, Math.abs(x[i]!));
  if (!(scale > 0) || !Number.isFinite(scale)) return scale;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const t = x[i]! / scale;
    s += t * t;
  }
  return scale * Math.sqrt(s);
}
