/**
 * The records of delimiter-separated text, read from UTF-8 bytes without making a string per field
 * (RFC 4180 with the usual leniency): fields are separated by one delimiter byte; a field that starts
 * with `"` is quoted — it may hold delimiters and line breaks, `""` stands for one quote, and only
 * spaces may follow the closing quote; a `"` inside an unquoted field is an ordinary character. A line
 * break is `\n`, `\r\n`, any run of `\r` before `\n` (files converted twice end lines with `\r\r\n`),
 * or a lone `\r`; each counts as one line. Lines with no characters at all are skipped.
 */
import { GlmmInputError } from "../errors.js";

export interface CsvVisitor {
  /**
   * Field `column` of the current record is bytes[start, end) — for a quoted field, the text between
   * the quotes, where `escaped` says doubled quotes `""` remain to be undone.
   */
  field(column: number, start: number, end: number, escaped: boolean): void;
  /** The record that began on `line` ended with `fields` fields; return false to stop reading. */
  endRecord(fields: number, line: number): boolean;
}

export interface ScanPosition {
  /** Byte offset just after the last record read. */
  readonly offset: number;
  /** The line number the next record would start on. */
  readonly line: number;
}

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const SPACE = 0x20;

/** Where a message should point: `"file.csv", line 4`. */
function at(source: string, line: number): string {
  return `"${source}", line ${line}`;
}

/** Length of the line break starting at i (0 when bytes[i] does not start one). */
function lineBreakLength(bytes: Uint8Array, i: number, end: number): number {
  const b = bytes[i];
  if (b === LF) return 1;
  if (b !== CR) return 0;
  let j = i + 1;
  while (j < end && bytes[j] === CR) j++;
  // A run of \r before \n is one break; a lone \r (old Mac files) is one break on its own.
  return j < end && bytes[j] === LF ? j - i + 1 : 1;
}

/**
 * Read records from bytes[offset, end), starting on line `line`, until the end or until the visitor
 * declines. Throws a GlmmInputError naming the line where a quoted field that never closes begins.
 */
export function scanCsv(
  bytes: Uint8Array,
  offset: number,
  end: number,
  line: number,
  delimiter: number,
  source: string,
  visitor: CsvVisitor,
): ScanPosition {
  let i = offset;
  while (i < end) {
    // Skip empty lines.
    const skip = lineBreakLength(bytes, i, end);
    if (skip > 0) {
      i += skip;
      line++;
      continue;
    }
    const recordLine = line;
    let column = 0;
    for (;;) {
      let fieldEnd: number;
      if (bytes[i] === QUOTE) {
        const quoteLine = line;
        const contentStart = i + 1;
        let j = contentStart;
        let escaped = false;
        for (;;) {
          if (j >= end) {
            throw new GlmmInputError(
              "csv",
              `${at(source, quoteLine)}: a quoted field starts here and is never closed (a missing closing quote " swallows the rest of the file)`,
            );
          }
          const b = bytes[j]!;
          if (b === QUOTE) {
            if (j + 1 < end && bytes[j + 1] === QUOTE) {
              escaped = true;
              j += 2;
              continue;
            }
            break;
          }
          const lb = lineBreakLength(bytes, j, end);
          if (lb > 0) {
            line++;
            j += lb;
          } else j++;
        }
        visitor.field(column, contentStart, j, escaped);
        i = j + 1;
        while (i < end && bytes[i] === SPACE && delimiter !== SPACE) i++;
        if (i < end && bytes[i] !== delimiter && lineBreakLength(bytes, i, end) === 0) {
          throw new GlmmInputError(
            "csv",
            `${at(source, line)}: unexpected text after the closing quote of field ${column + 1}; a quote inside a quoted field must be doubled ("")`,
          );
        }
        fieldEnd = i;
      } else {
        let j = i;
        while (j < end) {
          const b = bytes[j]!;
          if (b === delimiter || b === LF || b === CR) break;
          j++;
        }
        visitor.field(column, i, j, false);
        fieldEnd = j;
      }
      column++;
      if (fieldEnd < end && bytes[fieldEnd] === delimiter) {
        i = fieldEnd + 1;
        if (i >= end || lineBreakLength(bytes, i, end) > 0) {
          // A trailing delimiter ends the record with one more, empty field.
          visitor.field(column, i, i, false);
          column++;
        } else continue;
      } else i = fieldEnd;
      break;
    }
    const lb = i < end ? lineBreakLength(bytes, i, end) : 0;
    i += lb;
    if (lb > 0) line++;
    if (!visitor.endRecord(column, recordLine)) return { offset: i, line };
  }
  return { offset: i, line };
}
