/**
 * Reading one text value (a factor level, an option value) as a number or a boolean, with exactly the
 * rules the CSV reader applies to cells (csv/parse-number-bytes.ts), so that a level and a cell agree.
 */
import { NumberCell, parseNumberBytes, parsedNumber } from "./csv/parse-number-bytes.js";

const encoder = new TextEncoder();

/** The finite number a text spells (surrounding spaces allowed), or undefined. */
export function parseNumberText(text: string): number | undefined {
  const bytes = encoder.encode(text);
  return parseNumberBytes(bytes, 0, bytes.length, false, false) === NumberCell.Finite ? parsedNumber.value : undefined;
}

/**
 * A cell's text as a covariate value: a finite decimal number, including integer literals beyond 2^53
 * (which stay text as factor labels, so that codes do not merge, but are numbers as covariates, as in R).
 */
export function covariateValueOfText(text: string): number | undefined {
  const bytes = encoder.encode(text);
  const kind = parseNumberBytes(bytes, 0, bytes.length, false, false);
  if (kind === NumberCell.Finite) return parsedNumber.value;
  return kind === NumberCell.UnsafeInteger ? Number(text.trim()) : undefined;
}

/** true / false in the spellings R's read.csv takes as logical (TRUE, True, true, ...). */
export function parseBooleanText(text: string): boolean | undefined {
  const t = text.trim();
  if (t === "TRUE" || t === "True" || t === "true") return true;
  if (t === "FALSE" || t === "False" || t === "false") return false;
  return undefined;
}
