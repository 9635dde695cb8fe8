/**
 * ML fits against lme4 1.1-31 (../shared/reference/lme4.json): logLik at least lme4's − 1e-6, fixed
 * effects and SDs within 2e-3·max(1, |value|), standard errors within 2 %.
 */
import { describe, expect, it } from "vitest";
import type { FitResult, ModelFrame } from "@glmmkit/core";
import { GlmmLikelihood } from "@glmmkit/laplace";
import { mlEstimator } from "./ml-estimator.js";
import { CULCITA_LEVELS, lme4Reference, sharedFrame, type Lme4Entry } from "../test-support/reference.js";

interface Tolerances {
  /** Compare with lme4's printed logLik (false where lme4's number is not our function's value). */
  compareLogLik: boolean;
  estimate?: number;
  se?: number;
}

/** Our approximate log-likelihood evaluated at lme4's reported estimate. */
function ourLogLikAtLme4(frame: ModelFrame, ref: Lme4Entry): number {
  const theta = Float64Array.from([...Object.values(ref.fixef), Math.log(ref.theta as number)]);
  return new GlmmLikelihood(frame, { nAGQ: ref.nAGQ }).logLik(theta);
}

function expectMatchesLme4(fit: FitResult, ref: Lme4Entry, options: Tolerances): void {
  const estimateTolerance = options.estimate ?? 2e-3;
  const seTolerance = options.se ?? 0.02;
  expect(fit.converged).toBe(true);
  expect(fit.diagnostics.maxAbsGradient).toBeLessThan(1e-6);
  if (options.compareLogLik) expect(fit.logLik).toBeGreaterThanOrEqual(ref.logLik - 1e-6);
  expect([...fit.betaNames]).toEqual(Object.keys(ref.fixef));
  fit.betaNames.forEach((name, k) => {
    const value = ref.fixef[name]!;
    expect(Math.abs(fit.beta[k]! - value), name).toBeLessThanOrEqual(estimateTolerance * Math.max(1, Math.abs(value)));
    const se = ref.se[name]!;
    expect(Math.abs(fit.betaStdErrors[k]! - se) / se, `SE ${name}`).toBeLessThan(seTolerance);
  });
  const sds = Object.values(ref.varcorr).filter((v) => v.var2 === null).map((v) => v.sdcor);
  const ours = fit.covariances.flatMap((c) => Array.from(c.sd));
  expect(ours.length).toBe(sds.length);
  sds.forEach((sd, k) => expect(Math.abs(ours[k]! - sd), `sd ${k}`).toBeLessThanOrEqual(estimateTolerance * Math.max(1, sd)));
}

/*
 * Toenail: lme4 1.1-31 evaluates its Laplace / AGQ deviance at conditional modes from PIRLS stopped at a
 * relative tolerance, so its printed logLik is not the value of the approximation at its estimate: at
 * lme4's own estimate the exact Laplace value is 0.0063 higher than printed (confirmed by an independent
 * golden-section oracle in packages/laplace), and the 20-node AGQ value 1.9e-4 lower (20 nodes are far
 * from converged on these skewed integrands: 100 nodes give −625.3975). There we require the stronger
 * property that our optimum is at least as high as our function at lme4's estimate, and, for the Laplace
 * fit, whose optimum moves with that difference in the function, estimates within 1e-2·max(1, |value|)
 * and standard errors within 4 % instead of 2e-3 and 2 %.
 */
const cases: ({ key: string; frame: () => ModelFrame } & Tolerances)[] = [
  { key: "culcita_full_laplace", frame: () => sharedFrame("culcita.csv", "predation ~ ttt + (1 | block)", { levelOrders: CULCITA_LEVELS }), compareLogLik: true },
  { key: "culcita_full_agq20", frame: () => sharedFrame("culcita.csv", "predation ~ ttt + (1 | block)", { levelOrders: CULCITA_LEVELS }), compareLogLik: true },
  { key: "cbpp_laplace", frame: () => sharedFrame("cbpp.csv", "cbind(incidence, size - incidence) ~ period + (1 | herd)", { factors: ["period"] }), compareLogLik: true },
  // lme4 drops the binomial constants from its nAGQ > 1 logLik for counts: compare estimates there.
  { key: "cbpp_agq25", frame: () => sharedFrame("cbpp.csv", "cbind(incidence, size - incidence) ~ period + (1 | herd)", { factors: ["period"] }), compareLogLik: false },
  { key: "toenail_laplace", frame: () => sharedFrame("toenail.csv", "outcome ~ treatment * time + (1 | patientID)", { success: "moderate or severe" }), compareLogLik: false, estimate: 1e-2, se: 0.04 },
  { key: "toenail_agq20", frame: () => sharedFrame("toenail.csv", "outcome ~ treatment * time + (1 | patientID)", { success: "moderate or severe" }), compareLogLik: false },
  { key: "toenail_slope_laplace", frame: () => sharedFrame("toenail.csv", "outcome ~ treatment * time + (1 + time | patientID)", { success: "moderate or severe" }), compareLogLik: true },
];

describe("ml matches lme4", () => {
  for (const c of cases) {
    it(c.key, () => {
      const ref = lme4Reference(c.key);
      const frame = c.frame();
      const fit = mlEstimator.fit(frame, { nAGQ: ref.nAGQ });
      expectMatchesLme4(fit, ref, c);
      if (frame.terms[0]!.q === 1) expect(fit.logLik).toBeGreaterThanOrEqual(ourLogLikAtLme4(frame, ref) - 1e-9);
    });
  }

  it("toenail random slope: correlation as lme4", () => {
    const ref = lme4Reference("toenail_slope_laplace");
    const fit = mlEstimator.fit(cases[6]!.frame(), {});
    const rho = fit.covariances[0]!.correlation[1]!;
    const refRho = Object.values(ref.varcorr).find((v) => v.var2 !== null)!.sdcor;
    expect(Math.abs(rho - refRho)).toBeLessThan(2e-3);
  });

});
