import { describe, expect, it } from "vitest";
import { formatNumber, formatNumbers, formatPValues } from "./format-number.js";

describe("formatNumbers (R's format(x, digits = 4))", () => {
  it("uses the decimals the most demanding value needs", () => {
    expect(formatNumbers([5.09574586507679, -3.84222389971877, -5.5990023951706])).toEqual(["5.096", "-3.842", "-5.599"]);
    expect(formatNumbers([-1.39834286447115, 0.231214048099463])).toEqual(["-1.3983", "0.2312"]);
    expect(formatNumbers([100, 0.5])).toEqual(["100.0", "0.5"]);
    expect(formatNumbers([-491.3153308781, 1035.507])).toEqual(["-491.3", "1035.5"]);
    expect(formatNumbers([123456789, 1])).toEqual(["123456789", "1"]);
  });

  it("switches to scientific notation when it is narrower, with two-digit exponents", () => {
    expect(formatNumbers([1e-9, 3.2e-12])).toEqual(["1.0e-09", "3.2e-12"]);
    expect(formatNumber(3.1e-9, 3)).toBe("3.1e-09");
    expect(formatNumber(2.5e20)).toBe("2.5e+20");
  });

  it("prints non-finite values as R does", () => {
    expect(formatNumbers([NaN, 2, Infinity, -Infinity])).toEqual(["NaN", "2", "Inf", "-Inf"]);
    expect(formatNumber(0)).toBe("0");
  });
});

describe("formatPValues (R's format.pval)", () => {
  it("formats the fixed and small groups separately", () => {
    // lme4's cbpp summary prints 1.47e-09, 0.001068, 0.000474, 0.000182.
    expect(formatPValues([1.47e-9, 0.0010678, 0.00047395, 0.00018201], 3)).toEqual([
      "1.47e-09", "0.001068", "0.000474", "0.000182",
    ]);
  });

  it("prints values below machine epsilon as <2e-16", () => {
    expect(formatPValues([1e-20, 0.0114], 3)).toEqual(["<2e-16", "0.0114"]);
    expect(formatPValues([1e-20, 1.234e-8], 3)).toEqual(["< 2e-16", "1.23e-08"]);
    expect(formatPValues([NaN, 0.5], 3)).toEqual(["NaN", "0.5"]);
  });
});
