/**
 * `bench fuzz`: the CLI's property suite (apps/cli/src/fuzz.test.ts) with thousands of cases instead of
 * CI's 150 — run as its own vitest process with GLMM_FUZZ_RUNS — and the counts of its outcomes: fits,
 * converged fits, fits stopped by a limit, input errors by kind, and shuffled-row comparisons.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { flagValue, intFlag } from "./args.js";
import { repoRoot, resultsDir } from "./paths.js";

export function runFuzzBenchmark(args: readonly string[]): void {
  const runs = intFlag(args, "--runs", 3000);
  const seed = flagValue(args, "--seed") ?? "20261201";
  mkdirSync(resultsDir, { recursive: true });
  const report = flagValue(args, "--json-out") ?? join(resultsDir, "fuzz.json");
  const started = process.hrtime.bigint();
  const child = spawnSync("pnpm", ["exec", "vitest", "run", "src/fuzz.test.ts"], {
    cwd: join(repoRoot, "apps", "cli"),
    env: { ...process.env, GLMM_FUZZ_RUNS: String(runs), GLMM_FUZZ_SEED: seed, GLMM_FUZZ_REPORT: report },
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.status !== 0) {
    process.stdout.write(`${child.stdout}\n${child.stderr}\n`);
    throw new Error(`the fuzz suite failed (exit ${child.status}); the counterexample is above`);
  }
  // The suite writes its own counts (cases, fits, converged, stopped by a limit, input errors by kind, ...).
  const counts = JSON.parse(readFileSync(report, "utf8")) as Record<string, number | Record<string, number>>;
  process.stdout.write(`fuzz: seed ${seed}, ${seconds.toFixed(0)} s — every property held\n`);
  for (const [name, value] of Object.entries(counts)) {
    if (typeof value === "number") process.stdout.write(`  ${name}: ${value}\n`);
    else {
      process.stdout.write(`  ${name}:\n`);
      for (const [kind, count] of Object.entries(value).sort((a, b) => b[1] - a[1])) process.stdout.write(`    ${String(count).padStart(6)}  ${kind}\n`);
    }
  }
  process.stdout.write(`\nwrote ${report}\n`);
}
