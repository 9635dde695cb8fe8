import { describe, expect, it } from "vitest";
import { logAddExp, logSumExp } from "./log-sum-exp.js";
import { mulberry32, relativeError } from "./test-support/mulberry32.js";

describe("logSumExp", () => {
  it("matches the naive formula where that formula is safe", () => {
    const random = mulberry32(41);
    for (let trial = 0; trial < 200; trial++) {
      const values = Array.from(
        { length: 1 + Math.floor(random() * 20) },
        () => (random() - 0.5) * 20
      );
      const naive = Math.log(values.reduce((sum, v) => sum + Math.exp(v), 0));
      expect(relativeError(logSumExp(values), naive)).toBeLessThan(1e-14);
      expect(logSumExp(Float64Array.from(values))).toBe(logSumExp(values));
    }
  });

  it("does not overflow or underflow", () => {
    expect(logSumExp([1000, 1000])).toBe(1000 + Math.LN2);
    expect(relativeError(logSumExp([-1000, -1000, -1000]), -1000 + Math.log(3))).toBeLessThan(
      1e-15
    );
    expect(logSumExp([800, 0])).toBe(800);
  });

  it("keeps the digits of a small remainder (log1p form)", () => {
    // log(1 + e⁻⁴⁰) = 4.248354255291589e−18 (mpmath), lost entirely by log(1 + s).
    expect(relativeError(logSumExp([0, -40]), 4.248354255291589e-18)).toBeLessThan(1e-15);
    expect(relativeError(logSumExp([-40, 0, -40]), 2 * 4.248354255291589e-18)).toBeLessThan(1e-15);
  });

  it("honours the length argument", () => {
    const values = new Float64Array([1, 2, 3, 1e300]);
    expect(logSumExp(values, 3)).toBe(logSumExp([1, 2, 3]));
    expect(logSumExp(values, 0)).toBe(Number.NEGATIVE_INFINITY);
    expect(() => logSumExp(values, 5)).toThrow(RangeError);
    expect(() => logSumExp(values, 1.5)).toThrow(RangeError);
  });

  it("treats −∞ as zero mass and propagates +∞ and NaN", () => {
    expect(logSumExp([])).toBe(Number.NEGATIVE_INFINITY);
    expect(logSumExp([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY])).toBe(
      Number.NEGATIVE_INFINITY
    );
    expect(logSumExp([Number.NEGATIVE_INFINITY, 2])).toBe(2);
    expect(logSumExp([Number.POSITIVE_INFINITY, 2])).toBe(Number.POSITIVE_INFINITY);
    expect(logSumExp([1, Number.NaN])).toBeNaN();
  });
});

describe("logAddExp", () => {
  it("equals logSumExp of the pair and is symmetric", () => {
    const random = mulberry32(42);
    for (let i = 0; i < 500; i++) {
      const a = (random() - 0.5) * 200;
      const b = (random() - 0.5) * 200;
      expect(logAddExp(a, b)).toBe(logAddExp(b, a));
      expect(relativeError(logAddExp(a, b), logSumExp([a, b]))).toBeLessThan(1e-15);
    }
  });

  it("handles infinities and NaN", () => {
    expect(logAddExp(Number.NEGATIVE_INFINITY, 3)).toBe(3);
    expect(logAddExp(Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY)).toBe(
      Number.NEGATIVE_INFINITY
    );
    expect(logAddExp(Number.POSITIVE_INFINITY, 3)).toBe(Number.POSITIVE_INFINITY);
    expect(logAddExp(Number.NaN, 3)).toBeNaN();
    expect(logAddExp(1000, 1000)).toBe(1000 + Math.LN2);
  });
});
