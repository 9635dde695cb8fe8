/** Reference numbers computed for this repository by the R scripts in reference/scripts (committed JSON). */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ModelFrameOptions } from "@glmmkit/core";

export const repoReferenceDir = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..", "reference");

export function repoReference<T>(file: string): T {
  return JSON.parse(readFileSync(resolve(repoReferenceDir, file), "utf8")) as T;
}

/** The options of a reference entry's `cli` block (what the glmm flags would be) as model-frame options. */
export function frameOptions(cli: { factors?: string; success?: string; weights?: string }): ModelFrameOptions {
  return {
    ...(cli.factors === undefined ? {} : { factors: cli.factors.split(",") }),
    ...(cli.success === undefined ? {} : { success: cli.success }),
    ...(cli.weights === undefined ? {} : { weights: cli.weights }),
  };
}
