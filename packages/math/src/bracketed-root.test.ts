import { describe, expect, it } from "vitest";
import { bracketedRoot } from "./bracketed-root.js";

describe("bracketedRoot (Brent's zeroin)", () => {
  it("finds roots of smooth functions to the tolerance in few evaluations", () => {
    const cubic = bracketedRoot((x) => x * x * x - 2 * x - 5, 2, 3, { tolerance: 1e-12 });
    expect(cubic.root).toBeCloseTo(2.0945514815423265, 11);
    expect(cubic.converged).toBe(true);
    expect(cubic.evaluations).toBeLessThan(12);
    const cos = bracketedRoot(Math.cos, 0, 3);
    expect(cos.root).toBeCloseTo(Math.PI / 2, 9);
    // Nearly linear functions (a signed root deviance) converge in a handful of steps.
    const linear = bracketedRoot((x) => 1.7 * x - 1.96 + 0.01 * x * x, -5, 5, { tolerance: 1e-10 });
    expect(Math.abs(1.7 * linear.root - 1.96 + 0.01 * linear.root ** 2)).toBeLessThan(1e-9);
    expect(linear.evaluations).toBeLessThan(8);
  });

  it("falls back to bisection on hard functions and still converges", () => {
    const steep = bracketedRoot((x) => Math.sign(x - 0.3) * Math.abs(x - 0.3) ** 0.1, 0, 1, { tolerance: 1e-12 });
    expect(Math.abs(steep.root - 0.3)).toBeLessThan(1e-11);
    const flatStart = bracketedRoot((x) => (x < 0.99 ? -1e-300 : x - 0.99), 0, 2, { tolerance: 1e-12 });
    expect(Math.abs(flatStart.root - 0.99)).toBeLessThan(1e-10);
  });

  it("uses given end values, stops at maxEvaluations, and refuses a bracket without a sign change", () => {
    let calls = 0;
    const r = bracketedRoot((x) => (calls++, x - 0.25), 0, 1, { fa: -0.25, fb: 0.75 });
    expect(r.root).toBeCloseTo(0.25, 12);
    expect(calls).toBe(r.evaluations);
    expect(bracketedRoot((x) => Math.exp(5 * x) - 2, 0, 1, { maxEvaluations: 2, tolerance: 1e-15 }).converged).toBe(false);
    expect(() => bracketedRoot((x) => x * x + 1, -1, 1)).toThrow(/same sign/);
    expect(bracketedRoot((x) => x, 0, 1).root).toBe(0);
  });
});
