/**
 * `bench bootstrap`: coverage of the 95 % intervals of `glmm fit --ci boot` (and, on the same data sets,
 * `--ci wald` and `--ci profile`) in a simulation with a known truth: the cbpp design (56 herd-periods,
 * 15 herds, binomial counts) with lme4's cbpp estimates as the truth, K data sets drawn by @glmmkit/simulate
 * (seed "bootstrap coverage"), each fitted by ML and bootstrapped with B replicates. Coverage is printed
 * with its binomial Monte-Carlo standard error; data sets whose fit did not converge are counted and left out.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ConfidenceIntervals, Estimator } from "@glmmkit/core";
import { readCsvFile } from "@glmmkit/core/node";
import { confidenceIntervals, fittedModelReplicates, mlEstimator } from "@glmmkit/estimators";
import { createSimulator, modelDesign, toDataTable } from "@glmmkit/simulate";
import { flagValue, intFlag } from "./args.js";
import { resultsDir, sharedDir } from "./paths.js";

const FORMULA = "cbind(incidence, size - incidence) ~ period + (1 | herd)";
/** lme4's cbpp fit (tight PIRLS): the truth of the study. */
const TRUTH = {
  beta: { "(Intercept)": -1.39853, period2: -0.99233, period3: -1.12867, period4: -1.58031 },
  sd: { herd: 0.642261 },
};

export function runBootstrapCoverageBenchmark(args: readonly string[]): void {
  const datasets = intFlag(args, "--datasets", 200);
  const B = intFlag(args, "--replicates", 199);
  const frameOptions = { factors: ["period"] };
  const rows = readCsvFile(join(sharedDir, "data", "cbpp.csv"));
  const simulator = createSimulator(modelDesign({ data: rows, formula: FORMULA, frameOptions, parameters: TRUTH }), {}, { seed: "bootstrap coverage" });
  const truth: Record<string, number> = { "sd_(Intercept)|herd": TRUTH.sd.herd, ...TRUTH.beta };
  const methods = ["wald", "profile", "boot", "boot-basic"] as const;
  const covered: Record<string, Record<string, number>> = {};
  const counted: Record<string, Record<string, number>> = {};
  for (const m of methods) {
    covered[m] = {};
    counted[m] = {};
  }
  let unconverged = 0;
  let failedRefits = 0;
  const t0 = process.hrtime.bigint();
  const ml = mlEstimator as Estimator<Record<string, unknown>>;
  for (let k = 1; k <= datasets; k++) {
    const replicate = simulator.replicate(k);
    const frame = replicate.frame;
    const fit = ml.fit(frame, {});
    if (!fit.converged) {
      unconverged++;
      continue;
    }
    const table = toDataTable(replicate.table);
    const results: Record<string, ConfidenceIntervals> = {
      wald: confidenceIntervals(frame, fit, { method: "wald" }),
      profile: confidenceIntervals(frame, fit, { method: "profile" }),
      boot: confidenceIntervals(frame, fit, {
        method: "boot",
        bootstrap: { source: fittedModelReplicates(table, frameOptions, fit, `data set ${k}`), estimator: ml, replicates: B },
      }),
      // The same replicates (keyed by the same seed), reflected: lme4's boot.type = "basic".
      "boot-basic": confidenceIntervals(frame, fit, {
        method: "boot",
        bootstrap: { source: fittedModelReplicates(table, frameOptions, fit, `data set ${k}`), estimator: ml, replicates: B, type: "basic" },
      }),
    };
    failedRefits += results["boot"]!.bootstrap!.failed;
    for (const m of methods) {
      for (const i of results[m]!.intervals) {
        // An unavailable bound (e.g. no Wald interval for an SD on the boundary) counts as not covering.
        const lower = i.lowerStatus === "unavailable" ? Number.NaN : i.lower;
        const upper = i.upperStatus === "unavailable" ? Number.NaN : i.upperStatus === "not-reached" ? Infinity : i.upper;
        const t = truth[i.parameter]!;
        counted[m]![i.parameter] = (counted[m]![i.parameter] ?? 0) + 1;
        if (lower <= t && t <= upper) covered[m]![i.parameter] = (covered[m]![i.parameter] ?? 0) + 1;
      }
    }
    if (k % 20 === 0) process.stderr.write(`${k}/${datasets} data sets\n`);
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const parameters = Object.keys(truth);
  process.stdout.write(
    `cbpp design, truth = lme4's cbpp fit; ${datasets} data sets (${unconverged} ML fits unconverged, left out), B = ${B} bootstrap replicates each (${failedRefits} failed refits in all); ${seconds.toFixed(0)} s\n`,
  );
  process.stdout.write(`coverage of nominal 95 % intervals (± binomial Monte-Carlo SE)\n`);
  process.stdout.write(`${"parameter".padEnd(22)}${methods.map((m) => m.padStart(16)).join("")}\n`);
  const table: Record<string, Record<string, { coverage: number; se: number; n: number }>> = {};
  for (const parameter of parameters) {
    const cells = methods.map((m) => {
      const n = counted[m]![parameter] ?? 0;
      const c = (covered[m]![parameter] ?? 0) / n;
      const se = Math.sqrt((c * (1 - c)) / n);
      (table[parameter] ??= {})[m] = { coverage: c, se, n };
      return `${(100 * c).toFixed(1)} ± ${(100 * se).toFixed(1)}`.padStart(16);
    });
    process.stdout.write(`${parameter.padEnd(22)}${cells.join("")}\n`);
  }
  const out = flagValue(args, "--json-out") ?? join(resultsDir, "bootstrap-coverage.json");
  mkdirSync(join(out, ".."), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ suite: "bootstrap", datasets, replicates: B, unconverged, failedRefits, seconds, coverage: table }, null, 2)}\n`);
  process.stdout.write(`\nwrote ${out}\n`);
}
