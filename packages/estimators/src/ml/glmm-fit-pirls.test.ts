/**
 * A fit is converged only if the mode search behind its final likelihood value converged too: with a
 * likelihood whose PIRLS tolerance cannot be met (modeTolerance 0: |∂h/∂u| < 0 is impossible) the outer
 * optimiser still reaches the optimum — the modes are exact to rounding — but the fit must say that PIRLS
 * did not reach its tolerance in every one of cbpp's 15 herds and report itself unconverged.
 */
import { describe, expect, it } from "vitest";
import { parameterLayout } from "@glmmkit/core";
import { GlmmLikelihood } from "@glmmkit/laplace";
import { fitGlmmByOptimisation } from "./glmm-fit.js";
import { glmmTmbReference, referenceFrames } from "../test-support/reference.js";

describe("PIRLS failures reach the fit's convergence report", () => {
  const frame = referenceFrames.cbpp();
  const ref = glmmTmbReference("cbpp_laplace");

  it("a fit whose final mode search did not converge is not reported converged", () => {
    const likelihood = new GlmmLikelihood(frame, { modeTolerance: 0 });
    const fit = fitGlmmByOptimisation("ml", frame, parameterLayout(frame), null, { likelihood });
    expect(Math.abs(fit.logLik - ref.logLik)).toBeLessThan(1e-6);
    expect(fit.diagnostics.warnings).toContain("PIRLS did not reach its tolerance in 15 cluster(s) at the estimate");
    expect(fit.converged).toBe(false);
  });

  it("the same fit with the default tolerance is converged, without the warning", () => {
    const fit = fitGlmmByOptimisation("ml", frame, parameterLayout(frame), null, {});
    expect(fit.converged).toBe(true);
    expect(fit.diagnostics.warnings.join("\n")).not.toMatch(/PIRLS/);
  });
});
