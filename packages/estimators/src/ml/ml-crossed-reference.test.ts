/**
 * Several random-effects terms (crossed, observation-level, uncorrelated) against glmmTMB 1.1.5's Laplace
 * optimum and tight lme4 (../shared/reference/glmmtmb.json): logLik ≥ max(glmmTMB, lme4_tight) − 1e-6 and
 * not above it by more than 1e-5 (both tools solve the inner problem exactly there), fixed effects and SDs
 * within 2e-3·max(1, |value|) of glmmTMB's, standard errors within 2 %, max |∇| < 1e-6.
 */
import { describe, expect, it } from "vitest";
import type { FitResult, ModelFrame } from "@glmmkit/core";
import { mlEstimator } from "./ml-estimator.js";
import { cbppWithObservationLevel, glmmTmbReference, sharedDataFrame } from "../test-support/glmmtmb-reference.js";

function expectMatchesGlmmTmb(fit: FitResult, key: string): void {
  const ref = glmmTmbReference(key);
  const best = Math.max(ref.logLik, ref.lme4_tight?.logLik ?? -Infinity);
  expect(fit.converged).toBe(true);
  expect(fit.diagnostics.maxAbsGradient).toBeLessThan(1e-6);
  expect(fit.logLik).toBeGreaterThanOrEqual(best - 1e-6);
  expect(fit.logLik).toBeLessThanOrEqual(best + 1e-5);
  expect([...fit.betaNames]).toEqual(Object.keys(ref.fixef));
  fit.betaNames.forEach((name, k) => {
    const value = ref.fixef[name]!;
    expect(Math.abs(fit.beta[k]! - value), name).toBeLessThanOrEqual(2e-3 * Math.max(1, Math.abs(value)));
    const se = ref.se[name]!;
    expect(Math.abs(fit.betaStdErrors[k]! - se) / se, `SE ${name}`).toBeLessThan(0.02);
  });
  // glmmTMB names components as lme4's VarCorr prints them (make.unique of the groups).
  const labels = fit.covariances.map((c) => c.group);
  const unique = labels.map((g, t) => (labels.indexOf(g) === t ? g : `${g}.${labels.slice(0, t).filter((h) => h === g).length}`));
  const expected = Object.entries(ref.sd).flatMap(([group, sds]) => Object.entries(sds).map(([term, sd]) => [group, term, sd] as const));
  const ours = fit.covariances.flatMap((c, t) => c.termNames.map((term, k) => [unique[t]!, term, c.sd[k]!] as const));
  expect(ours.map(([g, term]) => `${g}|${term}`).sort()).toEqual(expected.map(([g, term]) => `${g}|${term}`).sort());
  for (const [group, term, sd] of expected) {
    const mine = ours.find(([g, t]) => g === group && t === term)![2];
    expect(Math.abs(mine - sd), `sd(${group}: ${term})`).toBeLessThanOrEqual(2e-3 * Math.max(1, sd));
  }
}

const cases: { key: string; frame: () => ModelFrame }[] = [
  { key: "salamander_laplace", frame: () => sharedDataFrame("salamander.csv", "Mate ~ TypeF * TypeM + (1 | Female) + (1 | Male)") },
  { key: "verbagg_laplace", frame: () => sharedDataFrame("verbagg.csv", "r2 ~ Anger + Gender + btype + situ + (1 | id) + (1 | item)") },
  { key: "cbpp_obs_laplace", frame: () => cbppWithObservationLevel("cbind(incidence, size - incidence) ~ period + (1 | herd) + (1 | obs)") },
  {
    key: "toenail_uncorrelated_laplace",
    frame: () => sharedDataFrame("toenail.csv", "outcome ~ treatment * time + (time || patientID)", { success: "moderate or severe" }),
  },
];

describe("ml with several random-effects terms matches glmmTMB", () => {
  for (const c of cases) {
    it(c.key, () => {
      const fit = mlEstimator.fit(c.frame(), {});
      expectMatchesGlmmTmb(fit, c.key);
    });
  }
});
