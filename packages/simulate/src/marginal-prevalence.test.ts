import { createDataTable, buildModelFrame } from "@glmmkit/core";
import { expit } from "@glmmkit/math";
import { describe, expect, it } from "vitest";
import { expectedExpit, marginalProbabilities } from "./marginal-prevalence.js";
import { parametersFromNames } from "./named-parameters.js";

/** Adaptive Simpson quadrature of f on [a, b] to an absolute tolerance (an oracle independent of the rule used). */
function adaptiveSimpson(f: (z: number) => number, a: number, b: number, tolerance: number): number {
  const simpson = (lo: number, hi: number, flo: number, fmid: number, fhi: number) => ((hi - lo) / 6) * (flo + 4 * fmid + fhi);
  const recurse = (lo: number, hi: number, flo: number, fmid: number, fhi: number, whole: number, tol: number, depth: number): number => {
    const mid = 0.5 * (lo + hi);
    const fl = f(0.5 * (lo + mid));
    const fr = f(0.5 * (mid + hi));
    const left = simpson(lo, mid, flo, fl, fmid);
    const right = simpson(mid, hi, fmid, fr, fhi);
    if (depth > 40 || Math.abs(left + right - whole) <= 15 * tol) return left + right + (left + right - whole) / 15;
    return recurse(lo, mid, flo, fl, fmid, left, tol / 2, depth + 1) + recurse(mid, hi, fmid, fr, fhi, right, tol / 2, depth + 1);
  };
  const fa = f(a);
  const fm = f(0.5 * (a + b));
  const fb = f(b);
  return recurse(a, b, fa, fm, fb, simpson(a, b, fa, fm, fb), tolerance, 0);
}

/** ∫ f(z) φ(z) dz by adaptive Simpson on [−14, 14] (φ beyond is below 1e−40). */
function normalExpectation(f: (z: number) => number, tolerance = 1e-13): number {
  return adaptiveSimpson((z) => (f(z) * Math.exp(-0.5 * z * z)) / Math.sqrt(2 * Math.PI), -14, 14, tolerance);
}

describe("marginal probabilities", () => {
  it("E[expit(m + sZ)] agrees with adaptive Simpson quadrature to 1e-9 (the oracle's own accuracy), for SDs from 0 to 50", () => {
    for (const mean of [-30, -9, -3, -0.5, 0, 1.2, 4, 8]) {
      for (const sd of [0, 0.3, 1, 2, 3, 3.6, 5, 8, 20, 50]) {
        const oracle = normalExpectation((z) => expit(mean + sd * z));
        expect(Math.abs(expectedExpit(mean, sd) - oracle)).toBeLessThan(1e-9);
      }
    }
  });

  it("a correlated two-column term integrates as one normal: checked against 2-D adaptive Simpson quadrature", () => {
    const cells = new Map<string, string[]>([
      ["y", ["0", "1", "0", "1"]],
      ["x", ["-1", "0.5", "2", "1"]],
      ["g", ["a", "a", "b", "b"]],
    ]);
    const frame = buildModelFrame(createDataTable("t", cells), "y ~ x + (1 + x | g)", { checkEstimable: false });
    const parameters = parametersFromNames(frame, {
      beta: { "(Intercept)": -0.4, x: 0.8 },
      sd: { "g:(Intercept)": 1.1, "g:x": 0.7 },
      correlation: { "g:(Intercept):x": -0.35 },
    });
    const probabilities = marginalProbabilities(frame, parameters);
    const [s1, s2, rho] = [1.1, 0.7, -0.35];
    const x = [-1, 0.5, 2, 1];
    x.forEach((xi, i) => {
      // b = L e with L the Cholesky factor of Σ; the outer rule over e1, the inner over e2.
      const oracle = normalExpectation(
        (e1) => normalExpectation((e2) => expit(-0.4 + 0.8 * xi + s1 * e1 + xi * s2 * (rho * e1 + Math.sqrt(1 - rho * rho) * e2)), 1e-9),
        1e-8,
      );
      expect(Math.abs(probabilities[i]! - oracle)).toBeLessThan(1e-6);
    });
  });
});
