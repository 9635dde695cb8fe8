/**
 * `bench simulate`: how fast the simulate package generates data. The issue's target: 10 000
 * extreme-effects replicates at n = 200 per cluster (1 000 rows each) in under 2 s in one process. Each
 * run sets up the cell (covariates drawn once) and generates the replicates' random effects and
 * responses as typed columns (no CSV text); the first run (cold) and the median of --runs further runs are reported,
 * beside the time for the same replicates written as CSV text and a unified cell (new rows per replicate).
 * `--only extreme-effects --runs 1` keeps the target workload (farm-bench can then time the whole process).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createSimulator, toCsv, type CellInput } from "@glmmkit/simulate";
import { flagValue, intFlag } from "./args.js";
import { resultsDir } from "./paths.js";
import { timeRepeated } from "./timing.js";

interface Workload {
  readonly label: string;
  readonly design: string;
  readonly cell: CellInput;
  readonly replicates: number;
  readonly csv: boolean;
  readonly targetSeconds?: number;
}

const WORKLOADS: readonly Workload[] = [
  { label: "extreme-effects n=200 (1 000 rows)", design: "extreme-effects", cell: { n: 200, lambda: -8 }, replicates: 10_000, csv: false, targetSeconds: 2 },
  { label: "  ... written as CSV text", design: "extreme-effects", cell: { n: 200, lambda: -8 }, replicates: 1_000, csv: true },
  { label: "unified J=100 sizes 20-50 (~3 500 rows)", design: "unified", cell: { J: 100, sigma2: 1.5, sizes: "20-50", variant: "base" }, replicates: 1_000, csv: false },
];

function generate(workload: Workload): number {
  const simulator = createSimulator(workload.design, workload.cell, { seed: 2022 });
  let rows = 0;
  for (let k = 1; k <= workload.replicates; k++) {
    const replicate = simulator.replicate(k);
    rows += workload.csv ? toCsv(replicate.table).length : replicate.frame.n;
  }
  return rows;
}

export function runSimulateSpeedBenchmark(args: readonly string[]): void {
  const runs = intFlag(args, "--runs", 5);
  // --only DESIGN keeps the workloads of one design (e.g. to time the whole process with farm-bench).
  const only = flagValue(args, "--only");
  const workloads = WORKLOADS.filter((w) => only === undefined || (w.design === only && !w.csv));
  if (workloads.length === 0) throw new Error(`--only ${only}: no such workload; designs: ${[...new Set(WORKLOADS.map((w) => w.design))].join(", ")}`);
  const rows = workloads.map((workload) => {
    // The first run is timed on its own: a fresh process pays the JIT's warm-up there.
    // CPU seconds beside wall seconds: on a shared machine the wall clock also counts waiting for a core.
    const started = process.hrtime.bigint();
    const cpuBefore = process.cpuUsage();
    generate(workload);
    const firstRunSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = process.cpuUsage(cpuBefore);
    const firstRunCpuSeconds = (cpu.user + cpu.system) / 1e6;
    const timed = timeRepeated(() => generate(workload), runs, 1);
    return {
      workload: workload.label,
      replicates: workload.replicates,
      firstRunSeconds,
      firstRunCpuSeconds,
      medianSeconds: timed.medianSeconds,
      microsecondsPerReplicate: (1e6 * timed.medianSeconds) / workload.replicates,
      targetSeconds: workload.targetSeconds ?? null,
    };
  });
  process.stdout.write(`simulate: the first (cold) run, then the median of ${runs} runs in the same warm process (node ${process.version})\n`);
  process.stdout.write(`${"workload".padEnd(42)} ${"replicates".padStart(10)} ${"first s".padStart(8)} ${"first cpu s".padStart(11)} ${"median s".padStart(9)} ${"us/replicate".padStart(13)} ${"target s".padStart(9)}\n`);
  for (const r of rows) {
    process.stdout.write(
      `${r.workload.padEnd(42)} ${String(r.replicates).padStart(10)} ${r.firstRunSeconds.toFixed(3).padStart(8)} ${r.firstRunCpuSeconds.toFixed(3).padStart(11)} ${r.medianSeconds.toFixed(3).padStart(9)} ${r.microsecondsPerReplicate.toFixed(0).padStart(13)} ${(r.targetSeconds === null ? "" : `< ${r.targetSeconds}`).padStart(9)}\n`,
    );
  }
  const out = flagValue(args, "--json-out") ?? join(resultsDir, "simulate.json");
  mkdirSync(join(out, ".."), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ suite: "simulate", node: process.version, runs, rows }, null, 2)}\n`);
  process.stdout.write(`\nwrote ${out}\n`);
}
