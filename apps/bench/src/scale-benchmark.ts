/**
 * `bench scale`: the data path and the fit at scale, whole process (issue 12). Generates, once per size and
 * seed, a CSV of y, x1..x5 ~ N(0, 1) and a grouping factor g (1 M rows: 20 000 clusters; 5 M rows: 128 000
 * clusters, the count that once overflowed the stack), β = (−1, 0.5, 1.2, 0.02, 0.7, −0.4), σ = 1; then
 * runs `glmm fit FILE --formula "y ~ x1 + ... + x5 + (1 | g)" --json` as a child process several times and
 * reports the median wall time and the peak resident memory (GNU time's %M) beside the targets:
 * 1 M rows < 4 s and < 400 MB, 5 M rows < 20 s and < 1.5 GB. Each run must converge, certify the separation
 * check without the LP, and recover β within 5 standard errors.
 */
import { spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createRng } from "@glmmkit/math";
import { flagValue, intFlag } from "./args.js";
import { repoRoot, resultsDir } from "./paths.js";
import { median } from "./timing.js";

const BETA = [-1, 0.5, 1.2, 0.02, 0.7, -0.4];
const SIGMA = 1;
const FORMULA = "y ~ x1 + x2 + x3 + x4 + x5 + (1 | g)";

interface Size {
  readonly rows: number;
  readonly clusters: number;
  readonly targetSeconds: number;
  readonly targetMegabytes: number;
}

const SIZES: Record<string, Size> = {
  "1000000": { rows: 1_000_000, clusters: 20_000, targetSeconds: 4, targetMegabytes: 400 },
  "5000000": { rows: 5_000_000, clusters: 128_000, targetSeconds: 20, targetMegabytes: 1500 },
};

/** Write the data set (streamed, a megabyte at a time) unless it already exists. */
async function generate(size: Size, seed: string, file: string): Promise<void> {
  if (existsSync(file)) return;
  const rng = createRng(seed);
  const effects = Float64Array.from({ length: size.clusters }, () => SIGMA * rng.normal());
  const partial = `${file}.partial`;
  const out = createWriteStream(partial);
  const write = (text: string) => new Promise<void>((resolve) => (out.write(text) ? resolve() : out.once("drain", () => resolve())));
  let buffer = "y,x1,x2,x3,x4,x5,g\n";
  for (let i = 0; i < size.rows; i++) {
    const g = i % size.clusters;
    let eta = BETA[0]! + effects[g]!;
    let line = "";
    for (let k = 1; k <= 5; k++) {
      const x = rng.normal();
      eta += BETA[k]! * x;
      line += `,${x.toFixed(6)}`;
    }
    buffer += `${rng.uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0}${line},g${g}\n`;
    if (buffer.length > 1 << 20) {
      await write(buffer);
      buffer = "";
    }
  }
  await write(buffer);
  await new Promise<void>((resolve) => out.end(() => resolve()));
  renameSync(partial, file);
}

interface Run {
  readonly seconds: number;
  readonly megabytes: number;
  readonly fit: Record<string, unknown> | null;
  readonly error: string;
}

/** One whole-process fit under GNU time (for the peak RSS). */
function runOnce(file: string): Run {
  const bin = join(repoRoot, "apps", "cli", "bin", "glmm.mjs");
  const args = [bin, "fit", file, "--formula", FORMULA, "--json"];
  const timed = existsSync("/usr/bin/time");
  const start = process.hrtime.bigint();
  const child = timed
    ? spawnSync("/usr/bin/time", ["-f", "peak-kb %M", process.execPath, ...args], { encoding: "utf8", maxBuffer: 1 << 28 })
    : spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const peak = /peak-kb (\d+)/.exec(child.stderr ?? "");
  let fit: Record<string, unknown> | null = null;
  try {
    fit = child.status === 0 ? (JSON.parse(child.stdout) as Record<string, unknown>) : null;
  } catch {
    fit = null;
  }
  return { seconds, megabytes: peak ? Number(peak[1]) / 1024 : Number.NaN, fit, error: child.status === 0 ? "" : (child.stderr ?? "").trim() };
}

