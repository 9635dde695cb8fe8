/**
 * `bench bootstrap`: coverage of the 95 % intervals of `glmm fit --ci boot` — every `--boot-type` — and, on the
 * same data sets, `--ci wald` and `--ci profile`, in a simulation with a known truth: the cbpp design (56
 * herd-periods, 15 herds, binomial counts) with lme4's cbpp estimates as the truth, K data sets drawn by
 * @glmmkit/simulate (seed "bootstrap coverage"), each fitted by ML and bootstrapped with B replicates. The B
 * refits of a data set are made once and every bootstrap type is built from them (as `--ci boot` builds each:
 * the unit tests check that composition), so the types differ only in the interval they make of the refits.
 * Coverage is printed with its binomial Monte-Carlo standard error; data sets whose fit did not converge are
 * counted and left out.
 *
 * `boot-invert` (`--boot-type invert`, test inversion for the SD, percentile for β from its refits at the
 * estimate) draws its own data sets with common random numbers and refits B per σ₀ tried (about 20 σ₀, less
 * the refits of data that repeat), so it costs some ten times the others: `--methods boot-invert` (a
 * comma-separated subset of the methods) runs it alone, on fewer `--datasets` if need be.
 *
 * `--herds N` widens the design to N herds, herd h taking the rows (periods and sizes) of cbpp's herd
 * ((h − 1) mod 15) + 1, with the same truth: what the intervals do when the SD and the intercept are estimated
 * from more clusters. With 15 herds ML's σ̂ is biased low and every method's intercept interval (Wald and
 * profile included) is too narrow; with more herds a correctly built interval must approach 95 %.
 *
 * For the SD it also prints where the misses fall (interval wholly below / above the truth) and the share of
 * data sets in which even the largest of the B refits lies below the truth: there, no interval whose bounds
 * are quantiles of the refits (perc, BCa, or a calibrated percentile) can cover, whatever its levels.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DataTable, Estimator, ParameterInterval } from "@glmmkit/core";
import { createDataTable, parameterLayout } from "@glmmkit/core";
import { readCsvFile } from "@glmmkit/core/node";
import {
  bcaIntervals,
  bootstrapReplicates,
  clusterJackknife,
  confidenceIntervals,
  fittedModelReplicates,
  inferenceTargets,
  mlEstimator,
  percentileIntervals,
  refitValues,
} from "@glmmkit/estimators";
import { createSimulator, modelDesign, toDataTable } from "@glmmkit/simulate";
import { flagValue, intFlag } from "./args.js";
import { resultsDir, sharedDir } from "./paths.js";

const FORMULA = "cbind(incidence, size - incidence) ~ period + (1 | herd)";
/** lme4's cbpp fit (tight PIRLS): the truth of the study. */
const TRUTH = {
  beta: { "(Intercept)": -1.39853, period2: -0.99233, period3: -1.12867, period4: -1.58031 },
  sd: { herd: 0.642261 },
};
const SD = "sd_(Intercept)|herd";
const LEVEL = 0.95;
const METHODS = ["wald", "profile", "boot-perc", "boot-basic", "boot-bca", "boot-invert"] as const;
type Method = (typeof METHODS)[number];

interface Tally {
  counted: number;
  covered: number;
  below: number;
  above: number;
  widths: number[];
}

function bounds(i: ParameterInterval): [number, number] {
  // An unavailable bound (e.g. no Wald interval for an SD on the boundary) counts as not covering.
  const lower = i.lowerStatus === "unavailable" ? Number.NaN : i.lower;
  const upper = i.upperStatus === "unavailable" ? Number.NaN : i.upperStatus === "not-reached" ? Infinity : i.upper;
  return [lower, upper];
}

/** cbpp's rows for `herds` herds: herd h repeats the periods and sizes of cbpp's herd ((h − 1) mod 15) + 1. */
function widenedCbpp(cbpp: DataTable, herds: number): DataTable {
  const numbers = (name: string): Float64Array => {
    const column = cbpp.column(name);
    if (column.kind !== "numeric") throw new Error(`cbpp.csv: column ${name} is not numeric`);
    return column.values;
  };
  const herd = numbers("herd");
  const names = ["incidence", "size", "period"] as const;
  const source = names.map(numbers);
  const originalHerds = Math.max(...Array.from(herd));
  const out = new Map<string, number[]>([["herd", []], ...names.map((name) => [name, []] as [string, number[]])]);
  for (let h = 1; h <= herds; h++) {
    const from = ((h - 1) % originalHerds) + 1;
    for (let i = 0; i < cbpp.rows; i++) {
      if (herd[i] !== from) continue;
      out.get("herd")!.push(h);
      names.forEach((name, c) => out.get(name)!.push(source[c]![i]!));
    }
  }
  return createDataTable(`cbpp widened to ${herds} herds`, out);
}

