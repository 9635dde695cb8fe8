/**
 * DataTable + formula text → ModelFrame (y, trials, X, random-effects terms), following R's
 * model.frame / model.matrix and lme4's mkReTrms. Every used cell is checked; nothing is dropped.
 */
import { classifyCells, isMissingCell, isNonFiniteCell, parseNumberCell } from "./cell-values.js";
import { quoteSource, type DataTable } from "./data-table.js";
import { GlmmInputError } from "./errors.js";
import { factorFromCells, type Factor, type LevelOptions } from "./factor.js";
import { formatResponse, parseFormula, type ParsedFormula, type RandomFormulaTerm } from "./formula.js";
import type { ModelFrame, RandomEffectsTerm } from "./model-frame.js";
import { modelMatrixColumns, type Variable } from "./model-matrix.js";
import { findAliasedColumns } from "./rank-check.js";
import { responseColumns, responseValues } from "./response.js";

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
}

function quoteList(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(", ");
}

/** Every variable the formula reads, in formula order (response, fixed, random, groups). */
function usedColumns(formula: ParsedFormula): string[] {
  const names = new Set<string>(responseColumns(formula.response));
  for (const t of formula.fixedTerms) for (const v of t) names.add(v);
  for (const r of formula.randomTerms) {
    for (const t of r.terms) for (const v of t) names.add(v);
    for (const g of groupingColumns(r)) names.add(g);
  }
  return [...names];
}

/** The data columns a random-effects term groups by (one, or the columns of an interaction). */
function groupingColumns(term: RandomFormulaTerm): readonly string[] {
  return term.interaction ?? [term.group];
}

function checkCells(table: DataTable, name: string): void {
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

/** DataTable + formula → ModelFrame, checking every used cell (errors name row, column or token). */
export function buildModelFrame(table: DataTable, formulaText: string, options: ModelFrameOptions = {}): ModelFrame {
  const formula = parseFormula(formulaText);
  checkOptionColumns(table, options);
  const responseNames = new Set(responseColumns(formula.response));
  for (const term of [...formula.fixedTerms, ...formula.randomTerms.flatMap((r) => [...r.terms, groupingColumns(r)])]) {
    for (const v of term) {
      if (responseNames.has(v)) {
        throw new GlmmInputError("formula", `the response column "${v}" also appears as a predictor in "${formulaText}"`);
      }
    }
  }
  const used = usedColumns(formula);
  for (const name of used) table.column(name); // unknown column → error listing the available ones
  for (const name of used) checkCells(table, name);
  const n = table.rows;

  const forcedFactors = new Set(options.factors ?? []);
  const levelOptions = (name: string): LevelOptions => ({
    levelOrder: options.levelOrders?.[name],
    referenceLevel: options.referenceLevels?.[name],
  });

  // A predictor is a factor when its cells are not all numbers or it is listed in `factors`
  // (R: character/logical columns become factors; numeric columns stay covariates).
  const variables = new Map<string, Variable>();
  const variable = (name: string): Variable => {
    let v = variables.get(name);
    if (v !== undefined) return v;
    const cells = table.column(name);
    if (!forcedFactors.has(name) && classifyCells(cells) === "numeric") {
      const levelOption = options.referenceLevels?.[name] !== undefined || options.levelOrders?.[name] !== undefined;
      if (levelOption) {
        throw new GlmmInputError(
          "option",
          `column "${name}" is numeric and used as a covariate, so it has no levels to order; list it among the factors to treat it as a factor`,
        );
      }
      v = { kind: "numeric", name, values: Float64Array.from(cells, (c) => parseNumberCell(c)!) };
    } else {
      v = { kind: "factor", name, factor: factorFromCells(name, cells, levelOptions(name)) };
    }
    variables.set(name, v);
    return v;
  };
  const predictor = (name: string): Variable => {
    const v = variable(name);
    if (v.kind === "factor" && v.factor.levels.length < 2) {
      throw new GlmmInputError(
        "factor",
        `column "${name}" is a factor with a single level ("${v.factor.levels[0]}"); it cannot be used as a predictor`,
      );
    }
    return v;
  };

  const { y, trials } = responseValues(table, formula.response, options.success);

  const fixed = modelMatrixColumns(n, formula.intercept, formula.fixedTerms, predictor);
  const p = fixed.columns.length;
  const X = new Float64Array(n * p);
  fixed.columns.forEach((column, k) => X.set(column, k * n));
  checkRank(X, n, p, fixed.names);

  const terms = orderTermsByLevels(
    formula.randomTerms.map((r) => randomEffectsTerm(table, n, r, predictor, levelOptions)),
  );

  let binary = true;
  for (let i = 0; i < n; i++) if (trials[i] !== 1) binary = false;
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
    terms,
    rowsRead: table.rows,
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
function groupingFactor(
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
