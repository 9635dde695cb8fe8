/**
 * DataTable + formula text → ModelFrame (y, trials, X, offset, random-effects terms), following R's
 * model.frame / model.matrix and lme4's mkReTrms. Every used cell is checked; rows are set aside only
 * for a stated reason (a missing value under `naAction: "omit"`, zero trials), counted and listed.
 *
 * The steps: which rows the model can use (missing values, then zero-trial rows), then each variable over
 * those rows — a numeric column as it is (no copy when every row is used), a factor from the column's
 * codes, a call (`poly(time, 2)`, `I(week > 2)`) evaluated (formula-evaluation.ts) — and X and Z written
 * column by column straight from the variables (model-matrix.ts). The frame keeps a design recipe
 * (design-recipe.ts) so that the model matrix can be built again for new data.
 */
import { badCellRows, quoteSource, type DataTable, type NumericColumn } from "./data-table.js";
import type { DesignRecipe } from "./design-recipe.js";
import { GlmmInputError } from "./errors.js";
import { factorFromColumn, type Factor, type LevelOptions } from "./factor.js";
import { emptyTransformState, evaluateExpression, type EvaluationContext } from "./formula-evaluation.js";
import { CONSTANT_NAMES, ExpressionParser, expressionColumns, type Expression } from "./formula-expression.js";
import { tokenizeFormula } from "./formula-tokens.js";
import { evaluationContext, offsetValues, variableResolver, type ColumnTypingOptions } from "./formula-variables.js";
import { formatResponse, parseFormula, type ParsedFormula, type RandomFormulaTerm } from "./formula.js";
import type { ModelFrame, OmittedRows, RandomEffectsTerm } from "./model-frame.js";
import { fillColumn, modelMatrixColumns, type ModelMatrixColumns, type Variable } from "./model-matrix.js";
import { findAliasedColumns } from "./rank-check.js";
import { outcomeColumns, responseColumns, responseValues, type PriorWeights } from "./response.js";

/** What to do with rows that have a missing value (NA or an empty cell) in a column the model uses. */
export type NaAction = "fail" | "omit";

/** How columns become model terms: forced factors, reference levels, level orders, the success level. */
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
   * "fail" (default): a missing value in a used column is an error naming it; "omit": rows with one are
   * dropped (lme4's na.omit), and the frame lists them.
   */
  readonly naAction?: NaAction;
  /**
   * Refuse random-effects terms whose variance components cannot be estimated (more effects than
   * observations, or no level with more observations than effects), as lme4 does before fitting. Default
   * true; a simulator, which only draws from the model, passes false.
   */
  readonly checkEstimable?: boolean;
  /**
   * Prior weights, R's `weights =` for the binomial family: a column name or an expression; the response
   * is then the proportion of successes out of that many trials.
   */
  readonly weights?: string;
}

/** Model-matrix entries beyond this size make XᵀWX overflow (a square times n): refused with the column's name. */
export const LARGEST_MODEL_MATRIX_VALUE = 1e100;

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
        `${quoteSource(table.source)}, row ${context.rowNumber(i)}: the weight ${text} is ${
          values[i]
        }; prior weights must be positive numbers (remove a row rather than give it weight 0)`,
      );
    }
  }
  return { values, label: text };
}

/** The data columns a random-effects term groups by (one, or the columns of an interaction). */
export function groupingColumns(term: RandomFormulaTerm): readonly string[] {
  return term.interaction ?? [term.group];
}

function checkOptionColumns(table: DataTable, options: ModelFrameOptions, responseNames: ReadonlySet<string>): void {
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
  for (const column of options.factors ?? []) {
    if (responseNames.has(column)) {
      throw new GlmmInputError(
        "option",
        `the factors option names "${column}", the response: a response is read as 0/1 (or counts), not as a factor; use --success to say which value counts as 1`,
      );
    }
  }
}

/** The bad cells of a column read as numbers are an error naming the first (R would make the column a factor). */
function refuseBadCells(table: DataTable, column: NumericColumn, use: string): void {
  const first = column.badCells[0];
  if (first === undefined) return;
  const count = column.badCells.length;
  const what =
    first.problem === "non-finite"
      ? `non-finite value "${first.text}"`
      : first.problem === "overflow"
        ? `"${first.text}" is beyond the range of a double`
        : `"${first.text}" is not a number`;
  const others = count > 1 ? ` (${count - 1} more cell${count > 2 ? "s" : ""} of the column are not numbers either)` : "";
  throw new GlmmInputError(
    "value",
    `${quoteSource(table.source)}, row ${first.row + 1}, column "${column.name}": ${what}${others}; the column's other cells are numbers, so it is a numeric ${use} with bad cells — fix them (missing values are NA or empty)${first.problem === "text" ? `, or list the column in --factors if it really is a factor` : ""}`,
  );
}

