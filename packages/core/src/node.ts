/**
 * `@glmmkit/core/node`: the parts of core that need Node built-ins (reading files and standard input).
 * Everything else is in the main entry, which runs in a browser.
 */
export { readCsvFile, readTable, readFileBytes, readStdinBytes, STDIN_SOURCE } from "./read-csv-file.js";
