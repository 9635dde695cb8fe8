/**
 * `bench fit`: ML Laplace fits of the simulated data sets (y ~ x1 + ... + (1 | g)) repeated in a warm
 * process; prints the median time beside glmmTMB's and lme4's figures from shared/reference and checks
 * that every fit reaches a log-likelihood at least as high as glmmTMB's.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildModelFrame, getEstimator, type FitResult } from "@glmmkit/core";
import { readCsvFile } from "@glmmkit/core/node";
import "@glmmkit/estimators";
import { intFlag, flagValue } from "./args.js";
import { resultsDir, sharedDir } from "./paths.js";
import { timeRepeated } from "./timing.js";
import { printCrossedRows, runCrossedRows } from "./crossed-benchmark.js";

interface ReferenceEntry {
  tool: string;
  seconds: number;
  logLik: number;
  note: string;
}

const LME4_SECONDS: Record<string, number> = { "sim_base_J50.csv": 0.35, "sim_large_J2000.csv": 68.9 };

const DATASETS = [
  { file: "sim_base_J50.csv", covariates: 4, runs: 50, warmup: 5, target: 0.005 },
  { file: "sim_large_J2000.csv", covariates: 9, runs: 9, warmup: 2, target: 0.5 },
];

export function runFitBenchmark(args: readonly string[]): void {
  const reference = JSON.parse(readFileSync(join(sharedDir, "reference", "glmmtmb-sim.json"), "utf8")) as Record<
    string,
    ReferenceEntry
  >;
  const ml = getEstimator("ml");
  const rows: Record<string, unknown>[] = [];
  for (const d of DATASETS) {
    const runs = intFlag(args, "--runs", d.runs);
    const table = readCsvFile(join(sharedDir, "data", d.file));
    const rhs = Array.from({ length: d.covariates }, (_, k) => `x${k + 1}`).join(" + ");
    const frame = buildModelFrame(table, `y ~ ${rhs} + (1 | g)`);
    const timed = timeRepeated<FitResult>(() => ml.fit(frame, {}), runs, d.warmup);
    const fit = timed.result;
    const ref = reference[d.file]!;
    rows.push({
      data: d.file,
      n: frame.n,
      runs,
      medianSeconds: timed.medianSeconds,
      targetSeconds: d.target,
      logLik: fit.logLik,
      glmmTMBLogLik: ref.logLik,
      logLikAtLeastGlmmTMB: fit.logLik >= ref.logLik - 1e-6,
      converged: fit.converged,
      maxAbsGradient: fit.diagnostics.maxAbsGradient,
      iterations: fit.iterations,
      glmmTMBSeconds: ref.seconds,
      lme4Seconds: LME4_SECONDS[d.file],
    });
  }
  printTable(rows);
  const crossed = args.includes("--no-crossed") ? [] : runCrossedRows(args);
  if (crossed.length > 0) printCrossedRows(crossed);
  const out = flagValue(args, "--json-out") ?? join(resultsDir, "fit.json");
  mkdirSync(join(out, ".."), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ suite: "fit", node: process.version, rows, crossed }, null, 2)}\n`);
  process.stdout.write(`\nwrote ${out}\n`);
}

function printTable(rows: Record<string, unknown>[]): void {
  const header = ["data", "n", "runs", "median ms", "target ms", "glmmTMB ms", "lme4 ms", "logLik", "glmmTMB logLik", "≥ glmmTMB", "max|∇|"];
  const body = rows.map((r) => [
    String(r["data"]),
    String(r["n"]),
    String(r["runs"]),
    ms(r["medianSeconds"] as number),
    ms(r["targetSeconds"] as number),
    ms(r["glmmTMBSeconds"] as number),
    ms(r["lme4Seconds"] as number),
    (r["logLik"] as number).toFixed(6),
    (r["glmmTMBLogLik"] as number).toFixed(6),
    r["logLikAtLeastGlmmTMB"] ? "yes" : "NO",
    (r["maxAbsGradient"] as number).toExponential(1),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((b) => b[c]!.length)));
  const line = (cells: string[]) => cells.map((s, c) => s.padStart(widths[c]!)).join("  ");
  process.stdout.write(`ML Laplace fit, y ~ x1 + ... + (1 | g): median wall time in a warm process\n`);
  process.stdout.write(`${line(header)}\n`);
  for (const b of body) process.stdout.write(`${line(b)}\n`);
}

function ms(seconds: number): string {
  return seconds < 0.1 ? (seconds * 1000).toFixed(2) : (seconds * 1000).toFixed(0);
}