interface RowSelection {
  /** Data rows the model uses (null: all of them). */
  readonly rows: Int32Array | null;
  readonly omitted: OmittedRows[];
}

/** Rows with a missing value in a used column: an error under "fail", dropped under "omit". */
function selectRowsWithoutMissing(table: DataTable, used: readonly string[], naAction: NaAction): RowSelection {
  const n = table.rows;
  let missing: Uint8Array | null = null;
  let count = 0;
  for (const name of used) {
    const column = table.column(name);
    if (column.missing === 0) continue;
    const bad = column.kind === "numeric" ? badCellRows(column) : null;
    for (let i = 0; i < n; i++) {
      const isMissing = column.kind === "text" ? column.codes[i]! < 0 : Number.isNaN(column.values[i]!) && !bad!.has(i);
      if (!isMissing) continue;
      if (naAction === "fail") {
        const total = used.reduce((s, c) => s + table.column(c).missing, 0);
        throw new GlmmInputError(
          "value",
          `${quoteSource(table.source)}, row ${i + 1}, column "${name}": missing value; ${total} missing cell${total === 1 ? "" : "s"} in the model's columns — rows are never dropped silently: fill them, or drop those rows with --na-action omit (they are counted and listed)`,
        );
      }
      missing ??= new Uint8Array(n);
      if (missing[i] === 0) count++;
      missing[i] = 1;
    }
  }
  if (missing === null) return { rows: null, omitted: [] };
  const rows = new Int32Array(n - count);
  const dropped = new Int32Array(count);
  for (let i = 0, a = 0, b = 0; i < n; i++) {
    if (missing[i] === 0) rows[a++] = i;
    else dropped[b++] = i + 1;
  }
  return { rows, omitted: [{ reason: "missing values", rows: dropped }] };
}

/** Keep the used rows whose trials are positive; rows with m = 0 carry no information. */
function dropZeroTrials(
  used: Int32Array | null,
  n: number,
  y: Float64Array,
  trials: Float64Array,
): { rows: Int32Array | null; y: Float64Array; trials: Float64Array; dropped: Int32Array | null } {
  let zeros = 0;
  for (let k = 0; k < n; k++) if (trials[k] === 0) zeros++;
  if (zeros === 0) return { rows: used, y, trials, dropped: null };
  const rows = new Int32Array(n - zeros);
  const dropped = new Int32Array(zeros);
  const keptY = new Float64Array(n - zeros);
  const keptTrials = new Float64Array(n - zeros);
  for (let k = 0, a = 0, b = 0; k < n; k++) {
    const row = used === null ? k : used[k]!;
    if (trials[k] === 0) dropped[b++] = row + 1;
    else {
      rows[a] = row;
      keptY[a] = y[k]!;
      keptTrials[a] = trials[k]!;
      a++;
    }
  }
  return { rows, y: keptY, trials: keptTrials, dropped };
}

