/**
 * Reading a data file from disk or standard input (Node only: exported from `@glmmkit/core/node`, never
 * from the main entry, so that the main entry bundles for a browser; the parsing itself, in csv/, needs no
 * Node built-in). Only regular files are read: a FIFO, a device or a socket would block or never end, so it
 * is an error naming what the path is; `-` reads standard input to its end.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from "node:fs";
import type { DataTable } from "./data-table.js";
import { quoteSource } from "./data-table.js";
import { GlmmInputError } from "./errors.js";
import { parseDelimitedBytes, type DelimitedOptions } from "./csv/parse-delimited.js";

/** The name `-` gets in messages. */
export const STDIN_SOURCE = "<stdin>";

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a FIFO (named pipe), which could block forever";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSocket()) return "a socket";
  return "not a regular file";
}

function fileError(path: string, reason: string): GlmmInputError {
  return new GlmmInputError("file", `cannot read file ${quoteSource(path)}: ${reason}`);
}

/** The bytes of a regular file; anything else is a GlmmInputError of kind "file". */
export function readFileBytes(path: string): Uint8Array {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO with no writer must not block before we can refuse it.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const reason =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code === "EACCES" ? "permission denied" : (e as Error).message;
    throw fileError(path, reason);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw fileError(path, `it is ${kindOf(stats)}; give a regular file, or "-" for standard input`);
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Standard input to its end (`glmm fit - ...`). */
export function readStdinBytes(): Uint8Array {
  try {
    const stats = fstatSync(0);
    if (stats.isCharacterDevice()) {
      throw new GlmmInputError("file", `"-" reads the data from standard input, but standard input is a terminal: pipe or redirect a file into it`);
    }
    return readFileSync(0);
  } catch (e) {
    if (e instanceof GlmmInputError) throw e;
    throw new GlmmInputError("file", `cannot read standard input: ${(e as Error).message}`);
  }
}

/**
 * Read and parse a delimited data file (comma, tab or semicolon, detected; `-` for standard input) into a
 * {@link DataTable}.
 * @param path - the file to read; relative paths resolve against the process's working directory.
 * @throws GlmmInputError of kind "file" when the file is missing, unreadable or not a regular file, "csv"
 * when it is not a table.
 * @example
 * ```ts
 * import { readCsvFile } from "@glmmkit/core/node";
 * const table = readCsvFile("culcita.csv");
 * ```
 */
export function readCsvFile(path: string, options: DelimitedOptions = {}): DataTable {
  if (path === "-") return parseDelimitedBytes(readStdinBytes(), STDIN_SOURCE, options);
  return parseDelimitedBytes(readFileBytes(path), path, options);
}

/** Alias of {@link readCsvFile}: the name the CLI uses. */
export const readTable = readCsvFile;
