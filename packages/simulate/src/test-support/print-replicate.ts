/**
 * Run in a separate process by simulate.test.ts: prints the SHA-256 of one replicate's CSV, so a test
 * can show that a replicate regenerated in another process is the same bytes.
 * Usage: print-replicate.ts DESIGN CELL SEED REPLICATE
 */
import { simulate, toCsv } from "../index.js";
import { parseCellText } from "../cell.js";
import { sha256 } from "./shared-data.js";

const [design, cell, seed, replicate] = process.argv.slice(2);
const simulated = simulate(design!, parseCellText(cell ?? ""), { seed: seed!, replicate: Number(replicate) });
process.stdout.write(`${sha256(toCsv(simulated.table))}\n`);
