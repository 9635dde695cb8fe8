/**
 * From a data table to the variables a formula names — the one place where cells get their types:
 *  - a data column is a factor when its cells are not all numbers or it is listed among the factors
 *    (R: character and logical columns become factors; numeric columns stay covariates), else numeric;
 *  - a call (`log(time + 1)`, `poly(time, 2)`, `I(week > 2)`) is evaluated (formula-evaluation.ts); a
 *    logical value becomes a factor with levels FALSE, TRUE, as R's model.matrix codes it.
 * When fitting, the levels of every factor are recorded; for new data they are replayed, so the model matrix
 * has the fitted columns and a level the fit never saw is an error naming the row. Only the rows the model
 * uses are read (typed columns, no string per cell).
 */
import { badCellRows, cellText, quoteSource, type DataColumn, type DataTable, type NumericColumn, type TextColumn } from "./data-table.js";
import type { DesignRecipe } from "./design-recipe.js";
import { GlmmInputError } from "./errors.js";
import { factorFromColumn, type LevelOptions } from "./factor.js";
import { evaluateExpression, factorFromLabels, type ColumnValue, type EvaluationContext, type TransformState } from "./formula-evaluation.js";
import { deparseExpression, type Expression } from "./formula-expression.js";
import type { Variable } from "./model-matrix.js";
import { covariateValueOfText, parseBooleanText, parseNumberText } from "./text-values.js";

/** How columns are typed when fitting. */
export interface ColumnTypingOptions {
  /** Numeric-coded columns to treat as factors. */
  readonly factors: ReadonlySet<string>;
  readonly levelOptions: (name: string) => LevelOptions;
}

/**
 * The evaluation context for the used rows of `table` (`rows`: data-row indices, null for all), typing
 * columns for a fit (record: factors' levels are stored in `factorLevels`) or for new data (replay: the
 * fitted types and levels are reused). Missing and bad cells were refused or their rows dropped before. */
export function evaluationContext(
  table: DataTable,
  rows: Int32Array | null,
  typing: { readonly mode: "record"; readonly options: ColumnTypingOptions } | { readonly mode: "replay"; readonly recipe: DesignRecipe },
  factorLevels: Record<string, readonly string[]>,
  state: TransformState,
): EvaluationContext {
  const n = rows === null ? table.rows : rows.length;
  const rowNumber = (i: number): number => (rows === null ? i : rows[i]!) + 1;
  const columns = new Map<string, ColumnValue>();
  const context: EvaluationContext = {
    n,
    source: table.source,
    rowNumber,
    hasColumn: (name) => table.hasColumn(name),
    mode: typing.mode,
    state,
    column(name: string): ColumnValue {
      const known = columns.get(name);
      if (known !== undefined) return known;
      const data = table.column(name); // unknown column → error listing the available ones
      let value: ColumnValue;
      if (typing.mode === "replay") {
        const levels = typing.recipe.factorLevels[name];
        value =
          levels === undefined
            ? { kind: "numeric", values: newDataNumbers(table, data, rows, n) }
            : { kind: "factor", factor: factorFromLabels(context, name, factorLabels(data, rows, n), levels) };
      } else if (!typing.options.factors.has(name) && data.kind === "numeric") {
        const levelOption = typing.options.levelOptions(name);
        if (levelOption.referenceLevel !== undefined || levelOption.levelOrder !== undefined) {
          throw new GlmmInputError(
            "option",
            `column "${name}" is numeric and used as a covariate, so it has no levels to order; list it among the factors to treat it as a factor`,
          );
        }
        value = { kind: "numeric", values: gatherNumbers(data, rows) };
      } else if (
        !typing.options.factors.has(name) &&
        data.kind === "text" &&
        data.levels.every((l) => covariateValueOfText(l) !== undefined)
      ) {
        // Only integers beyond 2^53 keep a column of numbers as text (so that codes stay distinct); as a
        // covariate such a column is numbers.
        value = { kind: "numeric", values: numbersOfText(data, rows) };
      } else {
        const factor = factorFromColumn(name, data, rows, typing.options.levelOptions(name));
        factorLevels[name] = factor.levels;
        value = { kind: "factor", factor };
      }
      columns.set(name, value);
      return value;
    },
  };
  return context;
}

/** A numeric column over the used rows: the column itself when every row is used. */
export function gatherNumbers(
  column: NumericColumn,
  rows: Int32Array | null
): Float64Array {
  if (rows === null) return column.values;
  const out = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = column.values[rows[k]!]!;
  return out;
}

/** A text column whose values all spell numbers, as numbers over the used rows. */
export function numbersOfText(
  column: TextColumn,
  rows: Int32Array | null
): Float64Array {
  const levelValues = Float64Array.from(
    column.levels,
    (l) => covariateValueOfText(l)!
  );
  const n = rows === null ? column.length : rows.length;
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++)
    out[k] = levelValues[column.codes[rows === null ? k : rows[k]!]!]!;
  return out;
}

