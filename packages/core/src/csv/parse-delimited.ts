/**
 * Delimited text (CSV, TSV, semicolon-separated) → DataTable of typed columns, straight from the bytes:
 * one pass of the tokenizer feeds each field to its column's builder (a number is parsed in place, a text
 * value interned), so no string is made per cell and no row objects exist. One header row; every data
 * row must have as many fields as the header. Errors name the file, the line and the column.
 */
import { createDataTable, quoteSource, type DataColumn, type DataTable } from "../data-table.js";
import { GlmmInputError } from "../errors.js";
import { ColumnBuilder, decodeUtf8, type ColumnContext } from "./column-builder.js";
import { scanCsv, type CsvVisitor } from "./csv-tokenizer.js";
import { decodeInput } from "./text-encoding.js";

export interface DelimitedOptions {
  /** The field delimiter (one character; "\t" for tab). Default: detected from the first lines (",", tab or ";"). */
  readonly delimiter?: string;
}

const CANDIDATES = [0x2c, 0x09, 0x3b]; // comma, tab, semicolon — the preference order on ties
const SAMPLE_RECORDS = 20;

function delimiterName(code: number): string {
  return code === 0x09 ? "\t" : String.fromCharCode(code);
}

/** Field counts of the first records with this delimiter (null when the sample cannot be read with it). */
function sampleFieldCounts(bytes: Uint8Array, delimiter: number, source: string): number[] | null {
  const counts: number[] = [];
  try {
    scanCsv(bytes, 0, bytes.length, 1, delimiter, source, {
      field() {},
      endRecord(fields) {
        counts.push(fields);
        return counts.length < SAMPLE_RECORDS;
      },
    });
  } catch {
    return null;
  }
  return counts;
}

/**
 * The delimiter that splits the first lines into the same number (> 1) of fields; among several, the one
 * giving the most fields (a semicolon file with decimal commas splits inconsistently on ","), ties in
 * the order comma, tab, semicolon. Without such a delimiter, the one splitting the header most, else ",".
 */
export function detectDelimiter(bytes: Uint8Array, source: string): number {
  let best = -1;
  let bestFields = 1;
  let widestHeader = CANDIDATES[0]!;
  let widestHeaderFields = 1;
  for (const candidate of CANDIDATES) {
    const counts = sampleFieldCounts(bytes, candidate, source);
    if (counts === null || counts.length === 0) continue;
    if (counts[0]! > widestHeaderFields) {
      widestHeader = candidate;
      widestHeaderFields = counts[0]!;
    }
    const consistent = counts.every((c) => c === counts[0]);
    if (consistent && counts[0]! > bestFields) {
      best = candidate;
      bestFields = counts[0]!;
    }
  }
  return best >= 0 ? best : widestHeader;
}

function delimiterCode(delimiter: string): number {
  const text = delimiter === "tab" || delimiter === "\\t" ? "\t" : delimiter;
  const code = text.charCodeAt(0);
  if (text.length !== 1 || code > 0x7e || code === 0x22 || code === 0x0a || code === 0x0d || (code < 0x20 && code !== 0x09)) {
    throw new GlmmInputError("option", `the delimiter must be one printable ASCII character other than a quote (or "tab"), got "${delimiter}"`);
  }
  return code;
}

/** An upper bound on the number of records: the line breaks, plus one. */
function maxRecords(bytes: Uint8Array): number {
  let newlines = 0;
  let returns = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x0a) newlines++;
    else if (b === 0x0d) returns++;
  }
  return (newlines > 0 ? newlines : returns) + 1;
}

interface Header {
  readonly names: string[];
  readonly line: number;
  readonly dataOffset: number;
  readonly dataLine: number;
}

