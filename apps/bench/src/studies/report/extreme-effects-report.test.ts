import { describe, expect, it } from "vitest";
import type { FitRecord } from "../runner/fit-record.js";
import { isBadFit } from "./extreme-effects-report.js";

function record(beta3: number, se3: number, gradient: number): FitRecord {
  return {
    converged: true, iterations: 5, maxAbsGradient: gradient,
    betaNames: ["(Intercept)", "x2", "x3"], beta: [1, 1, beta3], betaSe: [0.5, 0.5, se3],
    intervalKind: "wald", betaLower: [0, 0, 0], betaUpper: [0, 0, 0],
    sdNames: ["sd(g)"], sd: [3], logSdSe: [0.3], sdLower: [Number.NaN], sdUpper: [Number.NaN], flags: [], separation: "none", divergence: null, diverging: [], extra: {},
    data: { rows: 10, successes: 5, clusters: 5, perfectlyPredictedClusters: 0 },
  };
}

describe("the slides' bad-fit rule", () => {
  it("flags a large gradient, a large β3 or a large SE(β3), and a failed task", () => {
    expect(isBadFit(record(-8, 2, 1e-7))).toBe(false);
    expect(isBadFit(record(-8, 2, 2e-3))).toBe(true);
    expect(isBadFit(record(-31, 2, 1e-7))).toBe(true);
    expect(isBadFit(record(-8, 31, 1e-7))).toBe(true);
    expect(isBadFit(record(-8, Number.NaN, 1e-7))).toBe(true);
    expect(isBadFit(null)).toBe(true);
  });
});
