/**
 * `--boot-type invert` through the library on a data set whose ML SD is on the boundary 0 (simulated with no herd
 * effect): the lower bound is the boundary, the upper bound is found, and the same seed gives the same interval.
 * The search and the tie rule are checked against closed-form answers in test-inversion-search.test.ts.
 */
import { describe, expect, it } from "vitest";
import type { Estimator } from "@glmmkit/core";
import { sharedFrame } from "../test-support/reference.js";
import { mlEstimator } from "../ml/ml-estimator.js";
import { commonRandomResponses } from "./common-random-responses.js";
import { confidenceIntervals } from "./confidence-intervals.js";

describe("test-inversion interval for the SD", () => {
  const cbpp = sharedFrame("cbpp.csv", "cbind(incidence, size - incidence) ~ period + (1 | herd)", { factors: ["period"] });
  // Replicate 1 of this stream, drawn with σ = 0, has σ̂ = 0 (checked below).
  const frame = commonRandomResponses(cbpp, "zero").frameAt(1, Float64Array.from([-1.4, -1, -1.1, -1.6]), 0);
  const fit = mlEstimator.fit(frame, {});
  const ml = mlEstimator as Estimator<Record<string, unknown>>;
  const unused = { seed: "9", replicate: () => { throw new Error("test inversion draws its own data sets"); } };
  const invert = () => confidenceIntervals(frame, fit, { method: "boot", bootstrap: { source: unused, estimator: ml, replicates: 39, type: "invert" } });

  it("gives the boundary 0 as the lower bound when σ̂ = 0, an upper bound above it, and β by percentile, the same for the same seed", () => {
    const ci = invert();
    const sd = ci.intervals[0]!;
    expect([sd.parameter, sd.estimate, sd.lower, sd.lowerStatus, sd.upperStatus]).toEqual(["sd_(Intercept)|herd", 0, 0, "boundary", "found"]);
    expect(sd.upper).toBeGreaterThan(0.05);
    expect(sd.upper).toBeLessThan(2);
    for (const beta of ci.intervals.slice(1)) {
      expect(beta.lower).toBeLessThan(beta.estimate);
      expect(beta.upper).toBeGreaterThan(beta.estimate);
    }
    expect(ci.bootstrap!.inversion!.evaluations).toBeGreaterThan(5);
    expect(ci.notes).toContain("fixed effects: percentile intervals of the refits at the estimate (test inversion is for the SD only)");
    expect(JSON.stringify(invert())).toBe(JSON.stringify(ci));
  });
});
