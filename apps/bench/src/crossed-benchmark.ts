/**
 * `bench fit` rows for several random-effects terms: the crossed reference fits (VerbAgg, salamander) beside
 * glmmTMB's seconds in shared/reference/glmmtmb.json, and a large simulated crossed design (1 500 subjects ×
 * 120 items, 40 % of the pairs observed, about 72 000 rows) generated here from a fixed seed. Median wall time
 * of repeated fits in a warm process, with the heap and resident memory after the fits.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildModelFrame, createDataTable, getEstimator, type FitResult, type ModelFrame } from "@glmmkit/core";
import { readCsvFile } from "@glmmkit/core/node";
import { createRng, expit } from "@glmmkit/math";
import { intFlag } from "./args.js";
import { sharedDir } from "./paths.js";
import { timeRepeated } from "./timing.js";

interface CrossedCase {
  readonly name: string;
  readonly frame: () => ModelFrame;
  readonly runs: number;
  readonly targetSeconds: number;
  /** glmmTMB's seconds and logLik (shared/reference/glmmtmb.json), or a stated figure for the simulated design. */
  readonly glmmTMB: { seconds: number; logLik: number | null; source: string };
}

/** Subjects × items, each pair observed with probability `share`: y ~ x + (1 | subject) + (1 | item). */
export function simulatedCrossedFrame(subjects: number, items: number, share: number, seed: string): ModelFrame {
  const rng = createRng(seed);
  const subjectEffect = Array.from({ length: subjects }, () => 1.0 * rng.normal());
  const itemEffect = Array.from({ length: items }, () => 0.6 * rng.normal());
  const y: string[] = [];
  const x: string[] = [];
  const subject: string[] = [];
  const item: string[] = [];
  for (let s = 0; s < subjects; s++) {
    for (let k = 0; k < items; k++) {
      if (rng.uniform() >= share) continue;
      const xi = rng.normal();
      y.push(String(rng.bernoulli(expit(-0.5 + 0.8 * xi + subjectEffect[s]! + itemEffect[k]!))));
      x.push(xi.toFixed(6));
      subject.push(`s${s + 1}`);
      item.push(`i${k + 1}`);
    }
  }
  const table = createDataTable("simulated-crossed", new Map([["y", y], ["x", x], ["subject", subject], ["item", item]]));
  return buildModelFrame(table, "y ~ x + (1 | subject) + (1 | item)");
}

export function crossedCases(): CrossedCase[] {
  const reference = JSON.parse(readFileSync(join(sharedDir, "reference", "glmmtmb.json"), "utf8")) as Record<
    string,
    { seconds: number; logLik: number }
  >;
  const data = (file: string) => readCsvFile(join(sharedDir, "data", file));
  return [
    {
      name: "salamander (1|Female)+(1|Male)",
      frame: () => buildModelFrame(data("salamander.csv"), "Mate ~ TypeF * TypeM + (1 | Female) + (1 | Male)"),
      runs: 30,
      targetSeconds: 0.02,
      glmmTMB: { ...reference["salamander_laplace"]!, source: "glmmtmb.json" },
    },
    {
      name: "VerbAgg (1|id)+(1|item)",
      frame: () => buildModelFrame(data("verbagg.csv"), "r2 ~ Anger + Gender + btype + situ + (1 | id) + (1 | item)"),
      runs: 9,
      targetSeconds: 0.2,
      glmmTMB: { ...reference["verbagg_laplace"]!, source: "glmmtmb.json" },
    },
    {
      name: "simulated 1500 × 120 crossed, 40 %",
      frame: () => simulatedCrossedFrame(1500, 120, 0.4, "crossed-bench"),
      runs: 5,
      targetSeconds: 1,
      // The figure for glmmTMB on such data (no reference file holds this design).
      glmmTMB: { seconds: 20, logLik: null, source: "issue #7 (about 20 s; lme4 about 57 s)" },
    },
  ];
}

export interface CrossedRow {
  readonly data: string;
  readonly n: number;
  readonly levels: string;
  readonly runs: number;
  readonly medianSeconds: number;
  /** Median CPU seconds of the process per fit (user + system): steadier than wall time on a shared machine. */
  readonly medianCpuSeconds: number;
  readonly targetSeconds: number;
  readonly glmmTMBSeconds: number;
  readonly glmmTMBLogLik: number | null;
  readonly logLik: number;
  readonly converged: boolean;
  readonly maxAbsGradient: number;
  readonly iterations: number;
  readonly heapMiB: number;
  readonly rssMiB: number;
}

export function runCrossedRows(args: readonly string[]): CrossedRow[] {
  const ml = getEstimator("ml");
  return crossedCases().map((c) => {
    const frame = c.frame();
    const runs = intFlag(args, "--runs", c.runs);
    const timed = timeRepeated<FitResult>(() => ml.fit(frame, {}), runs, 2);
    const memory = process.memoryUsage();
    const fit = timed.result;
    return {
      data: c.name,
      n: frame.n,
      levels: frame.terms.map((t) => `${t.group} ${t.levels.length}`).join(", "),
      runs,
      medianSeconds: timed.medianSeconds,
      medianCpuSeconds: timed.medianCpuSeconds,
      targetSeconds: c.targetSeconds,
      glmmTMBSeconds: c.glmmTMB.seconds,
      glmmTMBLogLik: c.glmmTMB.logLik,
      logLik: fit.logLik,
      converged: fit.converged,
      maxAbsGradient: fit.diagnostics.maxAbsGradient,
      iterations: fit.iterations,
      heapMiB: memory.heapUsed / 2 ** 20,
      rssMiB: memory.rss / 2 ** 20,
    };
  });
}

export function printCrossedRows(rows: readonly CrossedRow[]): void {
  const header = ["data", "n", "levels", "median ms", "cpu ms", "target ms", "glmmTMB ms", "logLik", "glmmTMB logLik", "max|∇|", "iter", "heap MiB", "rss MiB"];
  const body = rows.map((r) => [
    r.data,
    String(r.n),
    r.levels,
    (r.medianSeconds * 1000).toFixed(1),
    (r.medianCpuSeconds * 1000).toFixed(1),
    (r.targetSeconds * 1000).toFixed(0),
    (r.glmmTMBSeconds * 1000).toFixed(0),
    r.logLik.toFixed(6),
    r.glmmTMBLogLik === null ? "—" : r.glmmTMBLogLik.toFixed(6),
    r.maxAbsGradient.toExponential(1),
    String(r.iterations),
    r.heapMiB.toFixed(0),
    r.rssMiB.toFixed(0),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((b) => b[c]!.length)));
  const line = (cells: string[]) => cells.map((s, c) => s.padStart(widths[c]!)).join("  ");
  process.stdout.write(`\nML Laplace fit, several random-effects terms: median wall time in a warm process\n`);
  process.stdout.write(`${line(header)}\n`);
  for (const b of body) process.stdout.write(`${line(b)}\n`);
}
