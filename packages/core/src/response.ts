/**
 * The response of a binomial GLMM as successes y_i out of trials m_i, as glm and glmer read it:
 *  - a 0/1 (or true/false, or two-level text with a success level) column: Bernoulli data, m_i = 1;
 *  - `cbind(successes, failures)`: binomial counts (each may be computed, e.g. `size - incidence`);
 *  - with prior weights w_i (R's `weights =` for the binomial family): a proportion p_i in [0, 1] of w_i
 *    trials, so y_i = w_i p_i successes of m_i = w_i — the same likelihood, non-integer counts allowed as
 *    in R (the binomial constant is then log Γ-based).
 * Only the rows the model uses are read (row k is data row rows[k]); messages name data rows.
 */
import { cellText, quoteSource, type DataColumn, type DataTable } from "./data-table.js";
import { GlmmInputError } from "./errors.js";
import { compareTextLevels } from "./factor.js";
import { evaluateExpression, type EvaluationContext } from "./formula-evaluation.js";
import { deparseExpression, expressionColumns, type Expression } from "./formula-expression.js";
import type { FormulaResponse } from "./formula.js";
import { parseBooleanText, parseNumberText } from "./text-values.js";

export interface ResponseValues {
  readonly y: Float64Array;
  readonly trials: Float64Array;
}

/** Prior weights (already checked positive and finite) and how they were written. */
export interface PriorWeights {
  readonly values: Float64Array;
  readonly label: string;
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
        `response column "${name}" in ${where} has ${
          distinct.length > 10 ? "more than 10" : distinct.length
        } distinct values (${shown}); a binary response needs exactly two`,
      );
    }
    if (!distinct.includes(success)) {
      throw new GlmmInputError(
        "option",
        `success level "${success}" is not a value of response column "${name}" in ${where}; its values are ${shown}`,
      );
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
          `${where}, row ${rowAt(rows, k) + 1}, column "${name}": response must be 0 or 1 (or true/false), found "${cellText(
            column,
            rowAt(rows, k),
          )}"`,
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
        `${where}, row ${rowAt(rows, k) + 1}, column "${name}": response must be 0 or 1 (or true/false), found "${cellText(
          column,
          rowAt(rows, k),
        )}"`,
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
        `${quoteSource(table.source)}, row ${row + 1}, column "${name}": binomial counts must be non-negative integers, found "${cellText(
          column,
          row,
        )}"`,
      );
    }
    out[k] = x;
  }
  return out;
}

/** The numbers of a computed response (logicals as 0/1). */
function computedResponse(context: EvaluationContext, expression: Expression, label: string): Float64Array {
  const value = evaluateExpression(context, expression);
  if (value.kind === "numeric") return value.values;
  if (value.kind === "logical") return Float64Array.from(value.values);
  if (value.kind === "scalar") return new Float64Array(context.n).fill(value.value);
  throw new GlmmInputError("response", `the response ${label} must give numbers (0/1, or proportions with --weights), not ${value.kind === "factor" ? "a factor" : "text"}`);
}

/** A proportion column of a prior-weighted response: values in [0, 1]. */
function proportions(context: EvaluationContext, table: DataTable, values: Float64Array, label: string): Float64Array {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= 0 && v <= 1)) {
      throw new GlmmInputError(
        "response",
        `${quoteSource(table.source)}, row ${context.rowNumber(
          i,
        )}: the response ${label} is ${v}; with --weights it must be a proportion of successes between 0 and 1`,
      );
    }
  }
  return values;
}

