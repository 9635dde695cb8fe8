/**
 * Factors: a column's distinct values as ordered levels and each row's level index, as R's
 * `factor()` builds them.
 *
 * Level order. Numeric-coded factors sort numerically and label levels as R prints the numbers
 * ("1", "2", "0.5"). Text factors sort with `localeCompare(b, "en")` (ties broken by code point):
 * R's `sort()` uses the locale's collation, and for the data sets here this matches R in en_US
 * (case-insensitive first, lower case before upper case), whereas the C locale would put every
 * upper-case letter before every lower-case one. Booleans are the factor FALSE < TRUE.
 * `levelOrders` sets the full order explicitly (it must list exactly the observed levels) and
 * `referenceLevels` then moves one level to the front (the treatment-contrast baseline).
 */
import { classifyCells, parseBooleanCell, parseNumberCell } from "./cell-values.js";
import { GlmmInputError } from "./errors.js";

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

/**
 * Build a factor from raw cells (already checked for missing values). Numeric cells are treated as
 * numeric codes; boolean cells as FALSE/TRUE; anything else as text.
 */
export function factorFromCells(name: string, cells: readonly string[], options: LevelOptions = {}): Factor {
  const kind = classifyCells(cells);
  let labels: string[];
  let sortedLevels: string[];
  if (kind === "numeric" && !cells.every((c) => Number.isSafeInteger(parseNumberCell(c)!) || !Number.isInteger(parseNumberCell(c)!))) {
    // Integer codes beyond 2^53 cannot be told apart as numbers: keep their text, sorted numerically
    // by length then digits (the order of the integers they spell), so no two codes merge.
    labels = cells.map((c) => c.trim());
    sortedLevels = [...new Set(labels)].sort((a, b) => compareIntegerText(a, b));
  } else if (kind === "numeric") {
    const values = cells.map((c) => parseNumberCell(c)!);
    // String(x) prints the shortest round-trip decimal, as R's as.character does for these values.
    labels = values.map((x) => String(x));
    const distinct = [...new Set(values)].sort((a, b) => a - b);
    sortedLevels = distinct.map((x) => String(x));
  } else if (kind === "boolean") {
    labels = cells.map((c) => (parseBooleanCell(c)! ? "TRUE" : "FALSE"));
    sortedLevels = ["FALSE", "TRUE"].filter((l) => labels.includes(l));
  } else {
    labels = [...cells];
    sortedLevels = [...new Set(labels)].sort(compareTextLevels);
  }
  const levels = orderLevels(name, sortedLevels, options);
  const index = new Map(levels.map((l, k) => [l, k]));
  const codes = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) codes[i] = index.get(labels[i]!)!;
  return { name, levels, codes };
}

function orderLevels(name: string, observed: readonly string[], options: LevelOptions): string[] {
  let levels = [...observed];
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
    levels = [...wanted];
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
