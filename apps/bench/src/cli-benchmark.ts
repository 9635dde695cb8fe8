/**
 * `bench cli`: the `glmm fit` command as a user runs it — whole `node` processes, started one after
 * another, timed from spawn to exit (median of --runs, after one untimed warm-up) — on sim_base_J50,
 * sim_large_J2000 and a generated 200 000-row, 10-covariate file. Each case runs the compiled bundle
 * (bin/glmm.mjs → dist/glmm.mjs) and, for comparison, the TypeScript sources through tsx
 * (GLMM_FROM_SOURCE=1, what every start cost before the bundle). With GLMM_TIMINGS=1 the command reports
 * its own split (start, read, frame, separation LP, fit, divergence check, output); the medians of each
 * step are printed beside the whole-process median. Wall-clock figures on a shared machine are noisy:
 * read them with the machine's load in mind, and prefer an external tool's medians for a report.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expit, createRng } from "@glmmkit/math";
import { flagValue, intFlag } from "./args.js";
import { repoRoot, resultsDir, sharedDir } from "./paths.js";
import { median } from "./timing.js";

interface CliCase {
  readonly name: string;
  readonly file: () => string;
  readonly formula: string;
  readonly targetSeconds: number;
}

const covariates = (k: number) => Array.from({ length: k }, (_, j) => `x${j + 1}`).join(" + ");

/** 200 000 rows, x1..x10 ~ N(0, 1), 4 000 clusters of 50, β = 0.3·(−1)^j, σ = 1: y ~ Bernoulli(expit(η)). */
export function generateLargeFile(path: string, rows = 200_000, clusters = 4_000): void {
  const rng = createRng("bench-cli-200k");
  const u = Array.from({ length: clusters }, () => rng.normal());
  const lines = [`y,${Array.from({ length: 10 }, (_, j) => `x${j + 1}`).join(",")},g`];
  for (let i = 0; i < rows; i++) {
    const g = i % clusters;
    const x = Array.from({ length: 10 }, () => rng.normal());
    const eta = -0.5 + x.reduce((s, v, j) => s + v * 0.3 * (j % 2 === 0 ? 1 : -1), 0) + u[g]!;
    lines.push(`${rng.bernoulli(expit(eta))},${x.map((v) => v.toFixed(6)).join(",")},g${g}`);
  }
  writeFileSync(path, `${lines.join("\n")}\n`);
}

const CASES: CliCase[] = [
  { name: "sim_base_J50 (1 246 rows)", file: () => join(sharedDir, "data", "sim_base_J50.csv"), formula: `y ~ ${covariates(4)} + (1 | g)`, targetSeconds: 0.25 },
  { name: "sim_large_J2000 (39 669 rows)", file: () => join(sharedDir, "data", "sim_large_J2000.csv"), formula: `y ~ ${covariates(9)} + (1 | g)`, targetSeconds: 0.6 },
  {
    name: "generated (200 000 rows, 10 covariates)",
    file: () => {
      const path = join(resultsDir, "cli-200k.csv");
      if (!existsSync(path)) {
        mkdirSync(resultsDir, { recursive: true });
        generateLargeFile(path);
      }
      return path;
    },
    formula: `y ~ ${covariates(10)} + (1 | g)`,
    targetSeconds: 2.5,
  },
];

interface RunResult {
  seconds: number;
  steps: Record<string, number>;
}

function runOnce(args: string[], fromSource: boolean): RunResult {
  const bin = join(repoRoot, "apps", "cli", "bin", "glmm.mjs");
  const t0 = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [bin, ...args], {
    encoding: "utf8",
    env: { ...process.env, GLMM_TIMINGS: "1", GLMM_FROM_SOURCE: fromSource ? "1" : "" },
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (run.status !== 0) throw new Error(`glmm ${args.join(" ")} exited ${run.status}: ${run.stderr}`);
  const line = run.stderr.split("\n").find((l) => l.startsWith("timings: "));
  return { seconds, steps: line === undefined ? {} : (JSON.parse(line.slice("timings: ".length)) as Record<string, number>) };
}

function medianSteps(results: readonly RunResult[]): Record<string, number> {
  const names = [...new Set(results.flatMap((r) => Object.keys(r.steps)))];
  return Object.fromEntries(names.map((n) => [n, median(results.map((r) => r.steps[n] ?? 0))]));
}

export function runCliBenchmark(args: readonly string[]): void {
  const runs = intFlag(args, "--runs", 5);
  const only = flagValue(args, "--case");
  const report: Record<string, unknown>[] = [];
  process.stdout.write(`glmm fit, whole process: median of ${runs} runs after 1 warm-up (shared machine: wall times are noisy)\n`);
  for (const c of CASES) {
    if (only !== undefined && !c.name.includes(only)) continue;
    const cliArgs = ["fit", c.file(), "--formula", c.formula];
    for (const mode of ["bundle", "source (tsx)"] as const) {
      const fromSource = mode !== "bundle";
      runOnce(cliArgs, fromSource);
      const results = Array.from({ length: runs }, () => runOnce(cliArgs, fromSource));
      const wall = median(results.map((r) => r.seconds));
      const steps = medianSteps(results);
      const split = Object.entries(steps)
        .map(([k, v]) => `${k} ${(v / 1000).toFixed(3)}`)
        .join(", ");
      process.stdout.write(
        `${c.name.padEnd(42)} ${mode.padEnd(12)} ${wall.toFixed(3)} s (target ${c.targetSeconds} s${wall <= c.targetSeconds ? "" : ", missed"})\n    split (s): ${split}\n`,
      );
      report.push({ case: c.name, mode, runs, medianSeconds: wall, targetSeconds: c.targetSeconds, medianStepsMs: steps });
    }
  }
  const out = flagValue(args, "--json-out") ?? join(resultsDir, "cli.json");
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`wrote ${out}\n`);
}
