import { describe, expect, it } from "vitest";
import { ridgePenalty } from "./ridge.js";
import { mulberry32 } from "./test-support/rng.js";
import { numericalGradient, numericalHessian, relativeError } from "./test-support/finite-differences.js";

describe("ridgePenalty", () => {
  const theta = Float64Array.from([3, 1, -2, 0.5, 4]);

  it("leaves the intercept (index 0 by default) and ψ unpenalised", () => {
    const pen = ridgePenalty({ p: 3, dim: 5, lambda: 2 });
    expect(pen.value(theta)).toBeCloseTo(-(1 + 4), 14);
    const g = new Float64Array(5);
    pen.gradient(theta, g);
    expect(Array.from(g)).toEqual([-0, -2, 4, -0, -0]);
  });

  it("penalises every β with intercept: null, a chosen intercept index, and ψ with psiLambda", () => {
    expect(ridgePenalty({ p: 3, dim: 5, lambda: 2, intercept: null }).value(theta)).toBeCloseTo(-(9 + 1 + 4), 14);
    expect(ridgePenalty({ p: 3, dim: 5, lambda: 2, intercept: 2 }).value(theta)).toBeCloseTo(-(9 + 1), 14);
    expect(ridgePenalty({ p: 3, dim: 5, lambda: 2, psiLambda: 0.5 }).value(theta)).toBeCloseTo(-(1 + 4) - 0.25 * (0.25 + 16), 14);
  });

  it("has the exact gradient and Hessian", () => {
    const pen = ridgePenalty({ p: 3, dim: 5, lambda: 1.7, intercept: 1, psiLambda: 0.3 });
    const u = mulberry32(9);
    const x = Float64Array.from({ length: 5 }, () => (u() - 0.5) * 8);
    const steps = new Float64Array(5).fill(1e-2);
    const g = new Float64Array(5);
    pen.gradient(x, g);
    expect(relativeError(g, numericalGradient((t) => pen.value(t), x, steps))).toBeLessThan(1e-10);
    const h = new Float64Array(25);
    pen.hessian(x, h);
    expect(relativeError(h, numericalHessian((t, o) => pen.gradient(t, o), x, steps))).toBeLessThan(1e-10);
    expect(Array.from({ length: 5 }, (_, k) => h[k * 5 + k])).toEqual([-1.7, -0, -1.7, -0.3, -0.3]);
  });

  it("rejects bad options", () => {
    expect(() => ridgePenalty({ p: 3, dim: 5, lambda: -1 })).toThrow(/lambda/);
    expect(() => ridgePenalty({ p: 3, dim: 5, lambda: 1, intercept: 3 })).toThrow(/intercept/);
  });
});
