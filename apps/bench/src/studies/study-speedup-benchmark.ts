/**
 * `bench study-speedup [--replications N] [--runs R]`: the parallel speed-up of the study runner — the
 * whole `bench study extreme-effects --replications N` process with --workers 1 and with --workers 2, each
 * into a fresh folder, R times alternating, median wall-clock seconds, and the ratio (the target:
 * ≥ 1.7× on a 2-core machine). Also checks that both stores hold the same rows byte for byte (seconds
 * aside). The load average before and after is printed: on a shared machine the ratio means little when
 * other processes hold the cores.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseFlags, positiveInteger } from "./command-flags.js";
import { ResultStore, reproducibleContent } from "./store/result-store.js";
import { repoRoot, resultsDir } from "../paths.js";
import { median } from "../timing.js";

const BENCH = resolve(repoRoot, "apps", "bench", "bin", "bench.mjs");

function runOnce(workers: number, replications: number, out: string): number {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [BENCH, "study", "extreme-effects", "--replications", String(replications), "--workers", String(workers), "--out", out], {
    encoding: "utf8",
  });
  if (child.status !== 0) throw new Error(`bench study failed (${child.status}): ${child.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function content(dir: string): string {
  const store = ResultStore.openExisting(dir);
  try {
    return reproducibleContent(store.rows());
  } finally {
    store.close();
  }
}

export async function runStudySpeedupBenchmark(args: readonly string[]): Promise<number> {
  const flags = parseFlags(args, ["--replications", "--runs"]);
  const replications = positiveInteger(flags, "--replications", 10);
  const runs = positiveInteger(flags, "--runs", 3);
  const scratch = mkdtempSync(join(tmpdir(), "glmmkit-speedup-"));
  const loadBefore = loadavg();
  const seconds: Record<1 | 2, number[]> = { 1: [], 2: [] };
  let identical = true;
  try {
    for (let run = 0; run < runs; run++) {
      const dirs: Record<1 | 2, string> = { 1: join(scratch, `w1-${run}`), 2: join(scratch, `w2-${run}`) };
      for (const workers of run % 2 === 0 ? ([1, 2] as const) : ([2, 1] as const)) {
        seconds[workers].push(runOnce(workers, replications, dirs[workers]));
        process.stderr.write(`run ${run + 1}/${runs}, --workers ${workers}: ${seconds[workers].at(-1)!.toFixed(2)} s\n`);
      }
      identical &&= content(dirs[1]) === content(dirs[2]);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const loadAfter = loadavg();
  const one = median(seconds[1]);
  const two = median(seconds[2]);
  const result = {
    study: "extreme-effects",
    tasks: 3 * 11 * replications * 2,
    runs,
    medianSeconds: { workers1: one, workers2: two },
    speedup: one / two,
    target: 1.7,
    storesIdentical: identical,
    loadAverage: { before: loadBefore, after: loadAfter },
  };
  process.stdout.write(
    `extreme-effects, ${result.tasks} tasks, whole processes, median of ${runs}: --workers 1 ${one.toFixed(2)} s, --workers 2 ${two.toFixed(2)} s, speed-up ${result.speedup.toFixed(2)}x (target 1.7x); stores identical: ${identical}\n` +
      `load average (1, 5, 15 min) before ${loadBefore.map((x) => x.toFixed(2)).join(" ")}, after ${loadAfter.map((x) => x.toFixed(2)).join(" ")}\n`,
  );
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, "study-speedup.json"), `${JSON.stringify(result, null, 2)}\n`);
  return identical ? 0 : 1;
}
