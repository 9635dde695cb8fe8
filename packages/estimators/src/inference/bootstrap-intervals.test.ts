/**
 * The bootstrap's bookkeeping and percentiles, on replicate sources that need no simulator: R's type-7
 * quantiles, failed refits counted and left out, and results independent of the order (or the worker) in
 * which replicates are computed.
 */
import { describe, expect, it } from "vitest";
import type { Estimator, FitResult, ModelFrame } from "@glmmkit/core";
import { parameterLayout } from "@glmmkit/core";
import { mlEstimator } from "../ml/ml-estimator.js";
import { sharedFrame } from "../test-support/reference.js";
import { bootstrapReplicates, percentileIntervals, quantileOfSorted, type BootstrapReplicate, type ReplicateSource } from "./bootstrap-intervals.js";
import { inferenceTargets } from "./inference-targets.js";

describe("quantileOfSorted", () => {
  it("is R's quantile(type = 7)", () => {
    // R: quantile(c(3,1,4,1,5,9,2,6,5,3,5), c(0.025, 0.5, 0.975, 0.1)) = 1, 4, 8.25, 1.
    const sorted = Float64Array.from([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]).sort();
    expect([0.025, 0.5, 0.975, 0.1].map((p) => quantileOfSorted(sorted, p))).toEqual([1, 4, 8.25, 1]);
    expect(quantileOfSorted(new Float64Array(0), 0.5)).toBeNaN();
  });
});

describe("bootstrapReplicates and percentileIntervals", () => {
  const frame = sharedFrame("cbpp.csv", "cbind(incidence, size - incidence) ~ period + (1 | herd)", { factors: ["period"] });
  const fit = mlEstimator.fit(frame, {});
  const targets = inferenceTargets(frame, parameterLayout(frame), fit);
  // Not a simulator: replicate k refits the data itself (k odd) or fails (k a multiple of 4).
  const source: ReplicateSource = {
    seed: "test",
    replicate(k: number): ModelFrame {
      if (k % 4 === 0) throw new Error(`replicate ${k} could not be drawn\nsecond line`);
      return frame;
    },
  };
  const unconverged: Estimator<Record<string, unknown>> = {
    name: "ml",
    summary: "",
    fit: (model, options) => {
      const f = mlEstimator.fit(model, options as never);
      return { ...f, converged: false } as FitResult;
    },
  };

  it("refit each replicate, read the SDs and β in target order, and count failures with their reasons", () => {
    const results = bootstrapReplicates(source, mlEstimator as Estimator<Record<string, unknown>>, {}, targets, [1, 2, 3, 4]);
    expect(results.map((r) => r.index)).toEqual([1, 2, 3, 4]);
    expect(results[3]!.estimates).toBeNull();
    expect(results[3]!.failure).toBe("replicate 4 could not be drawn");
    const first = results[0]!.estimates!;
    expect(first[0]).toBeCloseTo(fit.covariances[0]!.sd[0]!, 12);
    expect([...first.slice(1)]).toEqual([...fit.beta]);
    const notConverged = bootstrapReplicates(source, unconverged, {}, targets, [1]);
    expect(notConverged[0]!.failure).toMatch(/did not converge/);
  });

  it("give the same intervals whatever order the replicates were computed in", () => {
    const fake = (index: number): BootstrapReplicate => ({
      index,
      estimates: Float64Array.from(targets, (_, k) => Math.sin(index * (k + 1))),
    });
    const forward = Array.from({ length: 200 }, (_, k) => fake(k + 1));
    const shuffled = [...forward.slice(100).reverse(), ...forward.slice(0, 100)];
    expect(percentileIntervals(targets, shuffled, 0.95)).toEqual(percentileIntervals(targets, forward, 0.95));
    const interval = percentileIntervals(targets, forward, 0.9)[1]!;
    const values = Float64Array.from(forward, (r) => r.estimates![1]!).sort();
    expect(interval.lower).toBe(quantileOfSorted(values, 0.05));
    expect(interval.upper).toBe(quantileOfSorted(values, 0.95));
  });

  it("leave failed refits out, and give no interval from fewer than 10 converged ones", () => {
    const replicates: BootstrapReplicate[] = Array.from({ length: 12 }, (_, k) => ({
      index: k + 1,
      estimates: k < 9 ? Float64Array.from(targets, () => k) : null,
      ...(k < 9 ? {} : { failure: "x" }),
    }));
    const intervals = percentileIntervals(targets, replicates, 0.95);
    expect(intervals[0]!.lowerStatus).toBe("unavailable");
    expect(intervals[0]!.note).toMatch(/only 9 converged refits/);
    replicates.push({ index: 13, estimates: Float64Array.from(targets, () => 100) });
    const enough = percentileIntervals(targets, replicates, 0.95);
    expect(enough[2]!.lower).toBeCloseTo(quantileOfSorted(Float64Array.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 100), 0.025), 12);
  });
});

describe("basic bootstrap intervals (lme4's boot.type = \"basic\")", () => {
  // Two targets with known estimates: an SD of 1 (log σ̂ = 0) and a β of 2; refits 0.1, 0.2, …, 4.0 for both.
  const targets = [
    { parameter: "sd_(Intercept)|g", kind: "sd", estimate: 0, standardError: 0.1 },
    { parameter: "x", kind: "beta", estimate: 2, standardError: 0.1 },
  ] as unknown as Parameters<typeof percentileIntervals>[0];
  const replicates: BootstrapReplicate[] = Array.from({ length: 40 }, (_, k) => ({ index: k + 1, estimates: Float64Array.from([(k + 1) / 10, (k + 1) / 10]) }));

  it("reflects the percentile interval about the estimate; an SD's bound below 0 is the boundary 0", () => {
    const perc = percentileIntervals(targets, replicates, 0.9);
    const basic = percentileIntervals(targets, replicates, 0.9, "basic");
    // β: [2·2 − q_hi, 2·2 − q_lo].
    expect(basic[1]!.lower).toBeCloseTo(4 - perc[1]!.upper, 14);
    expect(basic[1]!.upper).toBeCloseTo(4 - perc[1]!.lower, 14);
    expect([basic[1]!.lowerStatus, basic[1]!.upperStatus]).toEqual(["found", "found"]);
    // σ̂ = 1: 2 − q_hi < 0 becomes the boundary; the upper bound is 2 − q_lo.
    expect(perc[0]!.upper).toBeGreaterThan(2);
    expect([basic[0]!.lower, basic[0]!.lowerStatus]).toEqual([0, "boundary"]);
    expect(basic[0]!.upper).toBeCloseTo(2 - perc[0]!.lower, 14);
  });
});
