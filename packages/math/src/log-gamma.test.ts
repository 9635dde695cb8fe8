import { describe, expect, it } from "vitest";
import { logBeta, logChoose, logGamma } from "./log-gamma.js";
import { mulberry32, relativeError } from "./test-support/mulberry32.js";

// Reference values computed with mpmath 1.3.0 at 60 significant digits (loggamma(x).real for
// log|Γ|, log(beta(a, b)), log(binomial(n, k))) at the exact binary value of each double, rounded
// to the nearest double.
const LOG_GAMMA: readonly (readonly [number, number])[] = [
  [1e-300, 690.7755278982137],
  [1e-10, 23.025850929882736],
  [0.1, 2.252712651734206],
  [0.5, 0.5723649429247001],
  [0.9999999, 5.772157468444193e-8],
  [1.0000001, -5.772155829918507e-8],
  [1.25, -0.09827183642181316],
  [1.5, -0.12078223763524522],
  [1.9999, -4.227520877215346e-5],
  [2.0001, 4.2281658112919945e-5],
  [2.5, 0.2846828704729192],
  [3.7, 1.428072326665388],
  [5.5, 3.9578139676187165],
  [9.99, 12.779315214350193],
  [10, 12.801827480081469],
  [10.01, 12.824350262448247],
  [13, 19.987214495661885],
  [50.5, 146.51925549072064],
  [100, 359.1342053695754],
  [1e5, 1051287.7089736569],
  [1e10, 220258509288.81058],
  [1e300, 6.897755278982137e302],
  [-0.5, 1.2655121234846454],
  [-1.5, 0.860047015376481],
  [-10.3, -14.457515440024208],
  [-100.7, -365.61225576180533],
];
const LOG_BETA: readonly (readonly [number, number, number])[] = [
  [0.5, 0.5, 1.1447298858494002],
  [1, 1, 0],
  [2.5, 7.25, -4.905336618839304],
  [3, 40, -10.446973958541667],
  [15.5, 20.25, -24.623641372906672],
  [0.001, 5, 6.905672657062075],
  [100, 1e6, -1022.4218002626852],
  [1e8, 1e8, -138629444.05681732],
];
const LOG_CHOOSE: readonly (readonly [number, number, number])[] = [
  [10.5, 3.2, 5.107677968430057],
  [100.25, 0.5, 2.425862648352291],
  [1e6, 3, 39.654769204662266],
  [1e6, 5e5, 693140.0470130637],
  [1e9, 1e3, 14811.137158958081],
  [2000, 1000, 1382.2679935374802],
  [60, 30, 39.31170072601126],
  [1e15, 2, 68.38440560926142],
];

