/**
 * DataTable + formula text → ModelFrame (y, trials, X, offset, random-effects terms), following R's
 * model.frame / model.matrix and lme4's mkReTrms. Every used cell is checked; nothing is dropped. The
 * frame keeps a design recipe (design-recipe.ts) so the model matrix can be built again for new data.
 */
import { isMissingCell, isNonFiniteCell } from "./cell-values.js";
import { quoteSource, type DataTable } from "./data-table.js";
import type { DesignRecipe } from "./design-recipe.js";
import { GlmmInputError } from "./errors.js";
import { factorFromCells, type Factor, type LevelOptions } from "./factor.js";
import { emptyTransformState, evaluateExpression, type EvaluationContext } from "./formula-evaluation.js";
import { CONSTANT_NAMES, ExpressionParser, expressionColumns, type Expression } from "./formula-expression.js";
import { tokenizeFormula } from "./formula-tokens.js";
import { evaluationContext, offsetValues, variableResolver } from "./formula-variables.js";
import { formatResponse, parseFormula, type ParsedFormula, type RandomFormulaTerm } from "./formula.js";
import type { ModelFrame, RandomEffectsTerm } from "./model-frame.js";
import { modelMatrixColumns, type Variable } from "./model-matrix.js";
import { findAliasedColumns } from "./rank-check.js";
import { outcomeColumns, responseColumns, responseValues, type PriorWeights } from "./response.js";

export interface ModelFrameOptions {
  /** Numeric-coded columns to treat as factors (e.g. "period" coded 1..4). */
  readonly factors?: readonly string[];
  /** Baseline level per factor column (moved to the front of its levels). */
  readonly referenceLevels?: Readonly<Record<string, string>>;
  /** Full explicit level order per factor column; must list exactly the observed levels. */
  readonly levelOrders?: Readonly<Record<string, readonly string[]>>;
  /** The value of a two-valued text response that counts as a success (1). */
  readonly success?: string;
  /**
   * Prior weights, R's `weights =` for the binomial family: a column name or an expression; the response
   * is then the proportion of successes out of that many trials.
   */
  readonly weights?: string;
}

function quoteList(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(", ");
}

/** The data columns a term variable reads: itself, or those of its call. */
export function variableColumns(formula: ParsedFormula, label: string): string[] {
  const call = formula.calls?.[label];
  return call === undefined ? [label] : expressionColumns(call);
}

/** Every column the formula's terms and groups read (and, unless left out, its offsets), in formula order. */
export function predictorColumns(formula: ParsedFormula, withOffsets = true): string[] {
  const names = new Set<string>();
  for (const t of formula.fixedTerms) for (const v of t) for (const c of variableColumns(formula, v)) names.add(c);
  if (withOffsets) for (const o of formula.offsets ?? []) for (const c of expressionColumns(o)) names.add(c);
  for (const r of formula.randomTerms) {
    for (const t of r.terms) for (const v of t) for (const c of variableColumns(formula, v)) names.add(c);
    for (const g of groupingColumns(r)) names.add(g);
  }
  return [...names];
}

/** The names that are data columns (pi, T and F are constants unless the data has such a column). */
export function dataColumns(table: DataTable, names: readonly string[]): string[] {
  return names.filter((name) => table.hasColumn(name) || !CONSTANT_NAMES.has(name));
}

/** Parse the text of --weights as an R expression (usually a column name). */
function parseWeights(text: string): Expression {
  try {
    const tokens = tokenizeFormula(text);
    const parser = new ExpressionParser(tokens, 0);
    const expression = parser.parse();
    const rest = tokens[parser.index]!;
    if (rest.kind !== "end") throw new GlmmInputError("option", `unexpected "${rest.text}" at position ${rest.position}`);
    return expression;
  } catch (e) {
    if (e instanceof GlmmInputError) throw new GlmmInputError("option", `--weights "${text}": ${e.message.replace(/^formula error at /, "")}`);
    throw e;
  }
}

/** The prior weights' values: finite and positive (a zero weight would drop its row without saying so). */
function priorWeights(context: EvaluationContext, table: DataTable, text: string, expression: Expression): PriorWeights {
  const value = evaluateExpression(context, expression);
  if (value.kind !== "numeric" && value.kind !== "scalar") {
    throw new GlmmInputError("option", `--weights "${text}" must give numbers, not ${value.kind === "factor" ? "a factor" : value.kind}`);
  }
  const values = value.kind === "scalar" ? new Float64Array(context.n).fill(value.value) : value.values;
  for (let i = 0; i < values.length; i++) {
    if (!(values[i]! > 0) || !Number.isFinite(values[i]!)) {
      throw new GlmmInputError(
        "value",
        `${quoteSource(table.source)}, row ${i + 1}: the weight ${text} is ${values[i]}; prior weights must be positive numbers (remove a row rather than give it weight 0)`,
      );
    }
  }
  return { values, label: text };
}

