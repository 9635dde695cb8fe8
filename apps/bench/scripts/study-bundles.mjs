#!/usr/bin/env node
// The study commands' two prebuilt bundles (esbuild through @glmmkit/node-bundle, well under a second),
// so neither the `bench study` process nor its pool threads compile TypeScript through tsx at start-up:
//   dist/task-thread.mjs     the body of a pool thread (src/studies/runner/task-thread.ts: run-task,
//                            simulate, estimators, …), started by `bench study` and `bench worker` alike;
//   dist/study-commands.mjs  `bench study | worker | report | study-speedup` (src/studies/study-main.ts),
//                            which bin/bench.mjs runs.
// dist/study-bundles.inputs.json lists every source both were built from; currentStudyBundles() rebuilds
// them when any is newer (or missing), so a checkout never runs stale code. `pnpm install` (the root
// `prepare` script) builds them too; run this file to build them by hand. dist/ is ignored by git.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildNodeBundle, bundleIsCurrent } from "@glmmkit/node-bundle";

const thisFile = fileURLToPath(import.meta.url);
const benchDir = resolve(dirname(thisFile), "..");
const distDir = join(benchDir, "dist");
const inputsFile = join(distDir, "study-bundles.inputs.json");

/** The suites of `bench` that run from dist/study-commands.mjs (the keys of src/studies/study-suites.ts). */
export const STUDY_COMMANDS = ["study", "worker", "report", "study-speedup"];

export const STUDY_BUNDLES = { thread: join(distDir, "task-thread.mjs"), commands: join(distDir, "study-commands.mjs") };

export function buildStudyBundles() {
  return buildNodeBundle({
    packageDir: benchDir,
    entryPoints: {
      "task-thread": join(benchDir, "src", "studies", "runner", "task-thread.ts"),
      "study-commands": join(benchDir, "src", "studies", "study-main.ts"),
    },
    outdir: distDir,
    inputsFile,
    configFiles: [thisFile],
    // Native modules and the commands' large dependencies load from apps/bench's own node_modules;
    // node-bundle (esbuild) is only loaded to rebuild these bundles.
    external: ["better-sqlite3", "bullmq", "ioredis", "piscina", "vega", "vega-lite", "@resvg/resvg-js", "@glmmkit/node-bundle"],
  });
}

/** The paths of both bundles, rebuilt first when either is missing or older than any of its sources. */
export async function currentStudyBundles() {
  const current = Object.values(STUDY_BUNDLES).every((bundle) => bundleIsCurrent({ bundle, inputsFile, packageDir: benchDir }));
  if (!current) await buildStudyBundles();
  return STUDY_BUNDLES;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === thisFile) {
  const { inputs, outputs } = await buildStudyBundles();
  const sizes = outputs.filter((output) => output.path.endsWith(".mjs")).map((output) => `${output.path.slice(benchDir.length + 1)} (${(output.bytes / 1024).toFixed(0)} kB)`);
  console.log(`built ${sizes.join(", ")} from ${inputs.length} source files`);
}
