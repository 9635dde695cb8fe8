import type { DesignRecipe } from "./design-recipe.js";

/**
 * The model frame: everything an estimator needs, already numeric. Built by `buildModelFrame`
 * from a data table and a parsed formula; estimators never see formulas or text.
 */

/** One random-effects term `(terms | group)`: its model matrix rows z_i and grouping index. */
export interface RandomEffectsTerm {
  /** Grouping factor name as written in the formula, e.g. "block". */
  readonly group: string;
  /** Column names of the term, as R prints them: ["(Intercept)", "time"]. */
  readonly termNames: readonly string[];
  /** Number of correlated effects per level (q). */
  readonly q: number;
  /** Levels of the grouping factor, in R's order. */
  readonly levels: readonly string[];
  /** Length n: index into `levels` of each row. */
  readonly groupIndex: Int32Array;
  /** n × q, row-major: Z[i*q + k] is the k-th term column at row i (z_i in the papers). */
  readonly Z: Float64Array;
}

/** Rows of the data set aside before fitting, for one stated reason. */
export interface OmittedRows {
  /** "missing values" (--na-action omit) or "zero trials" (binomial rows with m = 0 carry no information). */
  readonly reason: "missing values" | "zero trials";
  /** 1-based data rows, ascending. */
  readonly rows: Int32Array;
}

/** Everything a fit needs: y, trials, X (column-major), β names and the random-effects terms. */
export interface ModelFrame {
  /** The formula as the user wrote it. */
  readonly formula: string;
  /** Name of the response (or `cbind(s, f)` as written). */
  readonly responseName: string;
  /** Number of observations (rows used). */
  readonly n: number;
  /** Successes y_i (0/1 for binary data). */
  readonly y: Float64Array;
  /** Trials m_i (all 1 for binary data). */
  readonly trials: Float64Array;
  /** True when every trial count is 1 (Bernoulli response). */
  readonly binary: boolean;
  /** Number of fixed effects. */
  readonly p: number;
  /** n × p fixed-effects model matrix, column-major: X[k*n + i]. */
  readonly X: Float64Array;
  /** Coefficient names as R prints them: "(Intercept)", "tttcrabs", "treatmentterbinafine:time". */
  readonly betaNames: readonly string[];
  /** Known part of every linear predictor (R's `offset(...)` terms, summed); absent when there is none. */
  readonly offset?: Float64Array;
  /** Random-effects terms in formula order (empty for a GLM). */
  readonly terms: readonly RandomEffectsTerm[];
  /** Rows read from the data source before any were set aside (n plus the omitted rows). */
  readonly rowsRead: number;
  /** What rebuilds the model matrix for new data (absent for frames made by hand). */
  readonly design?: DesignRecipe;
  /** Rows set aside, by reason (absent when none were). */
  readonly omitted?: readonly OmittedRows[];
  /** The 0-based data row of each frame row, when some rows were set aside (absent: frame row i is data row i). */
  readonly dataRows?: Int32Array;
}

/** Column k of X as a subarray view (no copy). */
export function xColumn(frame: ModelFrame, k: number): Float64Array {
  return frame.X.subarray(k * frame.n, (k + 1) * frame.n);
}
