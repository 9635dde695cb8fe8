/**
 * The response of a binomial GLMM as successes y_i out of trials m_i, as glm and glmer read it:
 *  - a 0/1 (or true/false, or two-level text with a success level) column: Bernoulli data, m_i = 1;
 *  - `cbind(successes, failures)`: binomial counts (each may be computed, e.g. `size - incidence`);
 *  - with prior weights w_i (R's `weights =` for the binomial family): a proportion p_i in [0, 1] of w_i
 *    trials, so y_i = w_i p_i successes of m_i = w_i — the same likelihood, non-integer counts allowed as
 *    in R (the binomial constant is then log Γ-based).
 */
import { parseBooleanCell, parseNumberCell } from "./cell-values.js";
import { quoteSource, type DataTable } from "./data-table.js";
import { GlmmInputError } from "./errors.js";
import { compareTextLevels } from "./factor.js";
import { evaluateExpression, type EvaluationContext } from "./formula-evaluation.js";
import { deparseExpression, expressionColumns, type Expression } from "./formula-expression.js";
import type { FormulaResponse } from "./formula.js";

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

/** 0/1 from a numeric or boolean cell, undefined otherwise. */
function zeroOne(raw: string): number | undefined {
  const x = parseNumberCell(raw);
  if (x === 0 || x === 1) return x;
  const b = parseBooleanCell(raw);
  return b === undefined ? undefined : b ? 1 : 0;
}

/** The 0/1 values of a column response (numbers, booleans, or two-level text with `success`). */
function binaryColumn(table: DataTable, name: string, success: string | undefined): Float64Array {
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
    return y;
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
  return y;
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
function proportions(table: DataTable, values: Float64Array, label: string): Float64Array {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= 0 && v <= 1)) {
      throw new GlmmInputError(
        "response",
        `${quoteSource(table.source)}, row ${i + 1}: the response ${label} is ${v}; with --weights it must be a proportion of successes between 0 and 1`,
      );
    }
  }
  return values;
}

/** Non-negative whole counts from one cbind() argument; the message names the column or the expression. */
function counts(context: EvaluationContext, table: DataTable, expression: Expression): Float64Array {
  if (expression.kind === "name") {
    const cells = table.column(expression.name);
    const out = new Float64Array(cells.length);
    for (let i = 0; i < cells.length; i++) {
      const x = parseNumberCell(cells[i]!);
      if (x === undefined || x < 0 || !Number.isInteger(x)) {
        throw new GlmmInputError(
          "response",
          `${quoteSource(table.source)}, row ${i + 1}, column "${expression.name}": binomial counts must be non-negative integers, found "${cells[i]}"`,
        );
      }
      out[i] = x;
    }
    return out;
  }
  const label = deparseExpression(expression);
  const values = computedResponse(context, expression, label);
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (x < 0 && expression.kind === "binary" && expression.op === "-" && expression.left.kind === "name" && expression.right.kind === "name") {
      // cbind(s, n - s) with s > n: say so in the words of the data.
      const total = table.column(expression.left.name)[i];
      const minus = table.column(expression.right.name)[i];
      throw new GlmmInputError("response", `${quoteSource(table.source)}, row ${i + 1}: ${expression.right.name} (${minus}) exceeds ${expression.left.name} (${total})`);
    }
    if (!(x >= 0) || !Number.isInteger(x)) {
      throw new GlmmInputError("response", `${quoteSource(table.source)}, row ${i + 1}: ${label} is ${x}; binomial counts must be non-negative integers`);
    }
  }
  return values;
}

/** y and m from the formula's response; cells were already checked for missing values. */
export function responseValues(
  context: EvaluationContext,
  table: DataTable,
  response: FormulaResponse,
  success: string | undefined,
  weights: PriorWeights | undefined,
): ResponseValues {
  const n = context.n;
  if (response.kind === "cbind") {
    if (success !== undefined) {
      throw new GlmmInputError("option", `a success level ("${success}") applies only to a 0/1 response, not to cbind(successes, failures) counts`);
    }
    if (weights !== undefined) {
      throw new GlmmInputError(
        "option",
        `--weights ${weights.label} with a cbind(successes, failures) response: give the counts in cbind() without --weights, or the proportion of successes as the response with --weights set to the trials`,
      );
    }
    const y = counts(context, table, response.successes);
    const failures = counts(context, table, response.failures);
    const trials = new Float64Array(n);
    for (let i = 0; i < n; i++) trials[i] = y[i]! + failures[i]!;
    return { y, trials };
  }
  if (success !== undefined && response.kind !== "column") {
    throw new GlmmInputError("option", `a success level ("${success}") applies to a response column, not to the computed response ${response.label}`);
  }
  const label = response.kind === "column" ? `"${response.name}"` : response.label;
  let values: Float64Array;
  if (weights === undefined) {
    values = response.kind === "column" ? binaryColumn(table, response.name, success) : computedResponse(context, response.expression, label);
    for (let i = 0; i < n; i++) {
      if (values[i] !== 0 && values[i] !== 1) {
        throw new GlmmInputError(
          "response",
          `${quoteSource(table.source)}, row ${i + 1}: the response ${label} is ${values[i]}; it must be 0 or 1 (a proportion needs --weights with the number of trials)`,
        );
      }
    }
    return { y: values, trials: new Float64Array(n).fill(1) };
  }
  if (response.kind === "column") {
    const cells = table.column(response.name);
    values =
      success !== undefined || !cells.every((c) => parseNumberCell(c) !== undefined)
        ? binaryColumn(table, response.name, success)
        : Float64Array.from(cells, (c) => parseNumberCell(c)!);
  } else {
    values = computedResponse(context, response.expression, label);
  }
  proportions(table, values, label);
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
