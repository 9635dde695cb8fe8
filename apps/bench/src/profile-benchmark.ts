/**
 * `bench profile`: profile-likelihood intervals (`glmm fit --ci profile`) for every β and SD on the models of
 * reference/lme4-inference-checks.json — median seconds of repeated runs in a warm process (the fit not
 * included), the number of profile fits, and the largest distance of a bound from the exact root computed in
 * R, beside the seconds lme4's confint(method = "profile") took in that R run (same kind of machine; shared,
 * so noisy).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildModelFrame, parseCsv, type ModelFrame, type ModelFrameOptions } from "@glmmkit/core";
import { readCsvFile } from "@glmmkit/core/node";
import { confidenceIntervals, mlEstimator } from "@glmmkit/estimators";
import { flagValue, intFlag } from "./args.js";
import { repoRoot, resultsDir, sharedDir } from "./paths.js";
import { timeRepeated } from "./timing.js";

interface Check {
  readonly profile_seconds: number;
  readonly profile_exact: { lower: Record<string, number>; upper: Record<string, number> };
}

function cbppWithObs(formula: string, options: ModelFrameOptions): ModelFrame {
  const lines = readFileSync(join(sharedDir, "data", "cbpp.csv"), "utf8").trim().split(/\r?\n/);
  return buildModelFrame(parseCsv([`${lines[0]},obs`, ...lines.slice(1).map((l, i) => `${l},${i + 1}`)].join("\n"), "cbpp-obs.csv"), formula, options);
}

export function runProfileBenchmark(args: readonly string[]): void {
  const runs = intFlag(args, "--runs", 5);
  const checks = JSON.parse(readFileSync(join(repoRoot, "reference", "lme4-inference-checks.json"), "utf8")) as Record<string, Check>;
  const models: { key: string; label: string; frame: () => ModelFrame }[] = [
    { key: "cbpp", label: "cbpp, (1 | herd)", frame: () => buildModelFrame(readCsvFile(join(sharedDir, "data", "cbpp.csv")), "cbind(incidence, size - incidence) ~ period + (1 | herd)", { factors: ["period"] }) },
    { key: "cbpp_obs", label: "cbpp, (1 | herd) + (1 | obs)", frame: () => cbppWithObs("cbind(incidence, size - incidence) ~ period + (1 | herd) + (1 | obs)", { factors: ["period"] }) },
    { key: "salamander", label: "salamander, crossed", frame: () => buildModelFrame(readCsvFile(join(sharedDir, "data", "salamander.csv")), "Mate ~ TypeF * TypeM + (1 | Female) + (1 | Male)") },
    { key: "slope_q2", label: "slope-q2, (1 + x | g)", frame: () => buildModelFrame(readCsvFile(join(repoRoot, "reference", "data", "slope-q2.csv")), "y ~ x + (1 + x | g)") },
  ];
  const rows = models.map(({ key, label, frame: build }) => {
    const frame = build();
    const fit = mlEstimator.fit(frame, {});
    const timed = timeRepeated(() => confidenceIntervals(frame, fit, { method: "profile" }), runs, 1);
    const exact = checks[key]!.profile_exact;
    let maxError = 0;
    for (const i of timed.result.intervals) {
      maxError = Math.max(maxError, Math.abs(i.lower - exact.lower[i.parameter]!), Math.abs(i.upper - exact.upper[i.parameter]!));
    }
    const fits = timed.result.profiles!.reduce((s, p) => s + p.values.length - 1, 0);
    return { model: label, parameters: timed.result.intervals.length, medianSeconds: timed.medianSeconds, profilePoints: fits, maxErrorVsExact: maxError, lme4Seconds: checks[key]!.profile_seconds };
  });
  process.stdout.write(`profile-likelihood intervals for every β and SD (fit excluded); median of ${runs} runs\n`);
  process.stdout.write(`${"model".padEnd(30)} ${"params".padStart(6)} ${"median s".padStart(9)} ${"points".padStart(7)} ${"max |Δ| vs exact".padStart(17)} ${"lme4 s".padStart(7)}\n`);
  for (const r of rows) {
    process.stdout.write(
      `${r.model.padEnd(30)} ${String(r.parameters).padStart(6)} ${r.medianSeconds.toFixed(3).padStart(9)} ${String(r.profilePoints).padStart(7)} ${r.maxErrorVsExact.toExponential(1).padStart(17)} ${r.lme4Seconds.toFixed(1).padStart(7)}\n`,
    );
  }
  const out = flagValue(args, "--json-out") ?? join(resultsDir, "profile.json");
  mkdirSync(join(out, ".."), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ suite: "profile", node: process.version, rows }, null, 2)}\n`);
  process.stdout.write(`\nwrote ${out}\n`);
}