describe("logGamma", () => {
  it.each(LOG_GAMMA)("log Γ(%d) matches the high-precision value", (x, expected) => {
    expect(relativeError(logGamma(x), expected)).toBeLessThan(1e-14);
  });

  it("keeps relative accuracy next to the zeros at 1 and 2", () => {
    // log Γ(1 + ε) ≈ −γε and log Γ(2 + ε) ≈ (1 − γ)ε for tiny ε.
    const eulerGamma = 0.5772156649015329;
    for (const step of [1e-9, -1e-9, 1e-14, -1e-14]) {
      const nearOne = 1 + step;
      const nearTwo = 2 + step;
      // The exact offsets of the doubles actually evaluated (the subtractions are exact).
      const fromOne = nearOne - 1;
      const fromTwo = nearTwo - 2;
      expect(relativeError(logGamma(nearOne), -eulerGamma * fromOne)).toBeLessThan(1e-8);
      expect(relativeError(logGamma(nearTwo), (1 - eulerGamma) * fromTwo)).toBeLessThan(1e-8);
    }
    expect(logGamma(1)).toBe(0);
    expect(logGamma(2)).toBe(0);
  });

  it("gives log n! for integers (exact factorials up to 18!)", () => {
    let factorial = 1;
    for (let n = 1; n <= 18; n++) {
      factorial *= n;
      expect(relativeError(logGamma(n + 1), Math.log(factorial))).toBeLessThan(5e-16);
    }
  });

  it("satisfies the recurrence log Γ(x + 1) = log Γ(x) + log x", () => {
    const random = mulberry32(31);
    for (let i = 0; i < 2000; i++) {
      const x = 0.05 + random() * 40;
      const lhs = logGamma(x + 1);
      expect(Math.abs(lhs - logGamma(x) - Math.log(x))).toBeLessThan(4e-15 * (1 + Math.abs(lhs)));
    }
  });

  it("satisfies the reflection formula for negative arguments", () => {
    const random = mulberry32(32);
    for (let i = 0; i < 500; i++) {
      const x = -30 + random() * 29.9;
      if (Math.abs(x - Math.round(x)) < 1e-3) continue;
      const rhs = Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
      expect(Math.abs(logGamma(x) - rhs)).toBeLessThan(1e-12);
    }
  });

  it("has poles at the non-positive integers and handles special values", () => {
    for (const x of [0, -1, -2, -50, -1e20]) expect(logGamma(x)).toBe(Number.POSITIVE_INFINITY);
    expect(logGamma(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(logGamma(Number.NaN)).toBeNaN();
    expect(logGamma(1e306)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("logBeta", () => {
  it.each(LOG_BETA)("log B(%d, %d) matches the high-precision value", (a, b, expected) => {
    const actual = logBeta(a, b);
    if (expected === 0) expect(Math.abs(actual)).toBeLessThan(1e-15);
    else expect(relativeError(actual, expected)).toBeLessThan(1e-14);
    expect(logBeta(b, a)).toBe(actual);
  });

  it("agrees with log Γ sums where they do not cancel", () => {
    const random = mulberry32(33);
    for (let i = 0; i < 500; i++) {
      const a = 0.1 + random() * 30;
      const b = 0.1 + random() * 30;
      const viaGamma = logGamma(a) + logGamma(b) - logGamma(a + b);
      expect(Math.abs(logBeta(a, b) - viaGamma)).toBeLessThan(1e-13 * (1 + Math.abs(viaGamma)));
    }
  });

  it("handles the edges", () => {
    expect(logBeta(0, 2)).toBe(Number.POSITIVE_INFINITY);
    expect(logBeta(-1, 2)).toBeNaN();
    expect(logBeta(2, Number.POSITIVE_INFINITY)).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe("logChoose", () => {
  it("is the correctly rounded log of the exact coefficient for small integers", () => {
    // Pascal's triangle in exact integer arithmetic (BigInt), rows 0..200.
    let row: bigint[] = [1n];
    for (let n = 0; n <= 200; n++) {
      for (let k = 0; k <= n; k++) {
        const exact = row[k]!;
        if (exact < 2n ** 53n) {
          expect(logChoose(n, k)).toBe(Math.log(Number(exact)));
        } else {
          expect(relativeError(logChoose(n, k), bigLog(exact))).toBeLessThan(1e-14);
        }
      }
      const next: bigint[] = [1n];
      for (let k = 1; k <= n; k++) next.push(row[k - 1]! + row[k]!);
      next.push(1n);
      row = next;
    }
  });

  it.each(LOG_CHOOSE)("log C(%d, %d) matches the high-precision value", (n, k, expected) => {
    expect(relativeError(logChoose(n, k), expected)).toBeLessThan(1e-14);
  });

  it("handles real arguments with a small result to absolute accuracy", () => {
    expect(Math.abs(logChoose(12.3, 0.001) - 0.0031260537679028673)).toBeLessThan(1e-15);
    expect(Math.abs(logChoose(7.5, 7.5))).toBeLessThan(1e-14);
    expect(Math.abs(logChoose(7.5, 0))).toBeLessThan(1e-14);
  });

  it("is symmetric and satisfies Pascal's rule for large n", () => {
    const random = mulberry32(34);
    for (let i = 0; i < 300; i++) {
      const n = Math.floor(100 + random() * 1e6);
      const k = Math.floor(1 + random() * (n - 1));
      expect(logChoose(n, n - k)).toBeCloseTo(logChoose(n, k), 7);
      // C(n, k) = C(n−1, k−1) + C(n−1, k), in log space.
      const a = logChoose(n - 1, k - 1);
      const b = logChoose(n - 1, k);
      const hi = Math.max(a, b);
      const pascal = hi + Math.log(Math.exp(a - hi) + Math.exp(b - hi));
      expect(relativeError(logChoose(n, k), pascal)).toBeLessThan(1e-12);
    }
  });

  it("returns NaN outside 0 ≤ k ≤ n", () => {
    expect(logChoose(5, 6)).toBeNaN();
    expect(logChoose(5, -1)).toBeNaN();
    expect(logChoose(Number.NaN, 1)).toBeNaN();
  });
});

/** Natural log of a positive BigInt, via its top 60 bits. */
function bigLog(value: bigint): number {
  const bits = value.toString(2).length;
  const shift = Math.max(0, bits - 60);
  return Math.log(Number(value >> BigInt(shift))) + shift * Math.LN2;
}
