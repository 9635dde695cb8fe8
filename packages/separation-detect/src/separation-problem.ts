/**
 * The data of Konis's separation linear program (Konis 2007, §4.2; detectseparation's
 * `separator`), built once from (X, y, trials) and shared by every LP solve and check:
 *
 *   rows      one per observation with trials > 0, signed by s_i = 2·1{y_i = m_i} − 1, i.e. the
 *             constraint s_i x̃_iᵀd ≥ 0; a binomial row with 0 < y_i < m_i has both a success and
 *             a failure, so it counts on both sides: x̃_iᵀd ≥ 0 and ≤ 0, one equality row;
 *   columns   the linearly independent columns of X (aliased ones are set aside, as R does with
 *             NA coefficients), each divided by its largest absolute value so that the LP — and
 *             its box d ∈ [−1, 1]^r — does not depend on the units of the covariates.
 *
 * The constraint matrix is stored as CSR (only the nonzeros), which is also what HiGHS accepts.
 */
import { SeparationInputError } from "./errors.js";
import { DEFAULT_ALIAS_TOLERANCE, columnRank } from "@glmmkit/linalg";
import type { AliasedColumn } from "@glmmkit/linalg";

/**
 * Scaled entries at or below this magnitude are treated as exact zeros (the smallest value HiGHS
 * keeps in a constraint matrix is 1e-12 once `small_matrix_value` is lowered to it; we zero them
 * on our side so the LP and every check in JavaScript see the same matrix).
 */
export const ZERO_ENTRY_TOLERANCE = 1e-12;

/** The LP data of a separation check, built once from (X, y, trials). */
export interface SeparationProblem {
  /** Observations and coefficients of the input. */
  n: number;
  p: number;
  columnNames: string[];
  /** LP row k is observation rowIndex[k] (0-based row of X). */
  rowIndex: Int32Array;
  /** +1 (all successes), −1 (all failures) or 0 (0 < y < m: an equality row). */
  rowSign: Int8Array;
  /** Number of LP rows (observations with trials > 0). */
  numRows: number;
  /** LP column t is column kept[t] of X. */
  kept: Int32Array;
  /** Per column of X: the divisor applied to it (largest |x_ij| over the LP rows; 1 for zero columns). */
  scale: Float64Array;
  aliased: AliasedColumn[];
  /** CSR of the signed, scaled constraint matrix: row k holds s_k x̃_k (x̃_k for equality rows). */
  starts: Int32Array;
  indices: Int32Array;
  values: Float64Array;
  /** Konis's objective Σ_k s_k x̃_kᵀd: the column sums of the one-sided rows. */
  baseCost: Float64Array;
  /** Observations with trials = 0, which carry no information and are left out. */
  skippedRows: number[];
  /** Number of equality rows (0 < y < m). */
  twoSidedRows: number;
}

/** Options of buildSeparationProblem. */
export interface BuildOptions {
  columnNames?: string[] | undefined;
  aliasTolerance?: number | undefined;
}

function checkDimension(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new SeparationInputError(`${name} must be a non-negative integer, got ${value}`);
  }
}

/**
 * Validates the input and builds the scaled, signed LP data.
 *
 * @param x n×p model matrix, column-major
 * @param y responses: 0/1 when `trials` is null, otherwise success counts with 0 ≤ y_i ≤ trials_i
 */
