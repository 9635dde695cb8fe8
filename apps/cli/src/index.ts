export { main, processIo } from "./main.js";
export type { CliIo } from "./main.js";
