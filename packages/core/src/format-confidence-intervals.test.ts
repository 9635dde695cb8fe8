import { describe, expect, it } from "vitest";
import type { ConfidenceIntervals } from "./confidence-intervals.js";
import { formatConfidenceIntervals, percentLabel } from "./format-confidence-intervals.js";

const intervals: ConfidenceIntervals = {
  method: "profile",
  level: 0.95,
  basis: "profile of the Laplace log-likelihood",
  intervals: [
    { parameter: "sd_(Intercept)|herd", kind: "sd", estimate: 0.64, lower: 0.3460919, upper: 1.0999558, lowerStatus: "found", upperStatus: "found" },
    { parameter: "sd_x|g", kind: "sd", estimate: 0.2, lower: 0, upper: 0.67, lowerStatus: "boundary", upperStatus: "found" },
    { parameter: "(Intercept)", kind: "beta", estimate: -1.4, lower: -1.9011878, upper: -0.9477878, lowerStatus: "found", upperStatus: "found" },
    { parameter: "NV", kind: "beta", estimate: 9, lower: 2.5, upper: 41.25, lowerStatus: "found", upperStatus: "not-reached" },
    { parameter: "x2", kind: "beta", estimate: 1, lower: Number.NaN, upper: Number.NaN, lowerStatus: "unavailable", upperStatus: "unavailable", note: "no standard error" },
  ],
  notes: ["correlations get no interval here"],
};

describe("formatConfidenceIntervals", () => {
  it("lays the bounds out as R prints confint, with the status of each bound in place", () => {
    const lines = formatConfidenceIntervals(intervals);
    expect(lines.slice(0, 7)).toEqual([
      "Profile-likelihood 95 % confidence intervals:",
      "                       2.5 %    97.5 %",
      "sd_(Intercept)|herd  0.34609   1.09996",
      "sd_x|g               0.00000   0.67000",
      "(Intercept)         -1.90119  -0.94779",
      "NV                   2.50000 >41.25000",
      "x2                        NA        NA",
    ]);
    expect(lines).toContain("  basis: profile of the Laplace log-likelihood");
    expect(lines).toContain("  note: sd_x|g: σ = 0 lies within the interval (the lower bound is the boundary)");
    expect(lines).toContain("  note: x2: no standard error");
    expect(lines).toContain("  note: correlations get no interval here");
  });

  it("labels other levels and the bootstrap's bookkeeping", () => {
    const boot: ConfidenceIntervals = {
      ...intervals,
      method: "boot",
      level: 0.9,
      intervals: intervals.intervals.slice(2, 3),
      notes: [],
      bootstrap: { type: "perc", replicates: 200, failed: 1, seed: "7", failures: ["17: optimiser stopped"] },
    };
    const lines = formatConfidenceIntervals(boot);
    expect(lines[0]).toBe("Parametric bootstrap (percentile) 90 % confidence intervals:");
    expect(lines[1]).toBe("                5 %     95 %");
    expect(lines).toContain("  bootstrap: 200 replicates, seed 7; 1 failed refit left out of the percentiles");
    expect(lines).toContain("  failed replicate 17: optimiser stopped");
    const basic = formatConfidenceIntervals({ ...boot, bootstrap: { ...boot.bootstrap!, type: "basic" } });
    expect(basic[0]).toBe("Parametric bootstrap (basic) 90 % confidence intervals:");
    const jackknife = { unit: "herd", refits: 15, failed: 1, failures: ["herd 3: did not converge"] };
    const bca = formatConfidenceIntervals({ ...boot, bootstrap: { ...boot.bootstrap!, type: "bca", jackknife } });
    expect(bca[0]).toBe("Parametric bootstrap (BCa) 90 % confidence intervals:");
    expect(bca).toContain("  jackknife: 15 leave-one-herd-out refits for the acceleration; 1 failed");
    expect(bca).toContain("  failed leave-one-out refit: herd 3: did not converge");
    const inversion = { parameter: "sd_(Intercept)|herd", evaluations: 20, refits: 2500, reused: 1480, failed: 0, fixedEffects: "perc" as const };
    const invert = formatConfidenceIntervals({ ...boot, bootstrap: { ...boot.bootstrap!, type: "invert", inversion } });
    expect(invert[0]).toBe("Parametric bootstrap (test inversion) 90 % confidence intervals:");
    expect(invert).toContain(
      "  test inversion: sd_(Intercept)|herd from 20 values of σ₀ × 200 data sets (2500 refits, 1480 reused where the data repeated, 0 failed); fixed effects: percentile intervals of the refits at the estimate",
    );
    expect(percentLabel(0.025)).toBe("2.5 %");
    expect(percentLabel(0.995)).toBe("99.5 %");
  });
});
