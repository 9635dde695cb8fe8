/** Model frames from the data sets vendored in vendor/shared/data (a copy of ../shared/data; tests only). */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildModelFrame, parseCsv, type ModelFrame, type ModelFrameOptions } from "@glmmkit/core";

export const sharedDir = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..", "vendor", "shared");

/** The frame of `formula` on the vendored data/`file`, leaving out the line equal to `dropLine` when given. */
export function sharedDataFrame(file: string, formula: string, options: ModelFrameOptions = {}, dropLine?: string): ModelFrame {
  const lines = readFileSync(resolve(sharedDir, "data", file), "utf8").trim().split(/\r?\n/);
  const kept = dropLine === undefined ? lines : lines.filter((l) => l !== dropLine);
  return buildModelFrame(parseCsv(kept.join("\n"), file), formula, options);
}