function median(values: readonly number[]): number {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  return n === 0 ? Number.NaN : n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
}

export function runBootstrapCoverageBenchmark(args: readonly string[]): void {
  const datasets = intFlag(args, "--datasets", 200);
  // Data sets --first … --first + datasets − 1 (default 1): a long study can be run in pieces and the counts added.
  const first = intFlag(args, "--first", 1);
  const B = intFlag(args, "--replicates", 199);
  const methodList = flagValue(args, "--methods");
  const methods: readonly Method[] = methodList === undefined ? METHODS : methodList.split(",").map((m) => m.trim() as Method);
  for (const m of methods) if (!METHODS.includes(m)) throw new Error(`--methods: unknown method "${m}"; the methods are ${METHODS.join(", ")}`);
  const refitsNeeded = methods.some((m) => m === "boot-perc" || m === "boot-basic" || m === "boot-bca");
  const frameOptions = { factors: ["period"] };
  const cbpp = readCsvFile(join(sharedDir, "data", "cbpp.csv"));
  const herds = intFlag(args, "--herds", 15);
  const rows = herds === 15 ? cbpp : widenedCbpp(cbpp, herds);
  const simulator = createSimulator(modelDesign({ data: rows, formula: FORMULA, frameOptions, parameters: TRUTH }), {}, { seed: "bootstrap coverage" });
  const truth: Record<string, number> = { [SD]: TRUTH.sd.herd, ...TRUTH.beta };
  const parameters = Object.keys(truth);
  const tallies = new Map<string, Tally>();
  const tally = (m: Method, parameter: string): Tally => {
    const key = `${m} ${parameter}`;
    let t = tallies.get(key);
    if (t === undefined) tallies.set(key, (t = { counted: 0, covered: 0, below: 0, above: 0, widths: [] }));
    return t;
  };
  let unconverged = 0;
  let failedRefits = 0;
  let failedJackknifeRefits = 0;
  let sdOnBoundary = 0;
  let largestRefitBelowTruth = 0;
  let unresolvedBca = 0;
  let invertEvaluations = 0;
  let invertRefits = 0;
  let invertFailed = 0;
  const t0 = process.hrtime.bigint();
  const ml = mlEstimator as Estimator<Record<string, unknown>>;
  const indices = Array.from({ length: B }, (_, k) => k + 1);
  for (let k = first; k < first + datasets; k++) {
    const replicate = simulator.replicate(k);
    const frame = replicate.frame;
    const fit = ml.fit(frame, {});
    if (!fit.converged) {
      unconverged++;
      continue;
    }
    const targets = inferenceTargets(frame, parameterLayout(frame), fit);
    const source = fittedModelReplicates(toDataTable(replicate.table), frameOptions, fit, `data set ${k}`);
    const estimates = refitValues(fit, targets, frame);
    const sdAt = targets.findIndex((t) => t.parameter === SD);
    if (estimates[sdAt] === 0) sdOnBoundary++;
    const results: Partial<Record<Method, readonly ParameterInterval[]>> = {};
    if (methods.includes("wald")) results.wald = confidenceIntervals(frame, fit, { method: "wald" }).intervals;
    if (methods.includes("profile")) results.profile = confidenceIntervals(frame, fit, { method: "profile" }).intervals;
    if (refitsNeeded) {
      const refits = bootstrapReplicates(source, ml, {}, targets, indices);
      const jackknife = clusterJackknife(frame, ml, {}, targets);
      failedRefits += refits.filter((r) => r.estimates === null).length;
      failedJackknifeRefits += jackknife.values.filter((v) => v === null).length;
      const bca = bcaIntervals(targets, estimates, refits, jackknife, LEVEL).intervals;
      results["boot-perc"] = percentileIntervals(targets, refits, LEVEL, "perc");
      results["boot-basic"] = percentileIntervals(targets, refits, LEVEL, "basic");
      results["boot-bca"] = bca;
      let largest = 0;
      for (const r of refits) if (r.estimates !== null) largest = Math.max(largest, r.estimates[sdAt]!);
      if (largest < truth[SD]!) largestRefitBelowTruth++;
      if (bca[sdAt]!.note !== undefined) unresolvedBca++;
    }
    if (methods.includes("boot-invert")) {
      const inverted = confidenceIntervals(frame, fit, { method: "boot", bootstrap: { source, estimator: ml, replicates: B, type: "invert" } });
      const search = inverted.bootstrap!.inversion!;
      invertEvaluations += search.evaluations;
      invertRefits += search.refits;
      invertFailed += search.failed;
      results["boot-invert"] = inverted.intervals;
    }
    for (const m of methods) {
      for (const i of results[m]!) {
        const [lower, upper] = bounds(i);
        const t = truth[i.parameter]!;
        const cell = tally(m, i.parameter);
        cell.counted++;
        if (lower <= t && t <= upper) cell.covered++;
        else if (upper < t) cell.below++;
        else if (lower > t) cell.above++;
        if (Number.isFinite(upper - lower)) cell.widths.push(upper - lower);
      }
    }
    if ((k - first + 1) % 20 === 0) process.stderr.write(`${k - first + 1}/${datasets} data sets\n`);
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const fitted = datasets - unconverged;
  process.stdout.write(
    `cbpp design${herds === 15 ? "" : ` widened to ${herds} herds`}, truth = lme4's cbpp fit; ${datasets} data sets (${first} … ${first + datasets - 1}; ${unconverged} ML fits unconverged, left out), B = ${B} bootstrap replicates each${
      refitsNeeded ? ` (${failedRefits} failed refits in all), ${herds} leave-one-herd-out refits each for BCa (${failedJackknifeRefits} failed)` : ""
    }; methods ${methods.join(", ")}; ${seconds.toFixed(0)} s\n`,
  );
  if (methods.includes("boot-invert")) {
    process.stdout.write(
      `boot-invert: ${(invertEvaluations / fitted).toFixed(1)} σ₀ tested and ${(invertRefits / fitted).toFixed(0)} refits per data set on average (the rest reused: the same simulated data at another σ₀); ${invertFailed} failed refits in all\n`,
    );
  }
  process.stdout.write(`coverage of nominal 95 % intervals, % ± binomial Monte-Carlo SE\n`);
  process.stdout.write(`${"parameter".padEnd(22)}${methods.map((m) => m.padStart(14)).join("")}\n`);
  const coverage: Record<string, Record<string, { coverage: number; se: number; n: number; below: number; above: number; medianWidth: number }>> = {};
  for (const parameter of parameters) {
    const cells = methods.map((m) => {
      const t = tally(m, parameter);
      const c = t.covered / t.counted;
      const se = Math.sqrt((c * (1 - c)) / t.counted);
      (coverage[parameter] ??= {})[m] = { coverage: c, se, n: t.counted, below: t.below / t.counted, above: t.above / t.counted, medianWidth: median(t.widths) };
      return `${(100 * c).toFixed(1)} ± ${(100 * se).toFixed(1)}`.padStart(14);
    });
    process.stdout.write(`${parameter.padEnd(22)}${cells.join("")}\n`);
  }
  process.stdout.write(`\n${SD} (truth ${truth[SD]}): where the misses fall, and the median width\n`);
  for (const m of methods) {
    const c = coverage[SD]![m]!;
    process.stdout.write(
      `  ${m.padEnd(12)} interval below the truth ${(100 * c.below).toFixed(1).padStart(5)} %, above ${(100 * c.above).toFixed(1).padStart(5)} %, median width ${c.medianWidth.toFixed(3)}\n`,
    );
  }
  const share = (count: number) => `${count} of ${fitted} (${((100 * count) / fitted).toFixed(1)} %)`;
  process.stdout.write(
    `  σ̂ on the boundary 0: ${share(sdOnBoundary)}${
      refitsNeeded
        ? `; the largest of the B refits below the truth: ${share(largestRefitBelowTruth)} — there no interval made of quantiles of the refits (perc, BCa) can cover; BCa levels beyond the extreme refits: ${share(unresolvedBca)}`
        : ""
    }\n`,
  );
  const out = flagValue(args, "--json-out") ?? join(resultsDir, "bootstrap-coverage.json");
  mkdirSync(join(out, ".."), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify(
      { suite: "bootstrap", herds, datasets, first, replicates: B, methods, invertEvaluations, invertRefits, invertFailed, unconverged, failedRefits, failedJackknifeRefits, sdOnBoundary, largestRefitBelowTruth, unresolvedBca, seconds, coverage },
      null,
      2,
    )}\n`,
  );
  process.stdout.write(`\nwrote ${out}\n`);
}
