/**
 * Speed of the `glmm fit` command itself, single-threaded and with `--threads N`: the chains of imsa/scoresa
 * in worker threads can only be timed through the CLI (its worker-thread executor lives in apps/cli, which the
 * bench does not import), so these rows run the bundled command (apps/cli/dist, rebuilt first from the sources
 * as `pnpm install` does) in a child process. Each row gives the whole command's wall seconds — Node start-up,
 * reading the CSV and starting the workers included — and its CPU seconds over all threads (the child's
 * rusage on Linux, NaN elsewhere); on a shared machine the wall figure depends on the load, so say which.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../paths.js";

export interface CommandRun {
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  /** sha256 of the command's JSON output (the same for every thread count, or the run is not deterministic). */
  readonly outputDigest: string;
}

export interface CommandCase {
  readonly csv: string;
  readonly formula: string;
  readonly estimator: string;
  readonly flags: readonly string[];
}

const cliBundle = join(repoRoot, "apps", "cli", "dist", "glmm.mjs");

/** Rebuild apps/cli/dist from the sources (the bundle the rows time). */
export function buildCliBundle(): void {
  const built = spawnSync(process.execPath, [join(repoRoot, "apps", "cli", "scripts", "build-bundle.mjs")], { encoding: "utf8" });
  if (built.status !== 0) throw new Error(`building the CLI bundle failed: ${built.stderr}`);
}

/** CPU seconds (user + system) of this process's waited-for children so far, from /proc (Linux); else NaN. */
function childrenCpuSeconds(): number {
  try {
    // /proc/self/stat: fields 16 and 17 (1-based) are cutime and cstime in clock ticks, after "(comm)".
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticksPerSecond = 100; // USER_HZ, 100 on every Linux ABI Node supports
    return (Number(fields[13]) + Number(fields[14])) / ticksPerSecond;
  } catch {
    return Number.NaN;
  }
}

export function runCommand(c: CommandCase, seed: string, threads: number): CommandRun {
  const args = [cliBundle, "fit", c.csv, "--formula", c.formula, "--estimator", c.estimator, "--seed", seed, "--threads", String(threads), "--json", ...c.flags];
  const cpuBefore = childrenCpuSeconds();
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuSeconds = childrenCpuSeconds() - cpuBefore;
  if (run.status !== 0) throw new Error(`glmm fit ${c.estimator} --threads ${threads} failed: ${run.stderr}`);
  return { wallSeconds, cpuSeconds, outputDigest: createHash("sha256").update(run.stdout).digest("hex") };
}
