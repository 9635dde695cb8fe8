/**
 * CSV → DataTable with csv-parse (sync API). One header row; quoted or bare header names; every
 * data row must have as many fields as the header. Errors name the file, line/row and column.
 */
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { createDataTable, quoteSource, type DataTable } from "./data-table.js";
import { GlmmInputError } from "./errors.js";

interface ParsedRecord {
  readonly record: string[];
  readonly info: { readonly lines: number };
}

/** Parse CSV text; `sourceName` is used in error messages (usually the file name). */
export function parseCsv(text: string, sourceName: string): DataTable {
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

/** Read and parse a CSV file; a missing or unreadable file is a GlmmInputError of kind "file". */
export function readCsvFile(path: string): DataTable {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as { code?: string }).code;
    const reason =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code === "EACCES" ? "permission denied" : (e as Error).message;
    throw new GlmmInputError("file", `cannot read file ${quoteSource(path)}: ${reason}`);
  }
  return parseCsv(text, path);
}

/** Alias of readCsvFile: the name the CLI uses. */
export const readTable = readCsvFile;