function readHeader(bytes: Uint8Array, delimiter: number, source: string): Header {
  const where = quoteSource(source);
  const fields: { start: number; end: number; escaped: boolean }[] = [];
  let headerLine = 0;
  const next = scanCsv(bytes, 0, bytes.length, 1, delimiter, source, {
    field(_column, start, end, escaped) {
      fields.push({ start, end, escaped });
    },
    endRecord(_fields, line) {
      headerLine = line;
      return false;
    },
  });
  if (fields.length === 0) throw new GlmmInputError("csv", `${where} is empty: expected a header row naming the columns`);
  const names = fields.map((f) => decodeUtf8(bytes.subarray(f.start, f.end), f.escaped, source, headerLine));
  const seen = new Map<string, number>();
  names.forEach((name, k) => {
    if (name.trim() === "") {
      throw new GlmmInputError("csv", `${where}, line ${headerLine}: header column ${k + 1} has an empty name`);
    }
    const first = seen.get(name);
    if (first !== undefined) {
      throw new GlmmInputError("csv", `${where}, line ${headerLine}: duplicate column name "${name}" (columns ${first + 1} and ${k + 1})`);
    }
    seen.set(name, k);
  });
  return { names, line: headerLine, dataOffset: next.offset, dataLine: next.line };
}

/** Parse delimited text given as bytes (any BOM-marked UTF-8/UTF-16, or plain UTF-8). */
export function parseDelimitedBytes(raw: Uint8Array, source: string, options: DelimitedOptions = {}): DataTable {
  const where = quoteSource(source);
  const { bytes, encoding } = decodeInput(raw, source);
  const delimiter = options.delimiter === undefined ? detectDelimiter(bytes, source) : delimiterCode(options.delimiter);
  const header = readHeader(bytes, delimiter, source);
  const width = header.names.length;
  const capacity = maxRecords(bytes.subarray(header.dataOffset));
  const replay: ColumnContext["replay"] = (column, rows, sink) => {
    if (rows === 0) return;
    let row = 0;
    let line = 0;
    scanCsv(bytes, header.dataOffset, bytes.length, header.dataLine, delimiter, source, {
      field(c, start, end, escaped) {
        if (c === column) sink(row, start, end, escaped, line);
      },
      endRecord(_fields, recordLine) {
        line = recordLine;
        row++;
        return row < rows;
      },
    });
  };
  const context: ColumnContext = { bytes, source, decimalComma: delimiter === 0x3b, tabIsDelimiter: delimiter === 0x09, replay };
  const builders = header.names.map((name, k) => new ColumnBuilder(name, k, capacity, context));
  // Fields are buffered per record so a ragged row is reported before any of its cells is stored.
  const starts = new Int32Array(width);
  const ends = new Int32Array(width);
  const escapedFields = new Uint8Array(width);
  let rows = 0;
  const visitor: CsvVisitor = {
    field(column, start, end, escaped) {
      if (column < width) {
        starts[column] = start;
        ends[column] = end;
        escapedFields[column] = escaped ? 1 : 0;
      }
    },
    endRecord(fields, line) {
      if (fields !== width) {
        throw new GlmmInputError(
          "csv",
          `${where}, data row ${rows + 1} (line ${line}): expected ${width} fields (${header.names.join(", ")}) but found ${fields}` +
            (fields === 1 && width > 1 ? `; is the delimiter "${delimiterName(delimiter) === "\t" ? "tab" : delimiterName(delimiter)}" right? (--delimiter)` : ""),
        );
      }
      for (let k = 0; k < width; k++) builders[k]!.add(rows, starts[k]!, ends[k]!, escapedFields[k] === 1, line);
      rows++;
      return true;
    },
  };
  scanCsv(bytes, header.dataOffset, bytes.length, header.dataLine, delimiter, source, visitor);
  if (rows === 0) throw new GlmmInputError("csv", `${where} has a header row but no data rows`);
  const columns = new Map<string, DataColumn>(builders.map((b) => [b.name, b.finish(rows)]));
  return createDataTable(source, columns, { encoding, delimiter: delimiterName(delimiter) });
}

/** Parse delimited text held in a string; `sourceName` is used in error messages (usually the file name). */
export function parseCsv(text: string, sourceName: string, options: DelimitedOptions = {}): DataTable {
  return parseDelimitedBytes(new TextEncoder().encode(text), sourceName, options);
}