/** Converged, certified without the LP, β within 5 SE of the truth. */
function check(fit: Record<string, unknown> | null): string[] {
  if (fit === null) return ["no fit"];
  const problems: string[] = [];
  if (fit["converged"] !== true) problems.push("not converged");
  const diagnostics = fit["diagnostics"] as { separation?: { fixedEffects?: { route?: string } } };
  const route = diagnostics.separation?.fixedEffects?.route;
  if (route !== "finite-maximiser certificate") problems.push(`separation route ${route}`);
  const beta = fit["beta"] as number[];
  const se = fit["betaStdErrors"] as number[];
  BETA.forEach((b, k) => {
    if (!(Math.abs(beta[k]! - b) < 5 * se[k]!)) problems.push(`β${k} = ${beta[k]} (SE ${se[k]}) vs ${b}`);
  });
  return problems;
}

export async function runScaleBenchmark(args: readonly string[]): Promise<void> {
  const runs = intFlag(args, "--runs", 3);
  const seed = flagValue(args, "--seed") ?? "glmmkit-scale";
  const wanted = (flagValue(args, "--rows") ?? "1000000,5000000").split(",");
  const dataDir = join(resultsDir, "scale-data");
  mkdirSync(dataDir, { recursive: true });
  const rows: Record<string, unknown>[] = [];
  for (const key of wanted) {
    const size = SIZES[key];
    if (size === undefined) throw new Error(`--rows: sizes are ${Object.keys(SIZES).join(", ")}, got "${key}"`);
    const file = join(dataDir, `scale-${size.rows}-${size.clusters}-${seed}.csv`);
    process.stdout.write(`generating ${file} (once) ...\n`);
    await generate(size, seed, file);
    const results: Run[] = [];
    for (let r = 0; r < runs; r++) {
      const run = runOnce(file);
      results.push(run);
      process.stdout.write(`  ${size.rows} rows, run ${r + 1}: ${run.seconds.toFixed(2)} s, ${run.megabytes.toFixed(0)} MB${run.error ? `, error: ${run.error}` : ""}\n`);
    }
    const seconds = median(results.map((r) => r.seconds));
    const megabytes = results.reduce((m, r) => Math.max(m, r.megabytes), 0);
    const problems = check(results[results.length - 1]!.fit);
    rows.push({
      rows: size.rows,
      clusters: size.clusters,
      runs,
      medianSeconds: seconds,
      targetSeconds: size.targetSeconds,
      peakMegabytes: megabytes,
      targetMegabytes: size.targetMegabytes,
      checks: problems.length === 0 ? "ok" : problems.join("; "),
    });
  }
  process.stdout.write(`\nglmm fit, ${FORMULA}, whole process (median of ${runs}; peak RSS is the largest run's)\n`);
  process.stdout.write(`${"rows".padStart(9)} ${"clusters".padStart(9)} ${"median s".padStart(9)} ${"target".padStart(7)} ${"peak MB".padStart(8)} ${"target".padStart(7)}  checks\n`);
  for (const r of rows) {
    process.stdout.write(
      `${String(r["rows"]).padStart(9)} ${String(r["clusters"]).padStart(9)} ${(r["medianSeconds"] as number).toFixed(2).padStart(9)} ${String(r["targetSeconds"]).padStart(7)} ${(r["peakMegabytes"] as number).toFixed(0).padStart(8)} ${String(r["targetMegabytes"]).padStart(7)}  ${r["checks"]}\n`,
    );
  }
  const out = flagValue(args, "--json-out") ?? join(resultsDir, "scale.json");
  writeFileSync(out, `${JSON.stringify({ suite: "scale", node: process.version, formula: FORMULA, rows }, null, 2)}\n`);
  process.stdout.write(`\nwrote ${out}\n`);
}
