/**
 * CSV text → DataTable with csv-parse (sync API). One header row; quoted or bare header names; every
 * data row must have as many fields as the header. Errors name the file, line/row and column.
 *
 * This module uses no Node built-ins: it takes csv-parse's browser build (the same parser, bundled
 * with its own Buffer shim), so the main entry of @glmmkit/core runs in a browser. Reading files
 * lives in `@glmmkit/core/node` (read-csv-file.ts), which passes csv-parse's Node build instead — the
 * same records and messages, about twice as fast on large files in Node.
 */
import { parse as browserParse } from "csv-parse/browser/esm/sync";
import { createDataTable, quoteSource, type DataTable } from "./data-table.js";
import { GlmmInputError } from "./errors.js";

interface ParsedRecord {
  readonly record: string[];
  readonly info: { readonly lines: number };
}

/** csv-parse's synchronous `parse` (the Node or the browser build: same options, same records). */
export type CsvParseFunction = (text: string, options: CsvParseOptions) => unknown;

/** The csv-parse options the reader uses (a subset of csv-parse's `Options`). */
export interface CsvParseOptions {
  readonly bom: boolean;
  readonly info: boolean;
  readonly relax_column_count: boolean;
  readonly skip_empty_lines: boolean;
}

/**
 * Parse CSV text into a {@link DataTable}.
 * @param text - the whole file's text: one header row naming the columns, then the data rows.
 * @param sourceName - where the text came from (usually the file name), named in every error message.
 * @throws GlmmInputError of kind "csv" naming the line, data row or column when the text is not a table.
 * @example
 * ```ts
 * const table = parseCsv("y,x,g\n1,0.5,a\n0,1.5,b\n", "inline.csv");
 * table.column("x"); // ["0.5", "1.5"]
 * ```
 */
export function parseCsv(text: string, sourceName: string): DataTable {
  return parseCsvWith(browserParse as CsvParseFunction, text, sourceName);
}

/** {@link parseCsv} with a given build of csv-parse's `parse` (the `/node` entry passes the Node build). */
export function parseCsvWith(parse: CsvParseFunction, text: string, sourceName: string): DataTable {
  const where = quoteSource(sourceName);
  let records: ParsedRecord[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      // Column counts are checked below so the message can name the data row and both counts.
      relax_column_count: true,
      skip_empty_lines: true,
    }) as ParsedRecord[];
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new GlmmInputError("csv", `cannot parse ${where} as CSV: ${message}`);
  }
  const headerRecord = records[0];
  if (headerRecord === undefined) {
    throw new GlmmInputError("csv", `${where} is empty: expected a header row naming the columns`);
  }
  const header = headerRecord.record;
  const seen = new Map<string, number>();
  header.forEach((name, k) => {
    if (name.trim() === "") {
      throw new GlmmInputError("csv", `${where}, line ${headerRecord.info.lines}: header column ${k + 1} has an empty name`);
    }
    const first = seen.get(name);
    if (first !== undefined) {
      throw new GlmmInputError(
        "csv",
        `${where}, line ${headerRecord.info.lines}: duplicate column name "${name}" (columns ${first + 1} and ${k + 1})`,
      );
    }
    seen.set(name, k);
  });
  const dataRecords = records.slice(1);
  if (dataRecords.length === 0) {
    throw new GlmmInputError("csv", `${where} has a header row but no data rows`);
  }
  const cells: string[][] = header.map(() => new Array<string>(dataRecords.length));
  dataRecords.forEach(({ record, info }, row) => {
    if (record.length !== header.length) {
      throw new GlmmInputError(
        "csv",
        `${where}, data row ${row + 1} (line ${info.lines}): expected ${header.length} fields (${header.join(", ")}) but found ${record.length}`,
      );
    }
    for (let k = 0; k < header.length; k++) cells[k]![row] = record[k]!;
  });
  return createDataTable(sourceName, new Map(header.map((name, k) => [name, cells[k]!])));
}
