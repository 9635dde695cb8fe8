import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root and the `shared/` folder that sits beside it (data and reference numbers). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const sharedDir = process.env["GLMMKIT_SHARED"] ?? resolve(repoRoot, "..", "shared");
export const resultsDir = resolve(repoRoot, "bench-results");
