/**
 * Reading raw CSV cells as numbers, booleans or missing values, as R's read.csv would type them.
 */

/** A decimal number as R reads it (no hex, no thousands separators); surrounding spaces allowed. */
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** R's missing-value spellings: an empty cell or NA. */
export function isMissingCell(raw: string): boolean {
  const t = raw.trim();
  return t === "" || t === "NA";
}

/** NaN / Inf spelled out in a cell (R reads these as non-finite doubles). */
export function isNonFiniteCell(raw: string): boolean {
  return /^[+-]?(?:NaN|Inf|Infinity|inf|nan)$/.test(raw.trim());
}

/** The number a cell holds, or undefined when it is not a finite decimal number. */
export function parseNumberCell(raw: string): number | undefined {
  const t = raw.trim();
  if (!NUMBER.test(t)) return undefined;
  const x = Number(t);
  return Number.isFinite(x) ? x : undefined;
}

/** true / false in the spellings R's read.csv takes as logical (TRUE, True, true, ...). */
export function parseBooleanCell(raw: string): boolean | undefined {
  const t = raw.trim();
  if (t === "TRUE" || t === "True" || t === "true") return true;
  if (t === "FALSE" || t === "False" || t === "false") return false;
  return undefined;
}

/** How a column's cells read: all numbers, all booleans, or text (anything else). */
export type CellColumnKind = "numeric" | "boolean" | "text";

export function classifyCells(cells: readonly string[]): CellColumnKind {
  if (cells.every((c) => parseNumberCell(c) !== undefined)) return "numeric";
  if (cells.every((c) => parseBooleanCell(c) !== undefined)) return "boolean";
  return "text";
}
