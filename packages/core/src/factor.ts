/**
 * Factors: a column's distinct values as ordered levels and each row's level index, as R's `factor()`
 * builds them — from the typed column's codes or numbers, without a string per row. Only the rows the
 * model uses count (R's model.frame drops unused levels, drop.unused.levels = TRUE in glm and lme4).
 *
 * Level order. Numeric-coded factors sort numerically and label levels as R prints the numbers
 * ("1", "2", "0.5"); integer codes beyond 2^53 (kept as text by the reader) sort as the integers they
 * spell. Text factors sort with `localeCompare(b, "en")` (ties broken by code point): R's `sort()` uses
 * the locale's collation, and for the data sets here this matches R in en_US (case-insensitive first,
 * lower case before upper case), whereas the C locale would put every upper-case letter before every
 * lower-case one. Booleans are the factor FALSE < TRUE. `levelOrders` sets the full order explicitly
 * (it must list exactly the observed levels) and `referenceLevels` then moves one level to the front.
 */
import type { DataColumn, NumericColumn, TextColumn } from "./data-table.js";
import { GlmmInputError } from "./errors.js";
import { parseBooleanText, parseNumberText } from "./text-values.js";

/** A factor column: its levels in order and each row's level code. */
export interface Factor {
  readonly name: string;
  readonly levels: readonly string[];
  /** Length n: index into `levels` of each row. */
  readonly codes: Int32Array;
}

/** A factor's reference level or full level order. */
export interface LevelOptions {
  readonly levelOrder?: readonly string[] | undefined;
  readonly referenceLevel?: string | undefined;
}

/** R's default ordering of text levels (see the module comment). */
export function compareTextLevels(a: string, b: string): number {
  const c = a.localeCompare(b, "en");
  if (c !== 0) return c;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Order of integers written in decimal (optional sign), without converting them to numbers. */
function compareIntegerText(a: string, b: string): number {
  const negA = a.startsWith("-");
  const negB = b.startsWith("-");
  if (negA !== negB) return negA ? -1 : 1;
  const digitsA = a.replace(/^[-+]?0*/, "");
  const digitsB = b.replace(/^[-+]?0*/, "");
  const magnitude = digitsA.length !== digitsB.length ? digitsA.length - digitsB.length : digitsA < digitsB ? -1 : digitsA > digitsB ? 1 : 0;
  return negA ? -magnitude : magnitude;
}

function quoteList(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(", ");
}

/** The level of each used row (row k of the factor is data row rows[k], or k when rows is null). */
function rowAt(rows: Int32Array | null, k: number): number {
  return rows === null ? k : rows[k]!;
}

function factorFromText(name: string, column: TextColumn, rows: Int32Array | null, n: number, options: LevelOptions): Factor {
  const used = new Uint8Array(column.levels.length);
  for (let k = 0; k < n; k++) {
    const code = column.codes[rowAt(rows, k)]!;
    if (code < 0) throw new Error(`factorFromText: row ${rowAt(rows, k) + 1} of "${column.name}" is missing`);
    used[code] = 1;
  }
  const observed: number[] = [];
  used.forEach((u, code) => u === 1 && observed.push(code));
  const labels = observed.map((code) => column.levels[code]!);
  let sorted: number[]; // positions into `observed`, in level order
  const positions = observed.map((_, k) => k);
  if (labels.every((l) => parseNumberText(l) !== undefined)) {
    const allIntegers = labels.every((l) => /^\s*[+-]?\d+\s*$/.test(l));
    sorted = allIntegers
      ? positions.sort((a, b) => compareIntegerText(labels[a]!.trim(), labels[b]!.trim()))
      : positions.sort((a, b) => parseNumberText(labels[a]!)! - parseNumberText(labels[b]!)!);
  } else if (labels.every((l) => parseBooleanText(l) !== undefined)) {
    sorted = positions.sort((a, b) => Number(parseBooleanText(labels[a]!)) - Number(parseBooleanText(labels[b]!)));
  } else {
    sorted = positions.sort((a, b) => compareTextLevels(labels[a]!, labels[b]!));
  }
  const booleans = labels.every((l) => parseBooleanText(l) !== undefined) && !labels.every((l) => parseNumberText(l) !== undefined);
  const distinctDisplay: string[] = [];
  const levelOfPosition = new Int32Array(labels.length);
  if (booleans) {
    // Booleans print as R prints a logical factor's levels; several spellings of TRUE are one level.
    for (const position of sorted) {
      const text = parseBooleanText(labels[position]!) ? "TRUE" : "FALSE";
      let at = distinctDisplay.indexOf(text);
      if (at < 0) at = distinctDisplay.push(text) - 1;
      levelOfPosition[position] = at;
    }
  } else {
    sorted.forEach((position, k) => {
      distinctDisplay.push(labels[position]!);
      levelOfPosition[position] = k;
    });
  }
  const { levels, order } = finishFactor(name, distinctDisplay, options);
  const codeToLevel = new Int32Array(column.levels.length).fill(-1);
  for (let position = 0; position < observed.length; position++) codeToLevel[observed[position]!] = order[levelOfPosition[position]!]!;
  const codes = new Int32Array(n);
  for (let k = 0; k < n; k++) codes[k] = codeToLevel[column.codes[rowAt(rows, k)]!]!;
  return { name, levels, codes };
}

function factorFromNumbers(name: string, column: NumericColumn, rows: Int32Array | null, n: number, options: LevelOptions): Factor {
  const bad = new Map(column.badCells.map((c) => [c.row, c.text]));
  const distinct = new Map<number, number>();
  const badTexts = new Set<string>();
  for (let k = 0; k < n; k++) {
    const row = rowAt(rows, k);
    const x = column.values[row]!;
    if (Number.isNaN(x)) {
      const text = bad.get(row);
      if (text === undefined) throw new Error(`factorFromNumbers: row ${row + 1} of "${column.name}" is missing`);
      badTexts.add(text);
    } else if (!distinct.has(x)) distinct.set(x, 0);
  }
  // Numbers in numeric order (R prints them as String(x) does); text cells, when the user said the column
  // is a factor, after them in text order.
  const numbers = [...distinct.keys()].sort(compareNumbers);
  const texts = [...badTexts].sort(compareTextLevels);
  // Labels built by push (always a packed array of strings): spread and map copies take an elements kind
  // that depends on the tier that ran them, and a levels array with another map deoptimises every reader.
  const labels: string[] = [];
  for (let k = 0; k < numbers.length; k++) {
    labels.push(String(numbers[k]!));
    distinct.set(numbers[k]!, k);
  }
  for (const t of texts) labels.push(t);
  const textLevel = new Map<string, number>();
  for (let k = 0; k < texts.length; k++) textLevel.set(texts[k]!, numbers.length + k);
  const { levels, order } = finishFactor(name, labels, options);
  const codes = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const row = rowAt(rows, k);
    const x = column.values[row]!;
    codes[k] = order[Number.isNaN(x) ? textLevel.get(bad.get(row)!)! : distinct.get(x)!]!;
  }
  return { name, levels, codes };
}

