import { describe, expect, it } from "vitest";
import { binomialLogLikConstant, logChoose, logGamma } from "./binomial-loglik-constant.js";
import { buildModelFrame } from "./model-frame-builder.js";
import { readCsvFile } from "./read-csv.js";
import { sharedDataPath } from "./test-support/shared-data.js";

/** Exact C(m, k) with BigInt, as an independent oracle. */
function exactChoose(m: number, k: number): bigint {
  let c = 1n;
  for (let i = 1; i <= k; i++) c = (c * BigInt(m - k + i)) / BigInt(i);
  return c;
}

function logBig(x: bigint): number {
  const digits = x.toString();
  const lead = Number(digits.slice(0, 17));
  return Math.log(lead) + (digits.length - Math.min(17, digits.length)) * Math.LN10;
}

describe("logGamma and logChoose", () => {
  it("logGamma at known points", () => {
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(2)).toBeCloseTo(0, 14);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(logGamma(0.1)).toBeCloseTo(2.252712651734206, 13);
    // Stirling with two correction terms at 1e6.
    const x = 1e6;
    const stirling = (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x ** 3);
    expect(Math.abs(logGamma(x) - stirling) / stirling).toBeLessThan(1e-14);
  });

  it("logChoose agrees with exact binomial coefficients", () => {
    for (const [m, k] of [[14, 2], [12, 3], [9, 4], [5, 0], [5, 5], [100, 50], [1000, 7], [1000, 500], [60, 31]] as const) {
      const exact = logBig(exactChoose(m, k));
      expect(Math.abs(logChoose(m, k) - exact)).toBeLessThan(1e-12 * Math.max(1, exact));
    }
    expect(logChoose(3, 4)).toBe(-Infinity);
  });
});

describe("binomialLogLikConstant", () => {
  it("is Σ log C(size, incidence) for cbpp", () => {
    const frame = buildModelFrame(readCsvFile(sharedDataPath("cbpp.csv")), "cbind(incidence, size - incidence) ~ period + (1 | herd)", {
      factors: ["period"],
    });
    let expected = 0;
    for (let i = 0; i < frame.n; i++) expected += Math.log(Number(exactChoose(frame.trials[i]!, frame.y[i]!)));
    expect(binomialLogLikConstant(frame)).toBeCloseTo(expected, 11);
    expect(expected).toBeGreaterThan(10);
  });

  it("is 0 for binary data", () => {
    const frame = buildModelFrame(readCsvFile(sharedDataPath("culcita.csv")), "predation ~ ttt + (1 | block)");
    expect(binomialLogLikConstant(frame)).toBe(0);
  });
});
