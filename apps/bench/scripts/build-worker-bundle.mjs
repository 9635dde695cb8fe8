#!/usr/bin/env node
// Builds the study runner's pool-thread body, dist/task-thread.mjs, from src/studies/runner/task-thread.ts
// and everything it imports (run-task, simulate, estimators, …) as plain JavaScript (esbuild through
// @glmmkit/node-bundle, well under a second), so a pool thread starts without compiling TypeScript through
// tsx. `bench study` and `bench worker` rebuild it before starting their pool whenever
// dist/task-thread.inputs.json names a source newer than it (src/studies/runner/worker-bundle.ts); `pnpm
// install` (the root `prepare` script) builds it too. dist/ is ignored by git.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildNodeBundle } from "@glmmkit/node-bundle";

const thisFile = fileURLToPath(import.meta.url);
const benchDir = resolve(dirname(thisFile), "..");

export const WORKER_BUNDLE = join(benchDir, "dist", "task-thread.mjs");
export const WORKER_BUNDLE_INPUTS = join(benchDir, "dist", "task-thread.inputs.json");
export const BENCH_DIR = benchDir;

export async function buildWorkerBundle() {
  return buildNodeBundle({
    packageDir: benchDir,
    entryPoints: { "task-thread": join(benchDir, "src", "studies", "runner", "task-thread.ts") },
    outdir: dirname(WORKER_BUNDLE),
    inputsFile: WORKER_BUNDLE_INPUTS,
    configFiles: [thisFile],
  });
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === thisFile) {
  const { inputs, outputs } = await buildWorkerBundle();
  const bytes = outputs.find((output) => output.path === WORKER_BUNDLE)?.bytes ?? 0;
  console.log(`built apps/bench/dist/task-thread.mjs (${(bytes / 1024).toFixed(0)} kB) from ${inputs.length} source files`);
}
