/**
 * Which columns of a dense model matrix are linear combinations of earlier ones, for the error message
 * that names them: linalg's `columnRank` (R's dqrdc2 order: earlier columns win), with each combination
 * reduced to the columns that carry weight. On many rows a Gram-matrix screen first settles the usual
 * full-rank case.
 */
import { columnRank } from "@glmmkit/linalg";

export interface AliasedColumn {
  /** Index of the aliased column. */
  readonly column: number;
  /** Indices of the earlier (kept) columns in the linear combination; empty for a zero column. */
  readonly combination: readonly number[];
  /** Weights w with x_column ≈ Σ w_j x_combination[j] (original scale). */
  readonly weights: readonly number[];
}

/** Below this many rows the QR runs directly; above, a Gram-matrix screen may spare it. */
const SCREEN_ROWS = 50_000;
/**
 * Smallest relative squared residual the Gram screen must see to call X full rank: far above the
 * rounding of XᵀX (≤ (n + p)·ε relative, ~6e-10 at n = 5·10⁶) and far above tolerance² = 1e-14, so a
 * screen that passes is conclusive; anything closer goes to the QR.
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
  // On many rows, a screen on XᵀX settles the usual full-rank case without an n × p copy for the QR.
  if (n > SCREEN_ROWS && tolerance <= 1e-7 && clearlyFullRank(X, n, p)) return [];
  const rank = columnRank(X, n, p, tolerance);
  return rank.aliased.map((alias) => {
    if (alias.zero) return { column: alias.column, combination: [], weights: [] };
    // Columns are scaled differently, so judge a weight by its contribution w_j ‖x_j‖ to the column.
    const norm = (k: number) => {
      let s = 0;
      for (let i = k * n; i < (k + 1) * n; i++) s += X[i]! * X[i]!;
      return Math.sqrt(s);
    };
    const contributions = Array.from(alias.coefficients, (w, t) => Math.abs(w) * norm(rank.kept[t]!));
    const largest = Math.max(0, ...contributions);
    const combination: number[] = [];
    const weights: number[] = [];
    contributions.forEach((c, t) => {
      if (c > 1e-6 * largest) {
        combination.push(rank.kept[t]!);
        weights.push(alias.coefficients[t]!);
      }
    });
    return { column: alias.column, combination, weights };
  });
}
