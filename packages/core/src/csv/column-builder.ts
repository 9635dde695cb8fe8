/**
 * One column of a CSV file built cell by cell from the file's bytes into a typed column (data-table.ts).
 *
 * A column starts undecided (only missing cells so far), becomes numeric at its first number and text at
 * its first cell that is neither a number nor a spelled-out non-finite value. A numeric column keeps the
 * cells that are not numbers as bad cells (with their text and row, for the error a later use raises);
 * once those outnumber its numbers it is re-read as text. A text column keeps codes into its distinct
 * values; at the end, if most of its cells are numbers it is a numeric column with bad cells after all
 * (the order of the rows must not decide the type). Integer codes beyond 2^53 keep the column as text,
 * so that no two codes merge.
 *
 * One exception makes a column of mostly numbers text: a category code with text labels, such as mlmRev's
 * `livch` (0, 1, 2, 3+), which R's read.csv reads as a factor. Its text cells are not a few typos but a
 * share of the column (≥ 5 %) and each label is written in several cells (≥ 3: a one-off is a typo), its
 * numbers take few distinct values (≤ 20: a code, not a measurement), and none of its text cells is a
 * missing-value spelling (`N/A`, `.`, `-`, …), an overflow or a non-finite value. Anything else stays numeric with bad cells, an error when the model uses the column.
 */
import type { BadCell, DataColumn } from "../data-table.js";
import { GlmmInputError } from "../errors.js";
import { ByteDictionary } from "./byte-dictionary.js";
import { describeInvalidUtf8 } from "./text-encoding.js";
import { NumberCell, parseNumberBytes, parsedNumber } from "./parse-number-bytes.js";

/** A cell given to `createDataTable`: null or undefined is missing. */
export type CellValue = string | number | boolean | null | undefined;

/** Re-reads the first `rows` cells of a column (used when a numeric column turns out to be text). */
export type ColumnReplay = (
  column: number,
  rows: number,
  sink: (row: number, start: number, end: number, escaped: boolean, line: number) => void,
) => void;

export interface ColumnContext {
  readonly bytes: Uint8Array;
  readonly source: string;
  /** Accept "," as the decimal mark (semicolon-separated files, as R's read.csv2). */
  readonly decimalComma: boolean;
  readonly tabIsDelimiter: boolean;
  readonly replay: ColumnReplay;
}

const UNDECIDED = 0;
const NUMERIC = 1;
const TEXT = 2;
/** Bad cells kept before the majority is checked (a few typos never make a numeric column text). */
const FEW_BAD_CELLS = 64;
/** Text labels in a category code: at least this share of the non-missing cells … */
const CATEGORY_TEXT_SHARE = 0.05;
/** … each label in at least this many cells … */
const CATEGORY_MIN_LABEL_CELLS = 3;
/** … and at most this many distinct numbers beside them. */
const CATEGORY_MAX_NUMBERS = 20;
/** Spellings of a missing value that R does not read as NA: a cell with one is a bad cell, never a label. */
const MISSING_SPELLING = /^\s*(n\/a|na|nan|null|none|nil|missing|\.|-+|\?)\s*$/i;

/** Whether text cells beside the numbers of a column are the labels of a category code (module comment). */
function isCategoryCode(textCells: number, nonMissing: number, distinctNumbers: number, labelCells: ReadonlyMap<string, number>): boolean {
  if (textCells < CATEGORY_TEXT_SHARE * nonMissing || distinctNumbers > CATEGORY_MAX_NUMBERS) return false;
  for (const [label, cells] of labelCells) if (cells < CATEGORY_MIN_LABEL_CELLS || MISSING_SPELLING.test(label)) return false;
  return true;
}

/** How many cells hold each text label. */
function countLabels(labels: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return counts;
}

const fatalDecoder = new TextDecoder("utf-8", { fatal: true });

/** NaN, Inf, Infinity (either sign, R's and common spellings). */
function isNonFiniteSpelling(bytes: Uint8Array, start: number, end: number): boolean {
  while (start < end && bytes[start] === 0x20) start++;
  while (end > start && bytes[end - 1] === 0x20) end--;
  if (start < end && (bytes[start] === 0x2b || bytes[start] === 0x2d)) start++;
  const length = end - start;
  if (length !== 3 && length !== 8) return false;
  let text = "";
  for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i]!);
  return text === "NaN" || text === "nan" || text === "Inf" || text === "inf" || text === "Infinity";
}

/** Empty (spaces only) or NA: R's missing-value spellings. */
function isMissingBytes(bytes: Uint8Array, start: number, end: number): boolean {
  while (start < end && bytes[start] === 0x20) start++;
  while (end > start && bytes[end - 1] === 0x20) end--;
  return start === end || (end - start === 2 && bytes[start] === 0x4e && bytes[start + 1] === 0x41);
}