export function buildSeparationProblem(
  x: Float64Array,
  n: number,
  p: number,
  y: Float64Array,
  trials: Float64Array | null | undefined,
  options: BuildOptions = {},
): SeparationProblem {
  checkDimension("n", n);
  checkDimension("p", p);
  if (x.length !== n * p) {
    throw new SeparationInputError(`X has ${x.length} entries; expected n × p = ${n} × ${p} = ${n * p}`);
  }
  if (y.length !== n) {
    throw new SeparationInputError(`y has ${y.length} entries; expected one per row of X (${n})`);
  }
  if (trials != null && trials.length !== n) {
    throw new SeparationInputError(`trials has ${trials.length} entries; expected one per row of X (${n})`);
  }
  const columnNames = options.columnNames ?? Array.from({ length: p }, (_, j) => `x${j + 1}`);
  if (columnNames.length !== p) {
    throw new SeparationInputError(`columnNames has ${columnNames.length} names; expected one per column of X (${p})`);
  }

  for (let j = 0; j < p; j++) {
    const offset = j * n;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(x[offset + i]!)) {
        throw new SeparationInputError(
          `X row ${i}, column '${columnNames[j]}': expected a finite number, got ${x[offset + i]}`,
        );
      }
    }
  }

  // Response signs (Konis 2007: ȳ_i = 2y_i − 1 for binary data).
  const signOfRow = new Int8Array(n);
  const informative = new Uint8Array(n);
  const skippedRows: number[] = [];
  let numRows = 0;
  let twoSidedRows = 0;
  for (let i = 0; i < n; i++) {
    const yi = y[i]!;
    if (trials == null) {
      if (yi !== 0 && yi !== 1) {
        throw new SeparationInputError(`y row ${i}: expected 0 or 1 for a binary response, got ${yi}`);
      }
      signOfRow[i] = yi === 1 ? 1 : -1;
      informative[i] = 1;
      numRows++;
      continue;
    }
    const mi = trials[i]!;
    if (!Number.isFinite(mi) || mi < 0) {
      throw new SeparationInputError(`trials row ${i}: expected a finite number ≥ 0, got ${mi}`);
    }
    if (!Number.isFinite(yi) || yi < 0 || yi > mi) {
      throw new SeparationInputError(`y row ${i}: expected a count between 0 and trials (${mi}), got ${yi}`);
    }
    if (mi === 0) {
      skippedRows.push(i);
      continue;
    }
    informative[i] = 1;
    numRows++;
    if (yi === 0) signOfRow[i] = -1;
    else if (yi === mi) signOfRow[i] = 1;
    else {
      signOfRow[i] = 0;
      twoSidedRows++;
    }
  }

  const rowIndex = new Int32Array(numRows);
  const rowSign = new Int8Array(numRows);
  for (let i = 0, k = 0; i < n; i++) {
    if (informative[i] === 1) {
      rowIndex[k] = i;
      rowSign[k] = signOfRow[i]!;
      k++;
    }
  }

  // Column scaling by the largest absolute value over the LP rows: the LP answer (which
  // coefficients diverge, which rows tie) is then the same whatever the units of the covariates.
  const scale = new Float64Array(p);
  const scaled = new Float64Array(numRows * p);
  for (let j = 0; j < p; j++) {
    const offset = j * n;
    let largest = 0;
    for (let k = 0; k < numRows; k++) largest = Math.max(largest, Math.abs(x[offset + rowIndex[k]!]!));
    scale[j] = largest > 0 ? largest : 1;
    const inverse = 1 / scale[j]!;
    const target = j * numRows;
    for (let k = 0; k < numRows; k++) {
      const value = x[offset + rowIndex[k]!]! * inverse;
      scaled[target + k] = Math.abs(value) <= ZERO_ENTRY_TOLERANCE ? 0 : value;
    }
  }

  const rank = columnRank(scaled, numRows, p, options.aliasTolerance ?? DEFAULT_ALIAS_TOLERANCE);
  const kept = Int32Array.from(rank.kept);
  const r = kept.length;

  // CSR of the signed rows, skipping zeros (factor dummies and Bradley–Terry designs are sparse).
  let nonzeros = 0;
  for (let t = 0; t < r; t++) {
    const offset = kept[t]! * numRows;
    for (let k = 0; k < numRows; k++) if (scaled[offset + k] !== 0) nonzeros++;
  }
  const starts = new Int32Array(numRows + 1);
  const indices = new Int32Array(nonzeros);
  const values = new Float64Array(nonzeros);
  const baseCost = new Float64Array(r);
  let position = 0;
  for (let k = 0; k < numRows; k++) {
    const sign = rowSign[k]!;
    const multiplier = sign === 0 ? 1 : sign;
    for (let t = 0; t < r; t++) {
      const value = scaled[kept[t]! * numRows + k]!;
      if (value === 0) continue;
      const signed = multiplier * value;
      indices[position] = t;
      values[position] = signed;
      position++;
      if (sign !== 0) baseCost[t] = baseCost[t]! + signed;
    }
    starts[k + 1] = position;
  }

  return {
    n,
    p,
    columnNames,
    rowIndex,
    rowSign,
    numRows,
    kept,
    scale,
    aliased: rank.aliased,
    starts,
    indices,
    values,
    baseCost,
    skippedRows,
    twoSidedRows,
  };
}

/** Row activities a_k = s_k x̃_kᵀd of an LP direction d (length = number of kept columns). */
export function rowActivities(problem: SeparationProblem, direction: Float64Array, out?: Float64Array): Float64Array {
  const result = out ?? new Float64Array(problem.numRows);
  const { starts, indices, values } = problem;
  for (let k = 0; k < problem.numRows; k++) {
    let sum = 0;
    for (let e = starts[k]!; e < starts[k + 1]!; e++) sum += values[e]! * direction[indices[e]!]!;
    result[k] = sum;
  }
  return result;
}

/** Objective coefficients Σ_{k ∈ rows} s_k x̃_k for a subset of one-sided LP rows. */
export function costOfRows(problem: SeparationProblem, rows: Iterable<number>): Float64Array {
  const cost = new Float64Array(problem.kept.length);
  const { starts, indices, values } = problem;
  for (const k of rows) {
    for (let e = starts[k]!; e < starts[k + 1]!; e++) cost[indices[e]!] = cost[indices[e]!]! + values[e]!;
  }
  return cost;
}
