import { describe, expect, it } from "vitest";
import { sumPenalties } from "./penalty.js";
import { huberPenalty } from "./huber.js";
import { jeffreysPenalty } from "./jeffreys.js";
import { ridgePenalty } from "./ridge.js";
import { loadEndometrial } from "./test-support/endometrial.js";
import { numericalGradient, numericalHessian, relativeError } from "./test-support/finite-differences.js";

describe("sumPenalties", () => {
  const { n, p, X, trials } = loadEndometrial();
  const dim = p + 3; // β, then ψ of one q = 2 term
  const jeffreys = jeffreysPenalty(X, n, p, trials, dim);
  const huber = huberPenalty({ p, dim });
  const ridge = ridgePenalty({ p, dim, lambda: 0.1 });
  const c = 2 * Math.sqrt(p / n); // MSPL's scaling
  const sum = sumPenalties(
    [
      { penalty: jeffreys, weight: c },
      { penalty: huber, weight: c },
      { penalty: ridge, weight: 0.5 },
    ],
    dim,
  );
  const theta = Float64Array.from([1.2, 0.8, -0.03, -1.1, 0.4, -1.7, 0.2]);

  it("is the weighted sum of values, gradients and Hessians, overwriting its outputs", () => {
    expect(sum.value(theta)).toBeCloseTo(c * jeffreys.value(theta) + c * huber.value(theta) + 0.5 * ridge.value(theta), 12);
    const g = new Float64Array(dim).fill(100);
    sum.gradient(theta, g);
    const parts = [jeffreys, huber, ridge].map((pen) => {
      const out = new Float64Array(dim);
      pen.gradient(theta, out);
      return out;
    });
    const expected = Array.from({ length: dim }, (_, k) => c * parts[0]![k]! + c * parts[1]![k]! + 0.5 * parts[2]![k]!);
    expect(relativeError(g, expected)).toBeLessThan(1e-14);
    const h = new Float64Array(dim * dim).fill(100);
    sum.hessian(theta, h);
    const steps = [1e-3, 1e-3, 2e-5, 3e-4, 1e-3, 1e-3, 1e-3];
    expect(relativeError(h, numericalHessian((x, o) => sum.gradient(x, o), theta, steps))).toBeLessThan(1e-6);
    expect(relativeError(g, numericalGradient((x) => sum.value(x), theta, steps))).toBeLessThan(1e-8);
  });

  it("is the zero penalty when empty, and rejects non-finite weights", () => {
    const none = sumPenalties([], 3);
    expect(none.value(new Float64Array(3))).toBe(0);
    const g = new Float64Array(3).fill(1);
    none.gradient(new Float64Array(3), g);
    expect(Array.from(g)).toEqual([0, 0, 0]);
    expect(() => sumPenalties([{ penalty: huber, weight: NaN }], dim)).toThrow(/not finite/);
  });
});
