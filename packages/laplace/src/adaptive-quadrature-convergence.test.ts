/**
 * Adaptive Gauss–Hermite converges to the exact integral as nodes are added, at the rate it should: on the
 * tiny skewed data set (test-support/hand-computed-integrals.ts) the error against an independent
 * composite-Simpson integral falls at every step of 1, 3, 7, 15, 25, 40, 60 nodes, below bounds that a
 * slower-converging rule (wrong node scale, wrong weights) misses.
 */
import { describe, expect, it } from "vitest";
import { GlmmLikelihood } from "./glmm-likelihood.js";
import { exactLogLik, tinyFrame, tinyParameters, tinyRows } from "./test-support/hand-computed-integrals.js";

const frame = tinyFrame(tinyRows);
const { beta, sigma } = tinyParameters;
const theta = Float64Array.from([...beta, Math.log(sigma)]);
const exact = exactLogLik(tinyRows, beta, sigma);

describe("adaptive Gauss–Hermite convergence in the number of nodes", () => {
  it("the Simpson oracle is converged: another grid (step 1/300 over ±60) agrees to 1e-12", () => {
    expect(Math.abs(exactLogLik(tinyRows, beta, sigma, { step: 1 / 300, halfWidth: 60 }) - exact)).toBeLessThan(1e-12);
  });

  const nodeCounts = [1, 3, 7, 15, 25, 40, 60];
  // Errors of a correct rule here: 8.1e-2, 5.0e-2, 8.5e-4, 2.1e-6, 2.1e-8, 1.2e-10, 2e-13; bounds ~10× above.
  const bounds = [0.2, 0.1, 1e-2, 3e-5, 3e-7, 2e-9, 1e-11];

  it("the error falls at every step of 1, 3, 7, 15, 25, 40, 60 nodes, below the expected bounds", () => {
    const errors = nodeCounts.map((k) => Math.abs(new GlmmLikelihood(frame, { nAGQ: k }).logLik(theta) - exact));
    errors.forEach((error, k) => {
      expect(error, `${nodeCounts[k]} nodes`).toBeLessThan(bounds[k]!);
      if (k > 0) expect(error, `${nodeCounts[k]} nodes vs ${nodeCounts[k - 1]}`).toBeLessThan(errors[k - 1]!);
    });
  });

  it("100 nodes match the exact integral to 1e-12", () => {
    expect(Math.abs(new GlmmLikelihood(frame, { nAGQ: 100 }).logLik(theta) - exact)).toBeLessThan(1e-12);
  });
});
