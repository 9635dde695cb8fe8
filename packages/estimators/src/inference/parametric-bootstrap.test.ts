/**
 * The parametric bootstrap end to end (data simulated from the fit by @glmmkit/simulate, refitted by the same
 * estimator): byte-identical for a seed whatever the order or the split of the replicates (as several
 * workers would compute them), different for another seed, and percentile bounds that agree with lme4's
 * bootMer (B = 4000, reference/lme4-bootstrap.json) within Monte-Carlo error. The coverage study is
 * `pnpm bench bootstrap`.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { Estimator } from "@glmmkit/core";
import { parameterLayout } from "@glmmkit/core";
import { readCsvFile } from "@glmmkit/core/node";
import { mlEstimator } from "../ml/ml-estimator.js";
import { msplEstimator } from "../mspl/mspl-estimator.js";
import { repoReferenceDir, sharedDir } from "../test-support/reference.js";
import { buildModelFrame } from "@glmmkit/core";
import { bootstrapReplicates, percentileIntervals, type BootstrapReplicate } from "./bootstrap-intervals.js";
import { bcaIntervals } from "./bca-interval.js";
import { clusterJackknife } from "./cluster-jackknife.js";
import { refitValues } from "./refit-values.js";
import { confidenceIntervals } from "./confidence-intervals.js";
import { fittedModelReplicates } from "./fitted-model-replicates.js";
import { inferenceTargets } from "./inference-targets.js";

const FORMULA = "cbind(incidence, size - incidence) ~ period + (1 | herd)";
const table = readCsvFile(resolve(sharedDir, "data", "cbpp.csv"));
const frameOptions = { factors: ["period"] };
const frame = buildModelFrame(table, FORMULA, frameOptions);
const ml = mlEstimator as Estimator<Record<string, unknown>>;
const fit = ml.fit(frame, {});
const targets = inferenceTargets(frame, parameterLayout(frame), fit);

function boot(seed: string, replicates: number) {
  return confidenceIntervals(frame, fit, {
    method: "boot",
    bootstrap: { source: fittedModelReplicates(table, frameOptions, fit, seed), estimator: ml, replicates },
  });
}

/** Monte-Carlo SE of the p-quantile of sorted values (half the 95 % order-statistic interval / 1.96). */
function quantileSe(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  const d = 1.959964 * Math.sqrt((p * (1 - p)) / n);
  return (sorted[Math.min(n - 1, Math.ceil(n * (p + d)) - 1)]! - sorted[Math.max(0, Math.floor(n * (p - d)) - 1)]!) / (2 * 1.959964);
}

