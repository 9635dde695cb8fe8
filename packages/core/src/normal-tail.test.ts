import { describe, expect, it } from "vitest";
import { erfc, twoSidedNormalPValue } from "./normal-tail.js";

describe("erfc", () => {
  it.each([
    [0, 1],
    [0.5, 0.4795001221869535],
    [1, 0.15729920705028513],
    [2, 0.004677734981047266],
    [3, 2.209049699858544e-5],
    [5, 1.5374597944280349e-12],
    [10, 2.088487583762545e-45],
    [-1, 1.8427007929497148],
  ])("erfc(%d)", (x, expected) => {
    expect(Math.abs(erfc(x) - expected) / expected).toBeLessThan(5e-15);
  });

  it("is continuous where the series hands over to the continued fraction, and monotone", () => {
    const h = 1e-12;
    const below = erfc(2 - h);
    const above = erfc(2);
    const slope = (2 / Math.sqrt(Math.PI)) * Math.exp(-4);
    expect(Math.abs(below - above - h * slope) / above).toBeLessThan(1e-13);
    let previous = erfc(-6);
    for (let x = -6; x <= 27; x += 0.01) {
      const v = erfc(x);
      expect(v).toBeLessThanOrEqual(previous);
      previous = v;
    }
    expect(erfc(Infinity)).toBe(0);
    expect(erfc(-Infinity)).toBe(2);
    expect(erfc(NaN)).toBeNaN();
  });

  it("matches the derivative −(2/√π) e^{−x²} by central differences", () => {
    for (const x of [0.3, 1.2, 1.99, 2.01, 3.5]) {
      const h = 1e-5;
      const numeric = (erfc(x + h) - erfc(x - h)) / (2 * h);
      const exact = (-2 / Math.sqrt(Math.PI)) * Math.exp(-x * x);
      expect(Math.abs(numeric - exact) / Math.abs(exact)).toBeLessThan(1e-7);
    }
  });
});

describe("twoSidedNormalPValue", () => {
  it("reproduces the familiar critical values", () => {
    expect(twoSidedNormalPValue(1.6448536269514722)).toBeCloseTo(0.1, 14);
    expect(twoSidedNormalPValue(-1.959963984540054)).toBeCloseTo(0.05, 14);
    expect(twoSidedNormalPValue(2.5758293035489004)).toBeCloseTo(0.01, 14);
    expect(twoSidedNormalPValue(3.2905267314918945)).toBeCloseTo(0.001, 14);
    expect(twoSidedNormalPValue(0)).toBe(1);
    // 2Φ(−10) = 1.523970604832105e-23
    expect(Math.abs(twoSidedNormalPValue(10) / 1.523970604832105e-23 - 1)).toBeLessThan(1e-13);
  });
});
