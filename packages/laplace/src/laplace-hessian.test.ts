/**
 * The exact Laplace Hessian for one grouping factor and any q (laplace-hessian.ts) against two finite-difference
 * references at random θ, both Richardson-extrapolated: central differences of the exact gradient, and second
 * differences of the value alone (no gradient code involved).
 */
import { linkRows } from "./link-rows.js";
import { describe, expect, it } from "vitest";
import { choleskyFactorFromPsi, type ModelFrame } from "@glmmkit/core";
import { GlmmLikelihood } from "./glmm-likelihood.js";
import { clusterLayout } from "./cluster-layout.js";
import { createModeWorkspace, solveConditionalModes } from "./conditional-modes.js";
import { LaplaceHessian } from "./laplace-hessian.js";
import { createScalarHessianScratch, scalarLaplaceHessian } from "./scalar-laplace-hessian.js";
import { syntheticFrame } from "./test-support/synthetic-frame.js";
import { sharedDataFrame } from "./test-support/shared-data.js";
import { exactHessianErrors, maxRelativeError, randomTheta } from "./test-support/derivative-checks.js";

/**
 * PIRLS to 1e-13 rather than the default 1e-10: the value-only reference divides rounding in the modes' log-det
 * by 4h², which at the default tolerance is already ~1e-6 of the Hessian on toenail.
 */
function checkBothReferences(frame: ModelFrame, theta: Float64Array, tolerance = 1e-6): void {
  const likelihood = new GlmmLikelihood(frame, { modeTolerance: 1e-13 });
  expect(likelihood.exactHessian).toBe(true);
  const errors = exactHessianErrors(likelihood, theta);
  expect(errors.againstGradient).toBeLessThan(tolerance);
  expect(errors.againstValue).toBeLessThan(tolerance);
  expect(errors.asymmetry).toBe(0);
}

describe("exact Laplace Hessian, one grouping factor, any q", () => {
  const cases = [
    { name: "q = 1, binary", q: 1, p: 3, trials: 1, J: 30, clusterSize: [2, 12] as [number, number] },
    { name: "q = 1, binomial counts", q: 1, p: 2, trials: 6, J: 20, clusterSize: [2, 7] as [number, number] },
    { name: "q = 2, binary", q: 2, p: 3, trials: 1, J: 30, clusterSize: [3, 12] as [number, number] },
    { name: "q = 2, binomial counts", q: 2, p: 3, trials: 5, J: 20, clusterSize: [2, 8] as [number, number] },
    { name: "q = 3, binary", q: 3, p: 4, trials: 1, J: 25, clusterSize: [4, 14] as [number, number] },
    { name: "q = 3, binomial counts", q: 3, p: 4, trials: 4, J: 20, clusterSize: [3, 9] as [number, number] },
  ];
  for (const [index, c] of cases.entries()) {
    it(`${c.name}: matches differenced gradient and second differences of ℓ at random θ`, () => {
      const frame = syntheticFrame({ J: c.J, clusterSize: c.clusterSize, q: c.q, p: c.p, trials: c.trials, seed: 40 + index, sd: 1.2 });
      const dim = c.p + (c.q * (c.q + 1)) / 2;
      for (let trial = 0; trial < 2; trial++) checkBothReferences(frame, randomTheta(dim, c.p, 900 + 10 * index + trial));
    });
  }

  it("toenail, correlated random intercept and slope in time", () => {
    const frame = sharedDataFrame("toenail.csv", "outcome ~ treatment * time + (1 + time | patientID)", {
      success: "moderate or severe",
    });
    // Near lme4's estimate (σ ≈ 4, slope SD ≈ 0.5 on the time scale) and at a random point.
    const nearFit = Float64Array.from([-2.5, -0.5, -0.4, -0.15, Math.log(4), -0.3, Math.log(0.4)]);
    checkBothReferences(frame, nearFit);
    checkBothReferences(frame, randomTheta(frame.p + 3, frame.p, 77, { betaRange: 0.8 }));
  });

  it("for q = 1 gives the numbers of the scalar Laplace Hessian", () => {
    for (const [seed, trials] of [[61, 1], [62, 5]] as const) {
      const frame = syntheticFrame({ J: 40, clusterSize: [1, 12], q: 1, p: 4, trials, seed, sd: 1.4 });
      const layout = clusterLayout(frame);
      const theta = randomTheta(layout.p + 1, layout.p, seed);
      const L = new Float64Array(1);
      choleskyFactorFromPsi(theta, layout.p, 1, L);
      const a = new Float64Array(layout.n);
      for (let c = 0; c < layout.p; c++) for (let i = 0; i < layout.n; i++) a[i] += theta[c]! * layout.X[c * layout.n + i]!;
      const ws = createModeWorkspace(layout, linkRows("logit"));
      const modes = new Float64Array(layout.J);
      solveConditionalModes(layout, a, L, modes, ws, 1e-12);
      const d = layout.p + 1;
      const general = new Float64Array(d * d);
      const scalar = new Float64Array(d * d);
      new LaplaceHessian(layout).compute(L, modes, ws, general);
      scalarLaplaceHessian(layout, L[0]!, modes, ws, createScalarHessianScratch(layout), scalar);
      expect(maxRelativeError(general, scalar)).toBeLessThan(1e-12);
    }
  });
});