/** DataTable + formula → ModelFrame, checking every used cell (errors name row, column or token). */
export function buildModelFrame(table: DataTable, formulaText: string, options: ModelFrameOptions = {}): ModelFrame {
  const formula = parseFormula(formulaText);
  const responseNames = new Set(dataColumns(table, responseColumns(formula.response)));
  checkOptionColumns(table, options, responseNames);
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

  const forcedFactors = new Set(options.factors ?? []);
  const groupColumns = new Set(formula.randomTerms.flatMap((r) => groupingColumns(r)));
  // Bad cells of numeric columns are errors before anything else (they are never a reason to drop a row).
  for (const name of used) {
    const column = table.column(name);
    if (column.kind !== "numeric" || forcedFactors.has(name)) continue;
    const firstBad = column.badCells[0];
    if (responseNames.has(name) && firstBad !== undefined && formula.response.kind === "column") {
      throw new GlmmInputError(
        "response",
        `${quoteSource(table.source)}, row ${firstBad.row + 1}, column "${name}": response must be 0 or 1 (or true/false), found "${
          firstBad.text
        }"`,
      );
    }
    refuseBadCells(table, column, responseNames.has(name) ? "response" : groupColumns.has(name) ? "grouping variable" : "covariate");
  }

  const naAction = options.naAction ?? "fail";
  const selection = selectRowsWithoutMissing(table, used, naAction);
  if (selection.rows !== null && selection.rows.length === 0) {
    throw new GlmmInputError(
      "value",
      `every row of ${quoteSource(table.source)} has a missing value in the model's columns (${quoteList(used)}): no data left to fit`,
    );
  }
  const levelOptions = (name: string): LevelOptions => ({
    levelOrder: options.levelOrders?.[name],
    referenceLevel: options.referenceLevels?.[name],
  });
  const typing: ColumnTypingOptions = { factors: forcedFactors, levelOptions };
  // The response and the weights on the rows without missing values (a computed response may use calls);
  // what they record is not part of the design (predictions need no response).
  const responseContext = evaluationContext(table, selection.rows, { mode: "record", options: typing }, {}, emptyTransformState());
  const weights = weightsExpression === undefined ? undefined : priorWeights(responseContext, table, options.weights!, weightsExpression);
  const response = responseValues(responseContext, table, formula.response, options.success, weights, selection.rows);
  const nSelected = selection.rows === null ? table.rows : selection.rows.length;
  const kept = dropZeroTrials(selection.rows, nSelected, response.y, response.trials);
  const omitted = [...selection.omitted];
  if (kept.dropped !== null) omitted.push({ reason: "zero trials", rows: kept.dropped });
  const rows = kept.rows;
  const n = rows === null ? table.rows : rows.length;
  if (n === 0) {
    throw new GlmmInputError(
      "response",
      `every used row of ${quoteSource(table.source)} has zero trials (${formatResponse(
        formula.response,
      )} with m = 0): the model has no information to fit`,
    );
  }

  // Every predictor over the rows the model uses: columns typed once, calls evaluated, factors' levels
  // and the calls' coefficients recorded for predictions.
  const factorLevels: Record<string, readonly string[]> = {};
  const transforms = emptyTransformState();
  const context = evaluationContext(table, rows, { mode: "record", options: typing }, factorLevels, transforms);
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

  const fixed = modelMatrixColumns(formula.intercept, formula.fixedTerms, predictor);
  const p = fixed.columns.length;
  const X = new Float64Array(n * p);
  fixed.columns.forEach((column, k) => fillColumn(column, n, X, k * n, 1));
  checkMagnitudes(X, n, fixed.names, n, 1, "fixed-effects", rows);
  checkRank(X, n, p, fixed.names);
  const offset = offsetValues(context, formula.offsets);

  const terms = orderTermsByLevels(
    formula.randomTerms.map((r) => randomEffectsTerm(table, n, rows, r, predictor, levelOptions, options.checkEstimable ?? true)),
  );
  const randomParameters = terms.reduce((s, t) => s + (t.q * (t.q + 1)) / 2, 0);
  if ((options.checkEstimable ?? true) && randomParameters > n) {
    throw new GlmmInputError(
      "group",
      `the random-effects terms have ${randomParameters} variance-covariance parameters for ${n} observations; they cannot be estimated`,
    );
  }

  let binary = true;
  for (let i = 0; i < n; i++) if (kept.trials[i] !== 1) binary = false;
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
    y: kept.y,
    trials: kept.trials,
    binary,
    p,
    X,
    betaNames: fixed.names,
    ...(offset === undefined ? {} : { offset }),
    terms,
    rowsRead: table.rows,
    ...(omitted.length === 0 ? {} : { omitted }),
    ...(rows === null ? {} : { dataRows: rows }),
    design,
  };
}

/**
 * Refuse a model-matrix column whose entries are so large that its cross-products overflow (a cell of
 * 1e308, a covariate in units of 1e300): say which column and row, rather than fail inside a Cholesky.
 */
function checkMagnitudes(
  matrix: Float64Array,
  n: number,
  names: readonly string[],
  columnStride: number,
  stride: number,
  what: string,
  rows: Int32Array | null,
): void {
  // Column k starts at k·columnStride; a loop, not forEach with an arrow made per call (see column-builder.ts).
  for (let k = 0; k < names.length; k++) {
    const name = names[k]!;
    const offset = k * columnStride;
    for (let i = 0; i < n; i++) {
      const v = matrix[offset + i * stride]!;
      if (Math.abs(v) > LARGEST_MODEL_MATRIX_VALUE || !Number.isFinite(v)) {
        const row = rows === null ? i : rows[i]!;
        throw new GlmmInputError(
          "value",
          `row ${row + 1}: the ${what} model-matrix column "${name}" is ${v} there; values beyond ±1e100 overflow the products the fit needs — rescale the covariate(s) in "${name}"`,
        );
      }
    }
  }
}

