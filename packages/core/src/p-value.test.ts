import { describe, expect, it } from "vitest";
import { twoSidedNormalPValue } from "./p-value.js";

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
