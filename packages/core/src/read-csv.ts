/**
 * CSV (comma, tab or semicolon separated) text or bytes → DataTable of typed columns: the parser in csv/
 * uses no Node built-in, so this is what the main entry of @glmmkit/core offers for a browser. Reading
 * files lives in `@glmmkit/core/node` (read-csv-file.ts).
 */
export { parseCsv, parseDelimitedBytes, detectDelimiter } from "./csv/parse-delimited.js";
export type { DelimitedOptions } from "./csv/parse-delimited.js";
