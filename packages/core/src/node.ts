/**
 * `@glmmkit/core/node`: the parts of core that need Node built-ins (reading files). Everything else is in
 * the main entry, which runs in a browser.
 */
export { readCsvFile, readTable } from "./read-csv-file.js";