/** Non-negative whole counts from one cbind() argument; the message names the column or the expression. */
function counts(context: EvaluationContext, table: DataTable, expression: Expression, rows: Int32Array | null): Float64Array {
  if (expression.kind === "name" && table.hasColumn(expression.name)) return countColumn(table, expression.name, rows, context.n);
  const label = deparseExpression(expression);
  const values = computedResponse(context, expression, label);
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (
      x < 0 &&
      expression.kind === "binary" &&
      expression.op === "-" &&
      expression.left.kind === "name" &&
      expression.right.kind === "name"
    ) {
      // cbind(s, n - s) with s > n: say so in the words of the data.
      const row = context.rowNumber(i) - 1;
      const total = cellText(table.column(expression.left.name), row);
      const minus = cellText(table.column(expression.right.name), row);
      throw new GlmmInputError(
        "response",
        `${quoteSource(table.source)}, row ${row + 1}: ${expression.right.name} (${minus}) exceeds ${expression.left.name} (${total})`,
      );
    }
    if (!(x >= 0) || !Number.isInteger(x)) {
      throw new GlmmInputError(
        "response",
        `${quoteSource(table.source)}, row ${context.rowNumber(i)}: ${label} is ${x}; binomial counts must be non-negative integers`,
      );
    }
  }
  return values;
}

/*** y and m from the formula's response over the context's rows (`rows`: their data-row indices, null for
 * all); missing cells were already refused or their rows dropped. */
export function responseValues(
  context: EvaluationContext,
  table: DataTable,
  response: FormulaResponse,
  success: string | undefined,
  weights: PriorWeights | undefined,
  rows: Int32Array | null = null,
): ResponseValues {
  const n = context.n;
  if (response.kind === "cbind") {
    if (success !== undefined) {
      throw new GlmmInputError(
        "option",
        `a success level ("${success}") applies only to a 0/1 response, not to cbind(successes, failures) counts`,
      );
    }
    if (weights !== undefined) {
      throw new GlmmInputError(
        "option",
        `--weights ${weights.label} with a cbind(successes, failures) response: give the counts in cbind() without --weights, or the proportion of successes as the response with --weights set to the trials`,
      );
    }
    const y = counts(context, table, response.successes, rows);
    const failures = counts(context, table, response.failures, rows);
    const trials = new Float64Array(n);
    for (let i = 0; i < n; i++) trials[i] = y[i]! + failures[i]!;
    return { y, trials };
  }
  if (success !== undefined && response.kind !== "column") {
    throw new GlmmInputError(
      "option",
      `a success level ("${success}") applies to a response column, not to the computed response ${response.label}`,
    );
  }
  const label = response.kind === "column" ? `"${response.name}"` : response.label;
  let values: Float64Array;
  if (weights === undefined) {
    values =
      response.kind === "column"
        ? binaryResponse(table, response.name, success, rows, n).y
        : computedResponse(context, response.expression, label);
    for (let i = 0; i < n; i++) {
      if (values[i] !== 0 && values[i] !== 1) {
        throw new GlmmInputError(
          "response",
          `${quoteSource(table.source)}, row ${context.rowNumber(i)}: the response ${label} is ${
            values[i]
          }; it must be 0 or 1 (a proportion needs --weights with the number of trials)`,
        );
      }
    }
    return { y: values, trials: new Float64Array(n).fill(1) };
  }
  if (response.kind === "column") {
    const column = table.column(response.name);
    values =
      success !== undefined || column.kind !== "numeric"
        ? binaryResponse(table, response.name, success, rows, n).y
        : proportionColumn(column, rows, n);
  } else {
    values = computedResponse(context, response.expression, label);
  }
  proportions(context, table, values, label);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = weights.values[i]! * values[i]!;
  return { y, trials: Float64Array.from(weights.values) };
}

/** The data columns a response reads. */
export function responseColumns(response: FormulaResponse): string[] {
  if (response.kind === "column") return [response.name];
  if (response.kind === "expression") return expressionColumns(response.expression);
  return expressionColumns(response.failures, expressionColumns(response.successes));
}

/**
 * The columns that hold the outcome itself: a response column, the successes of cbind(), the first column
 * of a computed response (incidence in incidence / size) — not the totals, which may also be predictors.
 */
export function outcomeColumns(response: FormulaResponse): string[] {
  if (response.kind === "column") return [response.name];
  const first = expressionColumns(response.kind === "expression" ? response.expression : response.successes)[0];
  return first === undefined ? [] : [first];
}

/** A numeric response column's values over the used rows (proportions, with --weights). */
function proportionColumn(
  column: Extract<DataColumn, { kind: "numeric" }>,
  rows: Int32Array | null,
  n: number
): Float64Array {
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = column.values[rowAt(rows, k)]!;
  return out;
}
