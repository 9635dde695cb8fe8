/**
 * The response of a binomial GLMM as successes y_i out of trials m_i: a 0/1 (or true/false, or
 * two-level text) column for Bernoulli data, or `cbind(successes, failures)` for counts, as glm
 * and glmer read them.
 */
import { parseBooleanCell, parseNumberCell } from "./cell-values.js";
import { quoteSource, type DataTable } from "./data-table.js";
import { GlmmInputError } from "./errors.js";
import { compareTextLevels } from "./factor.js";
import type { ColumnRef, DifferenceRef, FormulaResponse } from "./formula.js";

export interface ResponseValues {
  readonly y: Float64Array;
  readonly trials: Float64Array;
}

function quoteList(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(", ");
}

/** 0/1 from a numeric or boolean cell, undefined otherwise. */
function zeroOne(raw: string): number | undefined {
  const x = parseNumberCell(raw);
  if (x === 0 || x === 1) return x;
  const b = parseBooleanCell(raw);
  return b === undefined ? undefined : b ? 1 : 0;
}

function binaryResponse(table: DataTable, name: string, success: string | undefined): ResponseValues {
  const cells = table.column(name);
  const n = cells.length;
  const where = quoteSource(table.source);
  const y = new Float64Array(n);
  const distinct = [...new Set(cells)];
  if (success !== undefined) {
    if (!distinct.includes(success)) {
      throw new GlmmInputError(
        "option",
        `success level "${success}" is not a value of response column "${name}" in ${where}; its values are ${quoteList(distinct.slice(0, 10))}${distinct.length > 10 ? ", ..." : ""}`,
      );
    }
    if (distinct.length > 2) {
      throw new GlmmInputError(
        "response",
        `response column "${name}" in ${where} has ${distinct.length} distinct values (${quoteList(distinct.slice(0, 10))}${distinct.length > 10 ? ", ..." : ""}); a binary response needs exactly two`,
      );
    }
    for (let i = 0; i < n; i++) y[i] = cells[i] === success ? 1 : 0;
    return { y, trials: new Float64Array(n).fill(1) };
  }
  if (distinct.length === 2 && distinct.every((v) => zeroOne(v) === undefined)) {
    const [a, b] = [...distinct].sort(compareTextLevels);
    throw new GlmmInputError(
      "response",
      `response column "${name}" in ${where} holds text with two levels, "${a}" and "${b}": say which one counts as a success (1) with --success LEVEL (e.g. --success "${b}")`,
    );
  }
  for (let i = 0; i < n; i++) {
    const v = zeroOne(cells[i]!);
    if (v === undefined) {
      throw new GlmmInputError(
        "response",
        `${where}, row ${i + 1}, column "${name}": response must be 0 or 1 (or true/false), found "${cells[i]}"`,
      );
    }
    y[i] = v;
  }
  return { y, trials: new Float64Array(n).fill(1) };
}

function countColumn(table: DataTable, name: string): Float64Array {
  const cells = table.column(name);
  const out = new Float64Array(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const x = parseNumberCell(cells[i]!);
    if (x === undefined || x < 0 || !Number.isInteger(x)) {
      throw new GlmmInputError(
        "response",
        `${quoteSource(table.source)}, row ${i + 1}, column "${name}": binomial counts must be non-negative integers, found "${cells[i]}"`,
      );
    }
    out[i] = x;
  }
  return out;
}

function failureCounts(table: DataTable, failures: ColumnRef | DifferenceRef): Float64Array {
  if (failures.kind === "column") return countColumn(table, failures.name);
  const total = countColumn(table, failures.total);
  const minus = countColumn(table, failures.minus);
  const out = new Float64Array(total.length);
  for (let i = 0; i < total.length; i++) {
    if (minus[i]! > total[i]!) {
      throw new GlmmInputError(
        "response",
        `${quoteSource(table.source)}, row ${i + 1}: ${failures.minus} (${minus[i]}) exceeds ${failures.total} (${total[i]})`,
      );
    }
    out[i] = total[i]! - minus[i]!;
  }
  return out;
}

/** y and m from the formula's response; cells were already checked for missing values. */
export function responseValues(table: DataTable, response: FormulaResponse, success: string | undefined): ResponseValues {
  if (response.kind === "column") return binaryResponse(table, response.name, success);
  if (success !== undefined) {
    throw new GlmmInputError("option", `a success level ("${success}") applies only to a 0/1 response, not to cbind(successes, failures) counts`);
  }
  const y = countColumn(table, response.successes.name);
  const failures = failureCounts(table, response.failures);
  const trials = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) trials[i] = y[i]! + failures[i]!;
  return { y, trials };
}

/** The data columns a response reads. */
export function responseColumns(response: FormulaResponse): string[] {
  if (response.kind === "column") return [response.name];
  const f = response.failures;
  return [response.successes.name, ...(f.kind === "column" ? [f.name] : [f.total, f.minus])];
}
