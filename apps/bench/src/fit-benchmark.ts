/**
 * `bench fit`: ML fits of the simulated data sets repeated in a warm process; prints the median time beside
 * glmmTMB's and lme4's figures and, where shared/reference has glmmTMB's fit, checks that ours reaches a
 * log-likelihood at least as high. Besides the random-intercept Laplace fits, the one-factor models whose
 * outer Newton step once differenced the gradient (issue 7): a correlated random slope (q = 2), two slopes
 * (q = 3) and adaptive quadrature with 25 nodes on sim_large_J2000. `--only <label substring>` picks rows.
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

interface FitCase {
  readonly file: string;
  readonly covariates: number;
  /** The random-effects term, e.g. "(1 + x1 | g)". */
  readonly term: string;
  readonly nAGQ: number;
  readonly runs: number;
  readonly warmup: number;
  readonly target?: number;
  /** glmmTMB's seconds when shared/reference has no fit for this model (quoted in issue 7, same machine class). */
  readonly glmmTMBSeconds?: number;
  /** Whether glmmtmb-sim.json's fit of this file (y ~ x1 + ... + (1 | g), Laplace) is this model. */
  readonly hasReference: boolean;
}

const DATASETS: readonly FitCase[] = [
  { file: "sim_base_J50.csv", covariates: 4, term: "(1 | g)", nAGQ: 1, runs: 50, warmup: 5, target: 0.005, hasReference: true },
  { file: "sim_large_J2000.csv", covariates: 9, term: "(1 | g)", nAGQ: 1, runs: 9, warmup: 2, target: 0.5, hasReference: true },
  { file: "sim_large_J2000.csv", covariates: 9, term: "(1 + x1 | g)", nAGQ: 1, runs: 7, warmup: 1, glmmTMBSeconds: 12.5, hasReference: false },
  { file: "sim_large_J2000.csv", covariates: 9, term: "(1 + x1 + x2 | g)", nAGQ: 1, runs: 7, warmup: 1, glmmTMBSeconds: 18.7, hasReference: false },
  { file: "sim_large_J2000.csv", covariates: 9, term: "(1 | g)", nAGQ: 25, runs: 7, warmup: 1, hasReference: false },
];

function caseLabel(d: FitCase): string {
  return `${d.file.replace(/\.csv$/, "")} ${d.term} ${d.nAGQ > 1 ? `nAGQ=${d.nAGQ}` : "Laplace"}`;
}

export function runFitBenchmark(args: readonly string[]): void {
  const reference = JSON.parse(readFileSync(join(sharedDir, "reference", "glmmtmb-sim.json"), "utf8")) as Record<
    string,
    ReferenceEntry
  >;
  const ml = getEstimator("ml");
  const only = flagValue(args, "--only");
  const rows: Record<string, unknown>[] = [];
  for (const d of DATASETS) {
    const label = caseLabel(d);
    if (only !== undefined && !label.includes(only)) continue;
    const runs = intFlag(args, "--runs", d.runs);
    const table = readCsvFile(join(sharedDir, "data", d.file));
    const rhs = Array.from({ length: d.covariates }, (_, k) => `x${k + 1}`).join(" + ");
    const frame = buildModelFrame(table, `y ~ ${rhs} + ${d.term}`);
    const timed = timeRepeated<FitResult>(() => ml.fit(frame, { nAGQ: d.nAGQ }), runs, d.warmup);
    const fit = timed.result;
    const ref = d.hasReference ? reference[d.file]! : undefined;
    rows.push({
      data: label,
      n: frame.n,
      runs,
      medianSeconds: timed.medianSeconds,
      secondsEach: timed.secondsEach,
      medianCpuSeconds: timed.medianCpuSeconds,
      targetSeconds: d.target,
      logLik: fit.logLik,
      glmmTMBLogLik: ref?.logLik,
      logLikAtLeastGlmmTMB: ref === undefined ? undefined : fit.logLik >= ref.logLik - 1e-6,
      converged: fit.converged,
      maxAbsGradient: fit.diagnostics.maxAbsGradient,
      iterations: fit.iterations,
      glmmTMBSeconds: ref?.seconds ?? d.glmmTMBSeconds,
      lme4Seconds: d.hasReference ? LME4_SECONDS[d.file] : undefined,
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
  const header = ["model", "n", "runs", "median ms", "cpu ms", "target ms", "glmmTMB ms", "lme4 ms", "iter", "logLik", "glmmTMB logLik", "≥ glmmTMB", "max|∇|"];
  const body = rows.map((r) => [
    String(r["data"]),
    String(r["n"]),
    String(r["runs"]),
    ms(r["medianSeconds"] as number | undefined),
    ms(r["medianCpuSeconds"] as number | undefined),
    ms(r["targetSeconds"] as number | undefined),
    ms(r["glmmTMBSeconds"] as number | undefined),
    ms(r["lme4Seconds"] as number | undefined),
    String(r["iterations"]),
    (r["logLik"] as number).toFixed(6),
    r["glmmTMBLogLik"] === undefined ? "-" : (r["glmmTMBLogLik"] as number).toFixed(6),
    r["logLikAtLeastGlmmTMB"] === undefined ? "-" : r["logLikAtLeastGlmmTMB"] ? "yes" : "NO",
    (r["maxAbsGradient"] as number).toExponential(1),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((b) => b[c]!.length)));
  const line = (cells: string[]) => cells.map((s, c) => s.padStart(widths[c]!)).join("  ");
  process.stdout.write(`ML fit, y ~ x1 + ... + <term>: median wall time (and process CPU time) in a warm process\n`);
  process.stdout.write(`${line(header)}\n`);
  for (const b of body) process.stdout.write(`${line(b)}\n`);
}

function ms(seconds: number | undefined): string {
  if (seconds === undefined) return "-";
  return seconds < 0.1 ? (seconds * 1000).toFixed(2) : (seconds * 1000).toFixed(0);
}
