import { describe, expect, it } from "vitest";
import { binomialLogLikConstant } from "./binomial-loglik-constant.js";
import { buildModelFrame } from "./model-frame-builder.js";
import { readCsvFile } from "./read-csv-file.js";
import { sharedDataPath } from "./test-support/shared-data.js";

/** Exact C(m, k) with BigInt, as an independent oracle. */
function exactChoose(m: number, k: number): bigint {
  let c = 1n;
  for (let i = 1; i <= k; i++) c = (c * BigInt(m - k + i)) / BigInt(i);
  return c;
}

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
