/**
 * The exact Hessian of the adaptive Gauss–Hermite likelihood (quadrature-hessian.ts) against two finite-difference
 * references at random θ, both Richardson-extrapolated: central differences of the exact gradient, and second
 * differences of the value alone (no gradient code involved).
 */
import { describe, expect, it } from "vitest";
import type { ModelFrame } from "@glmmkit/core";
import { GlmmLikelihood } from "./glmm-likelihood.js";
import { syntheticFrame } from "./test-support/synthetic-frame.js";
import { sharedDataFrame } from "./test-support/shared-data.js";
import { exactHessianErrors, randomTheta } from "./test-support/derivative-checks.js";

/** PIRLS to 1e-13: the value-only reference divides rounding in the modes by 4h² (see laplace-hessian.test.ts). */
function checkBothReferences(frame: ModelFrame, nAGQ: number, theta: Float64Array, tolerance = 1e-6): void {
  const likelihood = new GlmmLikelihood(frame, { nAGQ, modeTolerance: 1e-13 });
  expect(likelihood.exactHessian).toBe(true);
  const errors = exactHessianErrors(likelihood, theta);
  expect(errors.againstGradient).toBeLessThan(tolerance);
  expect(errors.againstValue).toBeLessThan(tolerance);
  expect(errors.asymmetry).toBe(0);
}

describe("exact adaptive Gauss–Hermite Hessian, one scalar random effect", () => {
  for (const nAGQ of [5, 9, 25]) {
    for (const trials of [1, 5]) {
      it(`${nAGQ} nodes, ${trials === 1 ? "binary" : "binomial counts"}: matches both difference references at random θ`, () => {
        // Clusters of one row up to ten: small clusters are where quadrature differs most from Laplace.
        const frame = syntheticFrame({ J: 25, clusterSize: [1, 10], q: 1, p: 3, trials, seed: 70 + nAGQ + trials, sd: 1.5 });
        for (let trial = 0; trial < 2; trial++) checkBothReferences(frame, nAGQ, randomTheta(frame.p + 1, frame.p, 300 + 10 * nAGQ + trial));
      });
    }
  }

  it("cbpp, nAGQ = 25 (binomial counts), near lme4's estimate and at a random point", () => {
    const frame = sharedDataFrame("cbpp.csv", "cbind(incidence, size - incidence) ~ period + (1 | herd)", { factors: ["period"] });
    checkBothReferences(frame, 25, Float64Array.from([-1.4, -1.0, -1.1, -1.6, Math.log(0.64)]));
    checkBothReferences(frame, 25, randomTheta(frame.p + 1, frame.p, 25));
  });

  it("toenail, nAGQ = 9, a large random-intercept SD", () => {
    const frame = sharedDataFrame("toenail.csv", "outcome ~ treatment * time + (1 | patientID)", { success: "moderate or severe" });
    checkBothReferences(frame, 9, Float64Array.from([-1.6, -0.2, -0.4, -0.14, Math.log(4)]));
  });
});
