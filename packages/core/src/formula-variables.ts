/**
 * From a data table to the variables a formula names — the one place where cells get their types:
 *  - a data column is a factor when its cells are not all numbers or it is listed among the factors
 *    (R: character and logical columns become factors; numeric columns stay covariates), else numeric;
 *  - a call (`log(time + 1)`, `poly(time, 2)`, `I(week > 2)`) is evaluated (formula-evaluation.ts); a
 *    logical value becomes a factor with levels FALSE, TRUE, as R's model.matrix codes it.
 * When fitting, the levels of every factor are recorded; for new data they are replayed, so the model matrix
 * has the fitted columns and a level the fit never saw is an error naming the row.
 */
import { classifyCells, parseNumberCell } from "./cell-values.js";
import { quoteSource, type DataTable } from "./data-table.js";
import type { DesignRecipe } from "./design-recipe.js";
import { GlmmInputError } from "./errors.js";
import { cellLevels, factorFromCells, type LevelOptions } from "./factor.js";
import { evaluateExpression, factorFromLabels, type ColumnValue, type EvaluationContext, type TransformState } from "./formula-evaluation.js";
import { deparseExpression, type Expression } from "./formula-expression.js";
import type { Variable } from "./model-matrix.js";

/** How columns are typed when fitting. */
export interface ColumnTypingOptions {
  /** Numeric-coded columns to treat as factors. */
  readonly factors: ReadonlySet<string>;
  readonly levelOptions: (name: string) => LevelOptions;
}

/** The evaluation context for the rows of `table`, typing columns for a fit (record) or for new data (replay). */
export function evaluationContext(
  table: DataTable,
  typing: { readonly mode: "record"; readonly options: ColumnTypingOptions } | { readonly mode: "replay"; readonly recipe: DesignRecipe },
  factorLevels: Record<string, readonly string[]>,
  state: TransformState,
): EvaluationContext {
  const columns = new Map<string, ColumnValue>();
  const column = (name: string): ColumnValue => {
    const known = columns.get(name);
    if (known !== undefined) return known;
    const cells = table.column(name); // unknown column → error listing the available ones
    let value: ColumnValue;
    if (typing.mode === "replay") {
      const levels = typing.recipe.factorLevels[name];
      value = levels === undefined ? { kind: "numeric", values: numericCells(table, name, cells) } : { kind: "factor", factor: factorFromLabels(table, name, cellLevels(cells).labels, levels) };
    } else if (!typing.options.factors.has(name) && classifyCells(cells) === "numeric") {
      const levelOption = typing.options.levelOptions(name);
      if (levelOption.referenceLevel !== undefined || levelOption.levelOrder !== undefined) {
        throw new GlmmInputError(
          "option",
          `column "${name}" is numeric and used as a covariate, so it has no levels to order; list it among the factors to treat it as a factor`,
        );
      }
      value = { kind: "numeric", values: Float64Array.from(cells, (c) => parseNumberCell(c)!) };
    } else {
      const factor = factorFromCells(name, cells, typing.options.levelOptions(name));
      factorLevels[name] = factor.levels;
      value = { kind: "factor", factor };
    }
    columns.set(name, value);
    return value;
  };
  return { n: table.rows, source: table.source, column, hasColumn: (name) => table.hasColumn(name), mode: typing.mode, state };
}

/** A numeric column of new data (the fit used it as a number). */
function numericCells(table: DataTable, name: string, cells: readonly string[]): Float64Array {
  const out = new Float64Array(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const x = parseNumberCell(cells[i]!);
    if (x === undefined) {
      throw new GlmmInputError("value", `${quoteSource(table.source)}, row ${i + 1}, column "${name}": expected a number (the fit used "${name}" as a numeric covariate), found "${cells[i]}"`);
    }
    out[i] = x;
  }
  return out;
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