/** The data columns a random-effects term groups by (one, or the columns of an interaction). */
export function groupingColumns(term: RandomFormulaTerm): readonly string[] {
  return term.interaction ?? [term.group];
}

export function checkCells(table: DataTable, name: string): void {
  const cells = table.column(name);
  for (let i = 0; i < cells.length; i++) {
    const raw = cells[i]!;
    let problem: string | undefined;
    if (isMissingCell(raw)) problem = raw.trim() === "" ? "missing value (empty cell)" : `missing value ("${raw}")`;
    else if (isNonFiniteCell(raw)) problem = `non-finite value "${raw}"`;
    if (problem !== undefined) {
      throw new GlmmInputError(
        "value",
        `${quoteSource(table.source)}, row ${i + 1}, column "${name}": ${problem}; rows are never dropped silently, so remove or fill it`,
      );
    }
  }
}

function checkOptionColumns(table: DataTable, options: ModelFrameOptions): void {
  const named: [string, string][] = [
    ...(options.factors ?? []).map((c): [string, string] => ["factors", c]),
    ...Object.keys(options.referenceLevels ?? {}).map((c): [string, string] => ["reference level", c]),
    ...Object.keys(options.levelOrders ?? {}).map((c): [string, string] => ["level order", c]),
  ];
  for (const [option, column] of named) {
    if (!table.hasColumn(column)) {
      throw new GlmmInputError(
        "option",
        `${option} option names column "${column}", which is not in ${quoteSource(table.source)}; available columns: ${quoteList(table.columnNames)}`,
      );
    }
  }
}

export function buildModelFrame(table: DataTable, formulaText: string, options: ModelFrameOptions = {}): ModelFrame {
  const formula = parseFormula(formulaText);
  checkOptionColumns(table, options);
  const responseNames = new Set(dataColumns(table, responseColumns(formula.response)));
  // The outcome itself (the 0/1 column, the successes) cannot be a predictor; the number of trials can
  // (size in cbind(incidence, size - incidence) ~ log(size)), as in R.
  const outcome = new Set(dataColumns(table, outcomeColumns(formula.response)));
  for (const v of predictorColumns(formula, false)) {
    if (outcome.has(v)) {
      throw new GlmmInputError("formula", `the response column "${v}" also appears as a predictor in "${formulaText}"`);
    }
  }
  const weightsExpression = options.weights === undefined ? undefined : parseWeights(options.weights);
  const used = dataColumns(table, [
    ...responseNames,
    ...predictorColumns(formula),
    ...(weightsExpression === undefined ? [] : expressionColumns(weightsExpression)),
  ]);
  for (const name of used) table.column(name); // unknown column → error listing the available ones
  for (const name of used) checkCells(table, name);
  const n = table.rows;

  const levelOptions = (name: string): LevelOptions => ({
    levelOrder: options.levelOrders?.[name],
    referenceLevel: options.referenceLevels?.[name],
  });
  const factorLevels: Record<string, readonly string[]> = {};
  const transforms = emptyTransformState();
  const context = evaluationContext(table, { mode: "record", options: { factors: new Set(options.factors ?? []), levelOptions } }, factorLevels, transforms);
  const variable = variableResolver(context, formula.calls ?? {});
  const predictor = (name: string): Variable => {
    const v = variable(name);
    if (v.kind === "factor" && v.factor.levels.length < 2) {
      const what = formula.calls?.[name] === undefined ? `column "${name}"` : `${name}`;
      throw new GlmmInputError(
        "factor",
        `${what} is a factor with a single level ("${v.factor.levels[0]}"); it cannot be used as a predictor`,
      );
    }
    return v;
  };

  const weights = weightsExpression === undefined ? undefined : priorWeights(context, table, options.weights!, weightsExpression);
  const { y, trials } = responseValues(context, table, formula.response, options.success, weights);

  const fixed = modelMatrixColumns(n, formula.intercept, formula.fixedTerms, predictor);
  const p = fixed.columns.length;
  const X = new Float64Array(n * p);
  fixed.columns.forEach((column, k) => X.set(column, k * n));
  checkRank(X, n, p, fixed.names);
  const offset = offsetValues(context, formula.offsets);

  const terms = orderTermsByLevels(
    formula.randomTerms.map((r) => randomEffectsTerm(table, n, r, predictor, levelOptions)),
  );

  let binary = true;
  for (let i = 0; i < n; i++) if (trials[i] !== 1) binary = false;
  const design: DesignRecipe = {
    formula: formulaText.trim(),
    factorLevels,
    transforms,
    ...(options.weights === undefined ? {} : { weights: options.weights }),
    ...(options.success === undefined ? {} : { success: options.success }),
  };
  return {
    formula: formulaText.trim(),
    responseName: formatResponse(formula.response),
    n,
    y,
    trials,
    binary,
    p,
    X,
    betaNames: fixed.names,
    ...(offset === undefined ? {} : { offset }),
    terms,
    rowsRead: table.rows,
    design,
  };
}

