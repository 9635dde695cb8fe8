import { describe, expect, it } from "vitest";
import { chiSquareSurvival } from "./chi-square.js";
import { normalCcdf } from "./normal.js";

// R 4.x: sprintf("%.17g", pchisq(x, df, lower.tail = FALSE)).
const X = [0.5, 1, 3.84, 10, 25.61, 100];
const R_VALUES: Record<number, number[]> = {
  1: [0.47950012218695348, 0.31731050786291415, 0.050043521248705224, 0.0015654022580025519, 4.1786823144444243e-7, 1.5239706048321054e-23],
  2: [0.77880078307140488, 0.60653065971263342, 0.14660696213035015, 0.006737946999085467, 2.747003161389894e-6, 1.9287498479639178e-22],
  3: [0.91889141165467592, 0.80125195690120077, 0.27926761711861031, 0.018566135463043233, 1.1509718797385912e-5, 1.5541594313896051e-21],
  5: [0.9921232932326296, 0.96256577324729642, 0.57267445983208876, 0.075235246146512197, 0.00010619714979530626, 5.28514836094324e-20],
  10: [0.99999338828943896, 0.99982788437004411, 0.95427630432073585, 0.44049328506521246, 0.0043016801036192586, 5.4497019829205302e-17],
};

describe("chiSquareSurvival", () => {
  it("matches R's pchisq(lower.tail = FALSE) to 1e-13 relative, from the centre to the far tail", () => {
    for (const [df, values] of Object.entries(R_VALUES)) {
      X.forEach((x, i) => {
        const expected = values[i]!;
        expect(Math.abs(chiSquareSurvival(x, Number(df)) - expected) / expected).toBeLessThan(1e-13);
      });
    }
    expect(Math.abs(chiSquareSurvival(700, 3) / 2.0991308534204087e-151 - 1)).toBeLessThan(1e-12);
    expect(chiSquareSurvival(1e-8, 1)).toBeCloseTo(0.99992021154405275, 14);
    expect(chiSquareSurvival(0.1, 30)).toBeCloseTo(0.99999999999999989, 15);
  });

  it("is 2·Φ(−√x) for one degree of freedom (an independent identity)", () => {
    for (const x of [0.01, 0.7, 2, 6.3, 15, 40]) {
      expect(Math.abs(chiSquareSurvival(x, 1) / (2 * normalCcdf(Math.sqrt(x))) - 1)).toBeLessThan(1e-12);
    }
  });

  it("handles the edges and rejects a non-positive df", () => {
    expect(chiSquareSurvival(0, 3)).toBe(1);
    expect(chiSquareSurvival(-1, 3)).toBe(1);
    expect(chiSquareSurvival(Infinity, 3)).toBe(0);
    expect(chiSquareSurvival(Number.NaN, 3)).toBeNaN();
    expect(() => chiSquareSurvival(1, 0)).toThrow(/degrees of freedom/);
  });
});
