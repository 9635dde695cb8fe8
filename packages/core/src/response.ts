/**
 * The response of a binomial GLMM as successes y_i out of trials m_i: a 0/1 (or true/false, or
 * two-level text) column for Bernoulli data, or `cbind(successes, failures)` for counts, as glm
 * and glmer read them. Only the rows the model uses are read (row k is data row rows[k]).
 */
import { cellText, quoteSource, type DataColumn, type DataTable } from "./data-table.js";
import { GlmmInputError } from "./errors.js";
import { compareTextLevels } from "./factor.js";
import type { ColumnRef, DifferenceRef, FormulaResponse } from "./formula.js";
import { parseBooleanText, parseNumberText } from "./text-values.js";

export interface ResponseValues {
  readonly y: Float64Array;
  readonly trials: Float64Array;
}

function quoteList(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(", ");
}

function rowAt(rows: Int32Array | null, k: number): number {
  return rows === null ? k : rows[k]!;
}

/** 0/1 from a number or a boolean spelling, undefined otherwise. */
function zeroOneText(text: string): number | undefined {
  const x = parseNumberText(text);
  if (x === 0 || x === 1) return x;
  const b = parseBooleanText(text);
  return b === undefined ? undefined : b ? 1 : 0;
}

/** The distinct cell texts of the used rows, in order of first appearance. */
function distinctTexts(column: DataColumn, rows: Int32Array | null, n: number): string[] {
  const seen = new Set<string>();
  if (column.kind === "text") {
    const used = new Uint8Array(column.levels.length);
    for (let k = 0; k < n; k++) {
      const code = column.codes[rowAt(rows, k)]!;
      if (used[code] === 0) {
        used[code] = 1;
        seen.add(column.levels[code]!);
      }
      if (seen.size > 10) break;
    }
  } else {
    for (let k = 0; k < n && seen.size <= 10; k++) seen.add(cellText(column, rowAt(rows, k)));
  }
  return [...seen];
}

function binaryResponse(table: DataTable, name: string, success: string | undefined, rows: Int32Array | null, n: number): ResponseValues {
  const column = table.column(name);
  const where = quoteSource(table.source);
  const y = new Float64Array(n);
  const trials = new Float64Array(n).fill(1);
  const distinct = distinctTexts(column, rows, n);
  const shown = `${quoteList(distinct.slice(0, 10))}${distinct.length > 10 ? ", ..." : ""}`;
  if (success !== undefined) {
    if (distinct.length > 2) {
      throw new GlmmInputError(
        "response",
        `response column "${name}" in ${where} has ${distinct.length > 10 ? "more than 10" : distinct.length} distinct values (${shown}); a binary response needs exactly two`,
      );
    }
    if (!distinct.includes(success)) {
      throw new GlmmInputError("option", `success level "${success}" is not a value of response column "${name}" in ${where}; its values are ${shown}`);
    }
    for (let k = 0; k < n; k++) y[k] = cellText(column, rowAt(rows, k)) === success ? 1 : 0;
    return { y, trials };
  }
  if (column.kind === "numeric") {
    for (let k = 0; k < n; k++) {
      const v = column.values[rowAt(rows, k)]!;
      if (v !== 0 && v !== 1) {
        throw new GlmmInputError(
          "response",
          `${where}, row ${rowAt(rows, k) + 1}, column "${name}": response must be 0 or 1 (or true/false), found "${cellText(column, rowAt(rows, k))}"`,
        );
      }
      y[k] = v;
    }
    return { y, trials };
  }
  if (distinct.length === 2 && distinct.every((v) => zeroOneText(v) === undefined)) {
    const [a, b] = [...distinct].sort(compareTextLevels);
    throw new GlmmInputError(
      "response",
      `response column "${name}" in ${where} holds text with two levels, "${a}" and "${b}": say which one counts as a success (1) with --success LEVEL (e.g. --success "${b}")`,
    );
  }
  const levelValue = column.levels.map(zeroOneText);
  for (let k = 0; k < n; k++) {
    const v = levelValue[column.codes[rowAt(rows, k)]!];
    if (v === undefined) {
      throw new GlmmInputError(
        "response",
        `${where}, row ${rowAt(rows, k) + 1}, column "${name}": response must be 0 or 1 (or true/false), found "${cellText(column, rowAt(rows, k))}"`,
      );
    }
    y[k] = v;
  }
  return { y, trials };
}

function countColumn(table: DataTable, name: string, rows: Int32Array | null, n: number): Float64Array {
  const column = table.column(name);
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const row = rowAt(rows, k);
    const x = column.kind === "numeric" ? column.values[row]! : Number.NaN;
    if (!(x >= 0) || !Number.isInteger(x)) {
      throw new GlmmInputError(
        "response",
        `${quoteSource(table.source)}, row ${row + 1}, column "${name}": binomial counts must be non-negative integers, found "${cellText(column, row)}"`,
      );
    }
    out[k] = x;
  }
  return out;
}

function failureCounts(table: DataTable, failures: ColumnRef | DifferenceRef, rows: Int32Array | null, n: number): Float64Array {
  if (failures.kind === "column") return countColumn(table, failures.name, rows, n);
  const total = countColumn(table, failures.total, rows, n);
  const minus = countColumn(table, failures.minus, rows, n);
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    if (minus[k]! > total[k]!) {
      throw new GlmmInputError(
        "response",
        `${quoteSource(table.source)}, row ${rowAt(rows, k) + 1}: ${failures.minus} (${minus[k]}) exceeds ${failures.total} (${total[k]})`,
      );
    }
    out[k] = total[k]! - minus[k]!;
  }
  return out;
}

/**
 * y and m from the formula's response over the used rows (`rows`: data-row indices, null for all);
 * missing cells were already refused or dropped.
 */
export function responseValues(
  table: DataTable,
  response: FormulaResponse,
  success: string | undefined,
  rows: Int32Array | null = null,
): ResponseValues {
  const n = rows === null ? table.rows : rows.length;
  if (response.kind === "column") return binaryResponse(table, response.name, success, rows, n);
  if (success !== undefined) {
    throw new GlmmInputError("option", `a success level ("${success}") applies only to a 0/1 response, not to cbind(successes, failures) counts`);
  }
  const y = countColumn(table, response.successes.name, rows, n);
  const failures = failureCounts(table, response.failures, rows, n);
  const trials = new Float64Array(n);
  for (let k = 0; k < n; k++) trials[k] = y[k]! + failures[k]!;
  return { y, trials };
}

/** The data columns a response reads. */
export function responseColumns(response: FormulaResponse): string[] {
  if (response.kind === "column") return [response.name];
  const f = response.failures;
  return [response.successes.name, ...(f.kind === "column" ? [f.name] : [f.total, f.minus])];
}