function checkRank(X: Float64Array, n: number, p: number, names: readonly string[]): void {
  const aliased = findAliasedColumns(X, n, p);
  if (aliased.length === 0) return;
  const described = aliased.map((a) =>
    a.combination.length === 0
      ? `"${names[a.column]}" is identically zero`
      : `"${names[a.column]}" is a linear combination of ${quoteList(a.combination.map((k) => names[k]!))}`,
  );
  throw new GlmmInputError("rank", `the fixed-effects model matrix is rank deficient: ${described.join("; ")}`);
}

/**
 * lme4's mkReTrms (reorder.terms = TRUE): when some term has more levels than the term before it, the
 * terms are put in R's `rev(order(nl))` order — decreasing number of levels, ties in reverse formula
 * order — so that θ and the printed tables line up with lme4's. Otherwise formula order is kept.
 */
function orderTermsByLevels(terms: RandomEffectsTerm[]): RandomEffectsTerm[] {
  const levels = terms.map((t) => t.levels.length);
  if (!levels.some((l, k) => k > 0 && l > levels[k - 1]!)) return terms;
  const ascending = terms.map((_, k) => k).sort((a, b) => levels[a]! - levels[b]! || a - b);
  return ascending.reverse().map((k) => terms[k]!);
}

/**
 * The grouping factor of a term: one column's factor, or the interaction of several columns (R's
 * `a:b` on factors, unused combinations dropped as lme4 does): levels ordered by the first column's
 * level, then the next (the first varies slowest), labelled "a-level:b-level".
 */
export function groupingFactor(
  table: DataTable,
  term: RandomFormulaTerm,
  levelOptions: (name: string) => LevelOptions,
): Factor {
  const columns = groupingColumns(term);
  if (columns.length === 1) return factorFromCells(term.group, table.column(columns[0]!), levelOptions(columns[0]!));
  const factors = columns.map((c) => factorFromCells(c, table.column(c), levelOptions(c)));
  const n = table.rows;
  const combinations = factors.reduce((product, f) => product * f.levels.length, 1);
  if (combinations > Number.MAX_SAFE_INTEGER) {
    throw new GlmmInputError("group", `grouping factor "${term.group}" has more possible level combinations than can be indexed`);
  }
  // Mixed-radix code of each row's combination (exact below 2^53), then the observed combinations in that order.
  const combination = new Float64Array(n);
  for (const f of factors) {
    const radix = f.levels.length;
    for (let i = 0; i < n; i++) combination[i] = combination[i]! * radix + f.codes[i]!;
  }
  const observed = [...new Set(combination)].sort((a, b) => a - b);
  const index = new Map(observed.map((c, k) => [c, k]));
  const codes = new Int32Array(n);
  const labels = new Array<string>(observed.length);
  for (let i = 0; i < n; i++) {
    const k = index.get(combination[i]!)!;
    codes[i] = k;
    if (labels[k] === undefined) labels[k] = factors.map((f) => f.levels[f.codes[i]!]!).join(":");
  }
  return { name: term.group, levels: labels, codes };
}

/** lme4's mkReTrms for one `(terms | group)`: the grouping factor's levels and index, and Z rows. */
function randomEffectsTerm(
  table: DataTable,
  n: number,
  term: RandomFormulaTerm,
  predictor: (name: string) => Variable,
  levelOptions: (name: string) => LevelOptions,
): RandomEffectsTerm {
  const group = term.group;
  // Grouping variables are always factors (lme4 applies factor() to them), numeric codes sorted numerically.
  const factor = groupingFactor(table, term, levelOptions);
  if (factor.levels.length < 2) {
    throw new GlmmInputError(
      "group",
      `grouping variable "${group}" has a single level ("${factor.levels[0]}"); a random effect needs at least two groups`,
    );
  }
  const columns = modelMatrixColumns(n, term.intercept, term.terms, predictor);
  const q = columns.columns.length;
  // What lme4 cannot estimate either: more random effects in a term than observations (which includes a
  // vector-valued term on a factor with one level per observation; an observation-level scalar term,
  // for overdispersion, is allowed).
  if (factor.levels.length * q > n) {
    const what =
      factor.levels.length >= n
        ? `grouping factor "${group}" has ${factor.levels.length} levels for ${n} observations (one level per observation), which only a scalar term "(1 | ${group})" can use`
        : `the term "(${columns.names.join(" + ")} | ${group})" has ${factor.levels.length} × ${q} = ${factor.levels.length * q} random effects for ${n} observations`;
    throw new GlmmInputError("group", `${what}; the variance components would not be identifiable`);
  }
  const Z = new Float64Array(n * q);
  for (let k = 0; k < q; k++) {
    const column = columns.columns[k]!;
    for (let i = 0; i < n; i++) Z[i * q + k] = column[i]!;
  }
  return { group, termNames: columns.names, q, levels: factor.levels, groupIndex: factor.codes, Z };
}