/** A numeric column of new data (the fit used it as a number): every used cell must be a number. */
function newDataNumbers(table: DataTable, column: DataColumn, rows: Int32Array | null, n: number): Float64Array {
  const out = new Float64Array(n);
  const bad = column.kind === "numeric" ? badCellRows(column) : null;
  for (let k = 0; k < n; k++) {
    const row = rows === null ? k : rows[k]!;
    const x = column.kind === "numeric" ? (bad!.has(row) ? Number.NaN : column.values[row]!) : covariateValueOfText(cellText(column, row));
    if (x === undefined || Number.isNaN(x)) {
      throw new GlmmInputError(
        "value",
        `${quoteSource(table.source)}, row ${row + 1}, column "${column.name}": expected a number (the fit used "${
          column.name
        }" as a numeric covariate), found "${cellText(column, row)}"`,
      );
    }
    out[k] = x;
  }
  return out;
}

/**
 * Each used row's level label, spelled as `factorFromColumn` labels a fitted factor: numbers as R prints
 * them (String(x)), a logical column as FALSE / TRUE, text as written.
 */
export function factorLabels(column: DataColumn, rows: Int32Array | null, n: number): string[] {
  const labels = new Array<string>(n);
  if (column.kind === "numeric") {
    for (let k = 0; k < n; k++) labels[k] = cellText(column, rows === null ? k : rows[k]!);
    return labels;
  }
  const logical =
    column.levels.every((l) => parseBooleanText(l) !== undefined) && !column.levels.every((l) => parseNumberText(l) !== undefined);
  const spelled = column.levels.map((l) => (logical ? (parseBooleanText(l) ? "TRUE" : "FALSE") : l));
  for (let k = 0; k < n; k++) {
    const code = column.codes[rows === null ? k : rows[k]!]!;
    labels[k] = code < 0 ? "NA" : spelled[code]!;
  }
  return labels;
}

/**
 * The variable a formula term names: a column, or the value of a call (by its deparsed label). Memoised
 * per label by the returned resolver.
 */
export function variableResolver(context: EvaluationContext, calls: Readonly<Record<string, Expression>>): (label: string) => Variable {
  const variables = new Map<string, Variable>();
  return (label) => {
    const known = variables.get(label);
    if (known !== undefined) return known;
    const call = calls[label];
    let variable: Variable;
    if (call === undefined) {
      const value = context.column(label);
      variable = value.kind === "numeric" ? { kind: "numeric", name: label, values: value.values } : { kind: "factor", name: label, factor: value.factor };
    } else {
      variable = callVariable(context, call, label);
    }
    variables.set(label, variable);
    return variable;
  };
}

function callVariable(context: EvaluationContext, call: Expression, label: string): Variable {
  const value = evaluateExpression(context, call);
  switch (value.kind) {
    case "numeric":
      return { kind: "numeric", name: label, values: value.values };
    case "scalar":
      return { kind: "numeric", name: label, values: new Float64Array(context.n).fill(value.value) };
    case "matrix":
      return { kind: "matrix", name: label, columns: value.columns, suffixes: value.suffixes };
    case "factor":
      return { kind: "factor", name: label, factor: { ...value.factor, name: label } };
    case "logical": {
      // model.matrix codes a logical as the factor (FALSE, TRUE) whatever values occur: "I(week > 2)TRUE".
      const labels = Array.from(value.values, (v) => (v === 1 ? "TRUE" : "FALSE"));
      return { kind: "factor", name: label, factor: factorFromLabels(context, label, labels, ["FALSE", "TRUE"]) };
    }
    case "text":
      throw new GlmmInputError("formula", `the term ${label} is a constant string; a term must give numbers or levels`);
  }
}

/** Σ of the offset expressions (numbers), or undefined when there are none. */
export function offsetValues(context: EvaluationContext, offsets: readonly Expression[] | undefined): Float64Array | undefined {
  if (offsets === undefined || offsets.length === 0) return undefined;
  const total = new Float64Array(context.n);
  for (const expression of offsets) {
    const value = evaluateExpression(context, expression);
    const label = `offset(${deparseExpression(expression)})`;
    if (value.kind === "scalar") {
      for (let i = 0; i < context.n; i++) total[i] = total[i]! + value.value;
    } else if (value.kind === "numeric" || value.kind === "logical") {
      for (let i = 0; i < context.n; i++) total[i] = total[i]! + value.values[i]!;
    } else {
      throw new GlmmInputError("formula", `${label} must give numbers, not ${value.kind === "factor" ? "a factor" : value.kind === "matrix" ? "several columns" : "text"}`);
    }
  }
  return total;
}