describe("parametric bootstrap", () => {
  it("is byte-identical for a seed, whatever order or split the replicates are computed in", () => {
    const a = boot("7", 40);
    expect(JSON.stringify(boot("7", 40))).toBe(JSON.stringify(a));
    expect(a.bootstrap).toEqual({ type: "perc", replicates: 40, failed: 0, seed: "7", failures: [] });
    expect(boot("8", 40).intervals[1]!.lower).not.toBe(a.intervals[1]!.lower);
    // Two "workers", each with its own simulator, taking replicates in opposite orders.
    const indices = Array.from({ length: 40 }, (_, k) => k + 1);
    const first = bootstrapReplicates(fittedModelReplicates(table, frameOptions, fit, "7"), ml, {}, targets, indices.slice(20).reverse());
    const second = bootstrapReplicates(fittedModelReplicates(table, frameOptions, fit, "7"), ml, {}, targets, indices.slice(0, 20));
    const split: BootstrapReplicate[] = [...first, ...second];
    expect(percentileIntervals(targets, split, 0.95)).toEqual(a.intervals);
  });

  it("--boot-type bca: the same refits, at levels adjusted by z0 and the leave-one-herd-out acceleration", () => {
    const bca = confidenceIntervals(frame, fit, {
      method: "boot",
      bootstrap: { source: fittedModelReplicates(table, frameOptions, fit, "7"), estimator: ml, replicates: 40, type: "bca" },
    });
    const replicates = bootstrapReplicates(fittedModelReplicates(table, frameOptions, fit, "7"), ml, {}, targets, Array.from({ length: 40 }, (_, k) => k + 1));
    const expected = bcaIntervals(targets, refitValues(fit, targets, frame), replicates, clusterJackknife(frame, ml, {}, targets), 0.95);
    expect(bca.intervals).toEqual(expected.intervals);
    expect(bca.bootstrap!.bca).toEqual(expected.adjustments);
    expect(bca.bootstrap!.jackknife).toEqual({ unit: "herd", refits: 15, failed: 0, failures: [] });
    expect(bca.basis).toMatch(/BCa intervals \(Efron 1987.*from 15 leave-one-herd-out refits\)/);
    // The SD's refits are median-biased low: z0 > 0 moves both quantile levels up.
    const sd = expected.adjustments[0]!;
    expect(sd.biasCorrection).toBeGreaterThan(0);
    expect(sd.levels[0]).toBeGreaterThan(0.025);
  });

  it("simulates replicate k alone: the same data whichever replicates came before it", () => {
    const source = fittedModelReplicates(table, frameOptions, fit, "7");
    const seventh = [...source.replicate(7).y];
    const fresh = fittedModelReplicates(table, frameOptions, fit, "7");
    fresh.replicate(3);
    expect([...fresh.replicate(7).y]).toEqual(seventh);
    expect(seventh).not.toEqual([...frame.y]);
    expect([...source.replicate(7).trials]).toEqual([...frame.trials]);
  });

  it("agrees with lme4's bootMer percentiles within Monte-Carlo error", () => {
    const reference = JSON.parse(readFileSync(resolve(repoReferenceDir, "lme4-bootstrap.json"), "utf8")) as {
      cbpp: { percentile: Record<string, { lower: number; upper: number; lower_mc_se: number; upper_mc_se: number }> };
    };
    const B = 400;
    const replicates = bootstrapReplicates(
      fittedModelReplicates(table, frameOptions, fit, "lme4 comparison"),
      ml,
      {},
      targets,
      Array.from({ length: B }, (_, k) => k + 1),
    );
    expect(replicates.filter((r) => r.estimates === null)).toEqual([]);
    const intervals = percentileIntervals(targets, replicates, 0.95);
    targets.forEach((target, k) => {
      const ref = reference.cbpp.percentile[target.parameter]!;
      const sorted = Float64Array.from(replicates, (r) => r.estimates![k]!).sort();
      for (const [side, p] of [["lower", 0.025], ["upper", 0.975]] as const) {
        const se = Math.hypot(quantileSe(sorted, p), ref[`${side}_mc_se`]);
        expect(Math.abs(intervals[k]![side] - ref[side]), `${target.parameter} ${side}: ${intervals[k]![side]} vs lme4 ${ref[side]} (MC SE ${se})`).toBeLessThan(4 * se);
      }
    });
  });

  it("counts refits whose data are separated (Culcita: clusters and treatments perfectly predicted) in a note", () => {
    const culcitaTable = readCsvFile(resolve(sharedDir, "data", "culcita.csv"));
    const options = { levelOrders: { ttt: ["none", "crabs", "shrimp", "both"] } };
    const culcita = buildModelFrame(culcitaTable, "predation ~ ttt + (1 | block)", options);
    const culcitaFit = ml.fit(culcita, {});
    const ci = confidenceIntervals(culcita, culcitaFit, {
      method: "boot",
      bootstrap: { source: fittedModelReplicates(culcitaTable, options, culcitaFit, "1"), estimator: ml, replicates: 20 },
    });
    expect(ci.notes.join(" ")).toMatch(/^\d+ of 20 converged refits have a weakly identified coefficient or a very large SD/);
    expect(ci.bootstrap!.replicates).toBe(20);
  });

  it("refits with the fit's estimator and options (mspl), and refuses another estimator", () => {
    const mspl = msplEstimator as Estimator<Record<string, unknown>>;
    const penalised = mspl.fit(frame, { compareWithMl: false });
    const ci = confidenceIntervals(frame, penalised, {
      method: "boot",
      bootstrap: {
        source: fittedModelReplicates(table, frameOptions, penalised, "3"),
        estimator: mspl,
        estimatorOptions: { compareWithMl: false },
        replicates: 20,
      },
    });
    expect(ci.basis).toMatch(/refitted by "mspl"/);
    expect(ci.bootstrap!.failed).toBe(0);
    expect(() =>
      confidenceIntervals(frame, penalised, {
        method: "boot",
        bootstrap: { source: fittedModelReplicates(table, frameOptions, penalised, "3"), estimator: ml, replicates: 5 },
      }),
    ).toThrow(/refits with "ml" but the fit is "mspl"/);
  });
});
