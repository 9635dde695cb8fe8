/**
 * ML fits against references, checked from both sides (a logLik too high fails as surely as one too low):
 * - Laplace against glmmTMB 1.1.5 (../shared/reference/glmmtmb.json), whose inner problem is solved
 *   exactly: logLik within 1e-6 either way, estimates and SDs within 1e-3·max(1, |value|), standard errors
 *   within 1 %, the random-slope correlation within 1e-3.
 * - Adaptive Gauss–Hermite against lme4 1.1-31 (../shared/reference/lme4.json): logLik within 1e-6 either
 *   way, estimates within 2e-3·max(1, |value|) (bobyqa's stopping tolerance), standard errors within 2 %.
 *   For cbpp's binomial counts lme4 reports ℓ minus the saturated log-likelihood, which the test computes
 *   from the data. lme4's toenail AGQ logLik comes from a loosely converged PIRLS (it is 1.9e-4 above the
 *   20-node value at lme4's own estimate), so that logLik is checked against the optimum of lme4's deviance
 *   at tolPwrss = 1e-12 found by reference/scripts/exact-optima.R (reference/exact-optima.json).
 */
import { describe, expect, it } from "vitest";
import type { FitResult } from "@glmmkit/core";
import { mlEstimator } from "./ml-estimator.js";
import {
  exactOptimum,
  exactTheta,
  glmmTmbLaplaceCases,
  glmmTmbReference,
  glmmTmbSds,
  lme4Reference,
  referenceFrames,
  saturatedLogLik,
  type Lme4Entry,
} from "../test-support/reference.js";
import { expectAtReferenceOptimum } from "../test-support/reference-checks.js";

function expectStandardErrors(fit: FitResult, se: Record<string, number>, tolerance: number): void {
  fit.betaNames.forEach((name, k) => expect(Math.abs(fit.betaStdErrors[k]! - se[name]!) / se[name]!, `SE ${name}`).toBeLessThan(tolerance));
}

function lme4Sds(ref: Lme4Entry): number[] {
  return Object.values(ref.varcorr).filter((v) => v.var2 === null).map((v) => v.sdcor);
}

describe("ml Laplace fits reach glmmTMB's optimum", () => {
  for (const c of glmmTmbLaplaceCases) {
    it(c.key, () => {
      const ref = glmmTmbReference(c.key);
      const fit = mlEstimator.fit(c.frame(), {});
      const sds = glmmTmbSds(ref);
      expectAtReferenceOptimum(fit, { logLik: ref.logLik, fixef: ref.fixef, sds });
      expectStandardErrors(fit, ref.se, 0.01);
      const refCor = Object.values(ref.cor)[0];
      if (typeof refCor === "number") expect(Math.abs(fit.covariances[0]!.correlation[1]! - refCor)).toBeLessThan(1e-3);
    });
  }
});

describe("ml adaptive Gauss–Hermite fits reach lme4's optimum", () => {
  it("culcita_full_agq20", () => {
    const ref = lme4Reference("culcita_full_agq20");
    const fit = mlEstimator.fit(referenceFrames.culcita(), { nAGQ: ref.nAGQ });
    expectAtReferenceOptimum(fit, { logLik: ref.logLik, fixef: ref.fixef, sds: lme4Sds(ref) }, { estimate: 2e-3 });
    expectStandardErrors(fit, ref.se, 0.02);
  });

  it("cbpp_agq25 (binomial counts: lme4's logLik is ℓ minus the saturated log-likelihood)", () => {
    const ref = lme4Reference("cbpp_agq25");
    const frame = referenceFrames.cbpp();
    const fit = mlEstimator.fit(frame, { nAGQ: ref.nAGQ });
    const asLme4 = { logLik: ref.logLik + saturatedLogLik(frame), fixef: ref.fixef, sds: lme4Sds(ref) };
    expectAtReferenceOptimum(fit, asLme4, { estimate: 2e-3 });
    expectStandardErrors(fit, ref.se, 0.02);
  });

  it("toenail_agq20 (logLik from lme4's deviance at tolPwrss = 1e-12)", () => {
    const ref = lme4Reference("toenail_agq20");
    const exact = exactOptimum("ml", "toenail_agq20");
    const fit = mlEstimator.fit(referenceFrames.toenail(), { nAGQ: ref.nAGQ });
    expectAtReferenceOptimum(fit, { logLik: exact.logLik, fixef: ref.fixef, sds: lme4Sds(ref) }, { estimate: 2e-3 });
    expectStandardErrors(fit, ref.se, 0.02);
    // The polished optimum: every parameter within 1e-4 of it.
    const theta = exactTheta(exact);
    [...fit.beta, ...fit.psi].forEach((v, k) => expect(Math.abs(v - theta[k]!), `θ[${k}]`).toBeLessThan(1e-4));
    // lme4's printed value is the loose one, above the true optimum by what its PIRLS left.
    expect(ref.logLik - fit.logLik).toBeGreaterThan(1e-4);
    expect(ref.logLik - fit.logLik).toBeLessThan(3e-4);
  });
});