function compareNumbers(a: number, b: number): number {
  return a - b;
}

/**
 * Apply the level options to levels in their default order: the final levels, and order[k] = the final
 * position of default level k (the caller maps each row through it).
 */
function finishFactor(name: string, defaultLevels: readonly string[], options: LevelOptions): { levels: string[]; order: Int32Array } {
  const levels = orderLevels(name, defaultLevels, options);
  const position = new Map<string, number>();
  for (let k = 0; k < levels.length; k++) position.set(levels[k]!, k);
  const order = new Int32Array(defaultLevels.length);
  for (let k = 0; k < defaultLevels.length; k++) order[k] = position.get(defaultLevels[k]!)!;
  return { levels, order };
}

/**
 * The factor of a column over the rows the model uses (`rows`: data-row indices, or null for all rows).
 * The rows must not be missing (the model frame drops or refuses those first).
 */
export function factorFromColumn(name: string, column: DataColumn, rows: Int32Array | null, options: LevelOptions = {}): Factor {
  const n = rows === null ? column.length : rows.length;
  return column.kind === "text" ? factorFromText(name, column, rows, n, options) : factorFromNumbers(name, column, rows, n, options);
}

function orderLevels(name: string, observed: readonly string[], options: LevelOptions): string[] {
  let levels: string[] = [];
  for (const level of observed) levels.push(level);
  if (options.levelOrder !== undefined) {
    const wanted = options.levelOrder;
    const missing = observed.filter((l) => !wanted.includes(l));
    const unknown = wanted.filter((l) => !observed.includes(l));
    const duplicated = wanted.filter((l, k) => wanted.indexOf(l) !== k);
    if (missing.length > 0 || unknown.length > 0 || duplicated.length > 0) {
      const problems = [
        missing.length > 0 ? `it leaves out ${quoteList(missing)}` : "",
        unknown.length > 0 ? `${quoteList(unknown)} ${unknown.length === 1 ? "is" : "are"} not in the data` : "",
        duplicated.length > 0 ? `it repeats ${quoteList(duplicated)}` : "",
      ].filter((s) => s !== "");
      throw new GlmmInputError(
        "option",
        `level order for column "${name}" must list exactly its levels (${quoteList(observed)}): ${problems.join("; ")}`,
      );
    }
    levels = [];
    for (const level of wanted) levels.push(level);
  }
  if (options.referenceLevel !== undefined) {
    const reference = options.referenceLevel;
    const at = levels.indexOf(reference);
    if (at < 0) {
      throw new GlmmInputError(
        "option",
        `reference level "${reference}" for column "${name}" does not exist; its levels are ${quoteList(levels)}`,
      );
    }
    levels.splice(at, 1);
    levels.unshift(reference);
  }
  return levels;
}
