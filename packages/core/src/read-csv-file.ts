/**
 * Reading a CSV file from disk (Node only: exported from `@glmmkit/core/node`, never from the main entry,
 * so that the main entry bundles for a browser).
 */
import { readFileSync } from "node:fs";
import { parse as nodeParse } from "csv-parse/sync";
import { quoteSource, type DataTable } from "./data-table.js";
import { GlmmInputError } from "./errors.js";
import { parseCsvWith, type CsvParseFunction } from "./read-csv.js";

/**
 * Read and parse a CSV file (UTF-8, one header row) into a {@link DataTable}.
 * @param path - the file to read; relative paths resolve against the process's working directory.
 * @throws GlmmInputError of kind "file" when the file is missing or unreadable, "csv" when it is not a table.
 * @example
 * ```ts
 * import { readCsvFile } from "@glmmkit/core/node";
 * const table = readCsvFile("culcita.csv");
 * ```
 */
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
  return parseCsvWith(nodeParse as CsvParseFunction, text, path);
}

/** Alias of {@link readCsvFile}: the name the CLI uses. */
export const readTable = readCsvFile;
