/**
 * `bench penalised`: ml, mspl and entropy (full empirical-Bayes λ search) on sim_base_J50, medians of
 * repeated fits in a warm process, with the ratios the issue sets as targets (mspl ≤ 1.5 × ml, entropy
 * search ≤ 20 × ml). The penalised estimators run without their optional comparison ML fit
 * (`compareWithMl: false`) so each figure is the estimator alone.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildModelFrame, getEstimator } from "@glmmkit/core";
import { readCsvFile } from "@glmmkit/core/node";
import "@glmmkit/estimators";
import { flagValue, intFlag } from "./args.js";
import { resultsDir, sharedDir } from "./paths.js";
import { timeRepeated } from "./timing.js";

export function runPenalisedBenchmark(args: readonly string[]): void {
  const runs = intFlag(args, "--runs", 30);
  const frame = buildModelFrame(readCsvFile(join(sharedDir, "data", "sim_base_J50.csv")), "y ~ x1 + x2 + x3 + x4 + (1 | g)");
  const configurations = [
    { estimator: "ml", options: {} },
    { estimator: "mspl", options: { compareWithMl: false } },
    { estimator: "entropy", options: { compareWithMl: false } },
  ];
  const rows = configurations.map(({ estimator, options }) => {
    const timed = timeRepeated(() => getEstimator(estimator).fit(frame, options), runs, 3);
    const extra = timed.result.diagnostics.extra ?? {};
    return {
      estimator,
      medianSeconds: timed.medianSeconds,
      logLik: timed.result.logLik,
      converged: timed.result.converged,
      lambda: extra["lambda (empirical Bayes)"],
      fitsInSearch: Array.isArray(extra["lambdaPath"]) ? (extra["lambdaPath"] as unknown[]).length : undefined,
    };
  });
  const ml = rows[0]!.medianSeconds;
  process.stdout.write(`sim_base_J50.csv (n = ${frame.n}), y ~ x1 + ... + x4 + (1 | g), Laplace; median of ${runs} fits\n`);
  process.stdout.write(`${"estimator".padEnd(10)} ${"median ms".padStart(10)} ${"× ml".padStart(7)} ${"target".padStart(8)}  notes\n`);
  const targets: Record<string, string> = { mspl: "≤ 1.5", entropy: "≤ 20" };
  for (const r of rows) {
    const notes = r.estimator === "entropy" ? `λ̂ = ${(r.lambda as number).toPrecision(3)}, ${r.fitsInSearch} MAP fits in the search` : "";
    process.stdout.write(
      `${r.estimator.padEnd(10)} ${(r.medianSeconds * 1000).toFixed(2).padStart(10)} ${(r.medianSeconds / ml).toFixed(2).padStart(7)} ${(targets[r.estimator] ?? "").padStart(8)}  ${notes}\n`,
    );
  }
  const out = flagValue(args, "--json-out") ?? join(resultsDir, "penalised.json");
  mkdirSync(join(out, ".."), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ suite: "penalised", node: process.version, rows }, null, 2)}\n`);
  process.stdout.write(`\nwrote ${out}\n`);
}