export class ColumnBuilder {
  private mode = UNDECIDED;
  private values: Float64Array | null = null;
  private codes: Int32Array | null = null;
  private dictionary: ByteDictionary | null = null;
  private numbers = 0;
  private missing = 0;
  private bad: BadCell[] = [];
  /** Integer codes beyond 2^53 were seen: the column stays text. */
  private keepText = false;

  constructor(
    readonly name: string,
    private readonly index: number,
    private readonly capacity: number,
    private readonly context: ColumnContext,
  ) {}

  add(row: number, start: number, end: number, escaped: boolean, line: number): void {
    const bytes = this.context.bytes;
    if (isMissingBytes(bytes, start, end)) {
      this.missing++;
      if (this.mode === NUMERIC) this.values![row] = Number.NaN;
      else if (this.mode === TEXT) this.codes![row] = -1;
      return;
    }
    if (this.mode === TEXT) {
      this.codes![row] = this.dictionary!.code(start, end, escaped, row, line);
      return;
    }
    const kind = parseNumberBytes(bytes, start, end, this.context.decimalComma, this.context.tabIsDelimiter);
    if (kind === NumberCell.Finite) {
      if (this.mode === UNDECIDED) this.becomeNumeric();
      this.values![row] = parsedNumber.value;
      this.numbers++;
      return;
    }
    if (kind === NumberCell.UnsafeInteger) {
      this.keepText = true;
      this.becomeText(row);
      this.codes![row] = this.dictionary!.code(start, end, escaped, row, line);
      return;
    }
    const nonFinite = kind === NumberCell.Overflow || isNonFiniteSpelling(bytes, start, end);
    if (this.mode === UNDECIDED && !nonFinite) {
      this.becomeText(row);
      this.codes![row] = this.dictionary!.code(start, end, escaped, row, line);
      return;
    }
    if (this.mode === UNDECIDED) this.becomeNumeric();
    this.values![row] = Number.NaN;
    this.bad.push({
      row,
      text: this.decode(start, end, escaped, line),
      problem: kind === NumberCell.Overflow ? "overflow" : nonFinite ? "non-finite" : "text",
    });
    if (this.bad.length > FEW_BAD_CELLS && this.bad.length > this.numbers) this.becomeText(row + 1);
  }

  private becomeNumeric(): void {
    this.values = new Float64Array(this.capacity).fill(Number.NaN);
    this.mode = NUMERIC;
  }

  /** Switch to text, re-reading the first `rows` cells from the file. */
  private becomeText(rows: number): void {
    this.codes = new Int32Array(this.capacity).fill(-1);
    this.dictionary = new ByteDictionary(this.context.bytes);
    this.values = null;
    this.bad = [];
    this.numbers = 0;
    this.missing = 0;
    this.mode = TEXT;
    const bytes = this.context.bytes;
    this.context.replay(this.index, rows, (row, start, end, escaped, line) => {
      if (isMissingBytes(bytes, start, end)) this.missing++;
      else this.codes![row] = this.dictionary!.code(start, end, escaped, row, line);
    });
  }

  private decode(start: number, end: number, escaped: boolean, line: number): string {
    return decodeUtf8(this.context.bytes.subarray(start, end), escaped, this.context.source, line);
  }

  finish(rows: number): DataColumn {
    if (this.mode === UNDECIDED) {
      return { kind: "numeric", name: this.name, length: rows, values: new Float64Array(rows).fill(Number.NaN), badCells: [], missing: rows };
    }
    if (this.mode === NUMERIC && (this.bad.length > this.numbers || this.holdsCategoryCode(rows))) this.becomeText(rows);
    if (this.mode === NUMERIC) {
      return { kind: "numeric", name: this.name, length: rows, values: this.values!.subarray(0, rows), badCells: this.bad, missing: this.missing };
    }
    const dictionary = this.dictionary!;
    const entries = dictionary.entries();
    const levels = entries.map((bytes, k) => decodeUtf8(bytes, false, this.context.source, dictionary.firstLine[k]!));
    const codes = this.codes!.subarray(0, rows);
    if (!this.keepText) {
      const numeric = this.mostlyNumbers(entries, codes, levels, rows);
      if (numeric !== null) return numeric;
    }
    return { kind: "text", name: this.name, length: rows, codes, levels, missing: this.missing };
  }

  /** Whether this numeric column's bad cells are the text labels of a category code. */
  private holdsCategoryCode(rows: number): boolean {
    const bad = this.bad;
    if (bad.length === 0 || bad.some((cell) => cell.problem !== "text")) return false;
    const distinct = new Set<number>();
    const values = this.values!;
    for (let i = 0; i < rows && distinct.size <= CATEGORY_MAX_NUMBERS; i++) if (!Number.isNaN(values[i]!)) distinct.add(values[i]!);
    return isCategoryCode(bad.length, this.numbers + bad.length, distinct.size, countLabels(bad.map((cell) => cell.text)));
  }

