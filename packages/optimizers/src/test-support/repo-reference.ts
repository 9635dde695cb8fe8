/** Reference numbers computed for this repository by the R scripts in reference/scripts (committed JSON). */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoReferenceDir = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..", "reference");

export function repoReference<T>(file: string): T {
  return JSON.parse(readFileSync(resolve(repoReferenceDir, file), "utf8")) as T;
}
