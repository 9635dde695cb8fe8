import { describe, expect, it } from "vitest";
import { huberPenalty, negativeHuber, negativeHuberDerivative, negativeHuberSecondDerivative } from "./huber.js";
import { mulberry32 } from "./test-support/rng.js";
import { numericalGradient, numericalHessian, relativeError } from "./test-support/finite-differences.js";

describe("negative Huber loss D", () => {
  it("is −x²/2 inside [−1, 1] and −|x| + 1/2 outside", () => {
    expect(negativeHuber(0)).toBe(-0);
    expect(negativeHuber(0.5)).toBe(-0.125);
    expect(negativeHuber(-0.8)).toBeCloseTo(-0.32, 15);
    expect(negativeHuber(3)).toBe(-2.5);
    expect(negativeHuber(-10)).toBe(-9.5);
  });

  it("is C¹ at ±1, with the inner curvature −1 reported at the kink", () => {
    for (const s of [-1, 1]) {
      expect(negativeHuber(s)).toBe(-0.5);
      expect(negativeHuber(s * (1 + 1e-12))).toBeCloseTo(-0.5, 11);
      expect(negativeHuberDerivative(s)).toBe(-s);
      expect(negativeHuberDerivative(s * (1 + 1e-12))).toBe(-s);
      expect(negativeHuberSecondDerivative(s)).toBe(-1);
      expect(negativeHuberSecondDerivative(s * (1 + 1e-9))).toBe(0);
    }
  });
});

describe("huberPenalty", () => {
  // θ = (β1, β2, ψ for a q = 2 term: log l11, l21, log l22, ψ for a scalar term: log σ).
  const layout = { p: 2, dim: 6 };
  const pen = huberPenalty(layout);

  it("applies D to every ψ entry and ignores β", () => {
    const theta = Float64Array.from([100, -50, 0.5, -2, 1, 0.1]);
    expect(pen.value(theta)).toBeCloseTo(-0.125 - 1.5 - 0.5 - 0.005, 14);
    const g = new Float64Array(6).fill(9);
    pen.gradient(theta, g);
    expect(Array.from(g)).toEqual([0, 0, -0.5, 1, -1, -0.1]);
    const h = new Float64Array(36).fill(9);
    pen.hessian(theta, h);
    const diag = [0, 0, -1, 0, -1, -1];
    for (let r = 0; r < 6; r++) for (let c = 0; c < 6; c++) expect(h[c * 6 + r]).toBe(r === c ? diag[r] : 0);
  });

  it("matches finite differences at random θ away from the kinks", () => {
    const u = mulberry32(31);
    for (let rep = 0; rep < 20; rep++) {
      const theta = new Float64Array(6);
      for (let k = 0; k < 6; k++) {
        let v = 0;
        do v = (u() - 0.5) * 6;
        while (Math.abs(Math.abs(v) - 1) < 0.05);
        theta[k] = v;
      }
      const steps = new Float64Array(6).fill(1e-3);
      const g = new Float64Array(6);
      pen.gradient(theta, g);
      expect(relativeError(g, numericalGradient((x) => pen.value(x), theta, steps))).toBeLessThan(1e-9);
      const h = new Float64Array(36);
      pen.hessian(theta, h);
      expect(relativeError(h, numericalHessian((x, o) => pen.gradient(x, o), theta, steps))).toBeLessThan(1e-9);
    }
  });

  it("diverges to −∞ as a variance goes to 0 or ∞ (MSPL's boundary guard)", () => {
    expect(pen.value(Float64Array.from([0, 0, -1e6, 0, 0, 0]))).toBeLessThan(-9e5);
    expect(pen.value(Float64Array.from([0, 0, 0, 0, 0, 1e6]))).toBeLessThan(-9e5);
  });

  it("rejects a bad layout", () => {
    expect(() => huberPenalty({ p: 3, dim: 2 })).toThrow(/0 ≤ p ≤ dim/);
  });
});