  /** The column as numbers with bad cells, when most of its cells are numbers; else null. */
  private mostlyNumbers(entries: readonly Uint8Array[], codes: Int32Array, levels: readonly string[], rows: number): DataColumn | null {
    const number = new Float64Array(entries.length);
    const problem: (BadCell["problem"] | null)[] = entries.map((bytes, k) => {
      const kind = parseNumberBytes(bytes, 0, bytes.length, this.context.decimalComma, this.context.tabIsDelimiter);
      if (kind === NumberCell.Finite) {
        number[k] = parsedNumber.value;
        return null;
      }
      return kind === NumberCell.Overflow ? "overflow" : isNonFiniteSpelling(bytes, 0, bytes.length) ? "non-finite" : "text";
    });
    let numbers = 0;
    let others = 0;
    const labelCells = new Map<string, number>();
    for (let i = 0; i < rows; i++) {
      const code = codes[i]!;
      if (code < 0) continue;
      if (problem[code] === null) numbers++;
      else {
        others++;
        labelCells.set(levels[code]!, (labelCells.get(levels[code]!) ?? 0) + 1);
      }
    }
    if (numbers <= others) return null;
    const distinctNumbers = problem.filter((p) => p === null).length;
    if (problem.every((p) => p === null || p === "text") && isCategoryCode(others, numbers + others, distinctNumbers, labelCells)) return null;
    const values = new Float64Array(rows);
    const badCells: BadCell[] = [];
    for (let i = 0; i < rows; i++) {
      const code = codes[i]!;
      if (code < 0) values[i] = Number.NaN;
      else if (problem[code] === null) values[i] = number[code]!;
      else {
        values[i] = Number.NaN;
        badCells.push({ row: i, text: levels[code]!, problem: problem[code]! });
      }
    }
    return { kind: "numeric", name: this.name, length: rows, values, badCells, missing: this.missing };
  }
}

/** UTF-8 bytes → string; invalid UTF-8 is an input error naming the line and suggesting the encoding. */
export function decodeUtf8(bytes: Uint8Array, escaped: boolean, source: string, line: number): string {
  let text: string;
  try {
    text = fatalDecoder.decode(bytes);
  } catch {
    throw new GlmmInputError("csv", `"${source}", line ${line}: ${describeInvalidUtf8(bytes)}`);
  }
  return escaped ? text.replaceAll('""', '"') : text;
}

function allNumericOrMissing(cells: readonly CellValue[]): boolean {
  for (let row = 0; row < cells.length; row++) {
    const c = cells[row];
    if (!(typeof c === "number" || c === null || c === undefined)) return false;
  }
  return true;
}

/** A typed column from cells given in memory (createDataTable): the same rules as the CSV reader. */
export function columnFromValues(name: string, cells: readonly CellValue[], source: string): DataColumn {
  // Plain loops, not every/from/forEach with arrows: simulated data sets build columns here once per
  // replicate, and closures made per call lose their optimised code at each full GC.
  if (allNumericOrMissing(cells)) {
    const values = new Float64Array(cells.length);
    const badCells: BadCell[] = [];
    let missing = 0;
    for (let row = 0; row < cells.length; row++) {
      const c = cells[row] as number | null | undefined;
      values[row] = typeof c === "number" && Number.isFinite(c) ? c : Number.NaN;
      // A hole in a sparse array is not a cell (forEach skipped it): NaN, but not counted as missing.
      if (c === undefined && !(row in cells)) continue;
      if (c === null || c === undefined) missing++;
      else if (!Number.isFinite(c)) badCells.push({ row, text: String(c), problem: "non-finite" });
    }
    return { kind: "numeric", name, length: cells.length, values, badCells, missing };
  }
  const encoder = new TextEncoder();
  const parts = cells.map((c) => encoder.encode(c === null || c === undefined ? "" : typeof c === "boolean" ? (c ? "TRUE" : "FALSE") : String(c)));
  let total = 0;
  for (const p of parts) total += p.length;
  const bytes = new Uint8Array(total);
  const starts = new Int32Array(cells.length + 1);
  parts.forEach((p, k) => {
    bytes.set(p, starts[k]!);
    starts[k + 1] = starts[k]! + p.length;
  });
  const context: ColumnContext = {
    bytes,
    source,
    decimalComma: false,
    tabIsDelimiter: false,
    replay: (_column, rows, sink) => {
      for (let row = 0; row < rows; row++) sink(row, starts[row]!, starts[row + 1]!, false, row + 2);
    },
  };
  const builder = new ColumnBuilder(name, 0, cells.length, context);
  for (let row = 0; row < cells.length; row++) builder.add(row, starts[row]!, starts[row + 1]!, false, row + 2);
  return builder.finish(cells.length);
}
