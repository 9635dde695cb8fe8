/**
 * Which columns of a dense model matrix are linear combinations of earlier ones, for the error message
 * that names them: linalg's `columnRank` (R's dqrdc2 order: earlier columns win), with each combination
 * reduced to the columns that carry weight.
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

/** X is n × p column-major. `tolerance` is relative to each column's norm (R's lm uses 1e-7). */
export function findAliasedColumns(X: Float64Array, n: number, p: number, tolerance = 1e-7): AliasedColumn[] {
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
