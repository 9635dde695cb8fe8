/**
 * What the likelihood remembers between evaluations (recent-evaluations.ts and GlmmLikelihood's lazy
 * restore after a differenced Hessian) must never change an answer: a revisited point returns what was
 * computed there, and the modes, conditional covariances and PIRLS state read after a Hessian are those of
 * the point itself, as a fresh likelihood computes them.
 */
import { describe, expect, it } from "vitest";
import { GlmmLikelihood } from "./glmm-likelihood.js";
import { RecentEvaluations } from "./recent-evaluations.js";
import { multiTermFrame } from "./test-support/multi-term-frame.js";

const frame = multiTermFrame({ n: 240, p: 3, terms: [{ levels: 25, q: 1 }, { levels: 8, q: 1 }], seed: 11 });
const theta = Float64Array.from([0.2, -0.4, 0.3, 0.1, -0.3]);
const elsewhere = Float64Array.from([0.1, -0.2, 0.5, -0.2, 0.2]);

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let k = 0; k < a.length; k++) d = Math.max(d, Math.abs(a[k]! - b[k]!));
  return d;
}

describe("RecentEvaluations", () => {
  it("finds a point bit for bit only, and forgets the oldest beyond its capacity", () => {
    const recent = new RecentEvaluations(2, 2, 1);
    const g = Float64Array.from([1, 2]);
    recent.remember(Float64Array.from([0, 1]), 5, g, Float64Array.from([9]));
    expect(recent.find(Float64Array.from([0, 1]))?.value).toBe(5);
    expect(recent.find(Float64Array.from([0, 1 + Number.EPSILON]))).toBeNull();
    expect(recent.find(Float64Array.from([-0, 1]))).toBeNull();
    recent.remember(Float64Array.from([1, 1]), 6, g, Float64Array.from([9]));
    recent.remember(Float64Array.from([2, 1]), 7, g, Float64Array.from([9]));
    expect(recent.find(Float64Array.from([0, 1]))).toBeNull();
    expect(recent.find(Float64Array.from([2, 1]))?.value).toBe(7);
    recent.clear();
    expect(recent.find(Float64Array.from([2, 1]))).toBeNull();
  });
});

describe("GlmmLikelihood's remembered evaluations (several terms, differenced Hessians)", () => {
  it("a revisited point gives the value and gradient computed there", () => {
    const likelihood = new GlmmLikelihood(frame);
    expect(likelihood.exactHessian).toBe(false);
    const g1 = new Float64Array(theta.length);
    const v1 = likelihood.logLikAndGradient(theta, g1);
    likelihood.logLikAndGradient(elsewhere, new Float64Array(theta.length));
    const g2 = new Float64Array(theta.length);
    expect(likelihood.logLikAndGradient(theta, g2)).toBe(v1);
    expect(Array.from(g2)).toEqual(Array.from(g1));
  });

  for (const kind of ["stepHessian", "hessian"] as const) {
    it(`after ${kind}, the state read back (modes, conditional covariances, value) is the point's own`, () => {
      const fresh = new GlmmLikelihood(frame);
      const expectedValue = fresh.logLikAndGradient(theta, new Float64Array(theta.length));
      const expectedModes = fresh.conditionalModes();
      const expectedCovariances = fresh.conditionalCovariancesByTerm();

      const likelihood = new GlmmLikelihood(frame);
      likelihood.logLikAndGradient(theta, new Float64Array(theta.length));
      // Revisit θ after a point elsewhere, as Newton does when it refreshes its Hessian at the iterate.
      likelihood.logLikAndGradient(elsewhere, new Float64Array(theta.length));
      const hessian = new Float64Array(theta.length * theta.length);
      likelihood[kind](theta, hessian);
      expect(likelihood.logLik(theta)).toBe(expectedValue);
      expect(maxDifference(likelihood.conditionalModes(), expectedModes)).toBeLessThan(1e-9);
      likelihood.conditionalCovariancesByTerm().forEach((block, t) => {
        expect(maxDifference(block, expectedCovariances[t]!)).toBeLessThan(1e-9);
      });
      expect(likelihood.pirlsStatistics().unconvergedClusters).toBe(0);
    });
  }

  it("a differenced Hessian does not depend on where the engine was before", () => {
    const direct = new GlmmLikelihood(frame);
    direct.logLikAndGradient(theta, new Float64Array(theta.length));
    const h1 = new Float64Array(theta.length * theta.length);
    direct.hessian(theta, h1);
    const detour = new GlmmLikelihood(frame);
    detour.logLikAndGradient(theta, new Float64Array(theta.length));
    detour.logLikAndGradient(elsewhere, new Float64Array(theta.length));
    const h2 = new Float64Array(theta.length * theta.length);
    detour.hessian(theta, h2);
    expect(maxDifference(h1, h2)).toBeLessThan(1e-6 * Math.max(...Array.from(h1, Math.abs)));
  });
});