function checkRank(X: Float64Array, n: number, p: number, names: readonly string[]): void {
  const aliased = findAliasedColumns(X, n, p);
  if (aliased.length === 0) return;
  const shown = aliased.slice(0, 10);
  const described = shown.map((a) =>
    a.combination.length === 0
      ? `"${names[a.column]}" is identically zero`
      : `"${names[a.column]}" is a linear combination of ${quoteList(a.combination.slice(0, 10).map((k) => names[k]!))}${a.combination.length > 10 ? ", ..." : ""}`,
  );
  const more = aliased.length > shown.length ? `; and ${aliased.length - shown.length} more aliased columns` : "";
  throw new GlmmInputError("rank", `the fixed-effects model matrix is rank deficient: ${described.join("; ")}${more}`);
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
function groupingFactor(
  table: DataTable,
  rows: Int32Array | null,
  n: number,
  term: RandomFormulaTerm,
  levelOptions: (name: string) => LevelOptions,
): Factor {
  // Grouping variables are always factors (lme4 applies factor() to them); their bad cells were refused
  // unless the column is a listed factor.
  const columns = groupingColumns(term);
  if (columns.length === 1) return factorFromColumn(term.group, table.column(columns[0]!), rows, levelOptions(columns[0]!));
  const factors = columns.map((c) => factorFromColumn(c, table.column(c), rows, levelOptions(c)));
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
  const observed = Float64Array.from(new Set(combination)).sort();
  const index = new Map<number, number>();
  observed.forEach((c, k) => index.set(c, k));
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
  rows: Int32Array | null,
  term: RandomFormulaTerm,
  predictor: (name: string) => Variable,
  levelOptions: (name: string) => LevelOptions,
  checkEstimable: boolean,
): RandomEffectsTerm {
  const group = term.group;
  const factor = groupingFactor(table, rows, n, term, levelOptions);
  const J = factor.levels.length;
  if (J < 2) {
    throw new GlmmInputError(
      "group",
      `grouping variable "${group}" has a single level ("${factor.levels[0]}"); a random effect needs at least two groups`,
    );
  }
  const columns: ModelMatrixColumns = modelMatrixColumns(term.intercept, term.terms, predictor);
  const q = columns.columns.length;
  const label = `(${columns.names.join(" + ")} | ${group})`;
  // What lme4 cannot estimate either: more random effects in a term than observations (which includes a
  // vector-valued term on a factor with one level per observation; an observation-level scalar term,
  // for overdispersion, is allowed).
  if (checkEstimable && J * q > n) {
    const what =
      J >= n
        ? `grouping factor "${group}" has ${J} levels for ${n} observations (one level per observation), which only a scalar term "(1 | ${group})" can use`
        : `the term "${label}" has ${J} × ${q} = ${J * q} random effects for ${n} observations`;
    throw new GlmmInputError("group", `${what}; the variance components would not be identifiable`);
  }
  // Every level with no more observations than random effects: each level's effects fit its observations
  // exactly, so nothing is left to estimate the covariance from (and the fit would crawl).
  if (checkEstimable && q > 1) {
    const counts = new Int32Array(J);
    for (let i = 0; i < n; i++) counts[factor.codes[i]!]!++;
    let largest = 0;
    for (let j = 0; j < J; j++) largest = Math.max(largest, counts[j]!);
    if (largest <= q) {
      throw new GlmmInputError(
        "group",
        `the term "${label}" has ${q} random effects per level of "${group}", but no level has more than ${largest} observation${largest === 1 ? "" : "s"}: the covariance of the effects cannot be estimated; use fewer effects per level (e.g. "(1 | ${group})")`,
      );
    }
  }
  const Z = new Float64Array(n * q);
  columns.columns.forEach((column, k) => fillColumn(column, n, Z, k, q));
  checkMagnitudes(Z, n, columns.names, 1, q, `random-effects (${group})`, rows);
  return { group, termNames: columns.names, q, levels: factor.levels, groupIndex: factor.codes, Z };
}
