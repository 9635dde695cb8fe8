/**
 * Wald intervals: the fixed effects against lme4's confint(method = "Wald"), the SDs (lme4: NA) against
 * glmmTMB's log-scale Wald intervals, and the fit's own SE convention for a penalised estimator.
 */
import { describe, expect, it } from "vitest";
import type { ConfidenceIntervals } from "@glmmkit/core";
import { mlEstimator } from "../ml/ml-estimator.js";
import { msplEstimator } from "../mspl/mspl-estimator.js";
import { jeffreysGlmEstimator } from "../jeffreys-glm-estimator/jeffreys-glm-estimator.js";
import { sharedFrame } from "../test-support/reference.js";
import { cbppWithObservationLevel } from "../test-support/glmmtmb-reference.js";
import { inferenceChecks, sharedCbppIntervals, slopeFrame } from "../test-support/inference-reference.js";
import { confidenceIntervals } from "./confidence-intervals.js";
import { coordinateMap } from "./profile-map.js";
import { waldInterval } from "./wald-intervals.js";

const CBPP = "cbind(incidence, size - incidence) ~ period + (1 | herd)";

/** glmmTMB names an SD "Std.Dev.x|g" where lme4's confint says "sd_x|g". */
function tmbName(parameter: string): string {
  return parameter.startsWith("sd_") ? `Std.Dev.${parameter.slice(3)}` : parameter;
}

function expectMatches(ci: ConfidenceIntervals, lme4: typeof inferenceChecks.cbpp, sdRelative: number): void {
  for (const i of ci.intervals) {
    for (const side of ["lower", "upper"] as const) {
      if (i.kind === "beta") {
        const v = lme4.confint_wald[side][i.parameter] as number;
        expect(Math.abs(i[side] - v), `${i.parameter} ${side}`).toBeLessThan(1e-5 * Math.max(1, Math.abs(v)));
      } else {
        expect(lme4.confint_wald[side][i.parameter]).toBe("NA");
        const v = lme4.glmmtmb_wald[side][tmbName(i.parameter)] as number;
        expect(Math.abs(i[side] / v - 1), `${i.parameter} ${side}: ${i[side]} vs glmmTMB ${v}`).toBeLessThan(sdRelative);
      }
    }
  }
}

describe("Wald intervals", () => {
  it("cbpp: β as lme4 (and ../shared's wald_ci), the SD on the log scale as glmmTMB", () => {
    const frame = sharedFrame("cbpp.csv", CBPP, { factors: ["period"] });
    const ci = confidenceIntervals(frame, mlEstimator.fit(frame, {}), { method: "wald" });
    expectMatches(ci, inferenceChecks.cbpp, 1e-5);
    const shared = sharedCbppIntervals().wald_ci;
    for (const i of ci.intervals.filter((i) => i.kind === "beta")) {
      expect(Math.abs(i.lower - (shared.lower[i.parameter] as number))).toBeLessThan(2e-3 * Math.max(1, Math.abs(i.lower)));
      expect(Math.abs(i.upper - (shared.upper[i.parameter] as number))).toBeLessThan(2e-3 * Math.max(1, Math.abs(i.upper)));
    }
    expect(ci.basis).toMatch(/observed information of the Laplace log-likelihood/);
    expect(ci.notes).toContain("random-effect SDs: Wald on the log scale, exp(log σ̂ ± z·SE) (glmmTMB's convention; lme4 gives NA)");
  });

  it("a correlated slope: the second SD by the delta method on log σ", () => {
    const frame = slopeFrame();
    expectMatches(confidenceIntervals(frame, mlEstimator.fit(frame, {}), { method: "wald" }), inferenceChecks.slope_q2, 1e-4);
  });

  it("two terms, one SD near 0: as wide as glmmTMB's", () => {
    const frame = cbppWithObservationLevel("cbind(incidence, size - incidence) ~ period + (1 | herd) + (1 | obs)");
    expectMatches(confidenceIntervals(frame, mlEstimator.fit(frame, {}), { method: "wald" }), inferenceChecks.cbpp_obs, 1e-3);
  });

  it("use the penalised estimator's own standard errors and say which", () => {
    const frame = sharedFrame("cbpp.csv", CBPP, { factors: ["period"] });
    const fit = msplEstimator.fit(frame, { compareWithMl: false });
    const ci = confidenceIntervals(frame, fit, { method: "wald" });
    expect(ci.basis).toMatch(/unpenalised Laplace log-likelihood .* at the mspl estimate/);
    const period2 = ci.intervals.find((i) => i.parameter === "period2")!;
    expect(period2.upper - period2.estimate).toBeCloseTo(1.959963984540054 * fit.betaStdErrors[1]!, 12);
  });

  it("work for a GLM (jeffreys-glm, no random effects): β ± z·SE with brglm2's standard errors", () => {
    const frame = sharedFrame("endometrial.csv", "HG ~ NV + PI + EH");
    const fit = jeffreysGlmEstimator.fit(frame, { compareWithMl: false });
    const ci = confidenceIntervals(frame, fit, { method: "wald" });
    expect(ci.intervals.map((i) => i.parameter)).toEqual(["(Intercept)", "NV", "PI", "EH"]);
    ci.intervals.forEach((i, k) => {
      expect(i.lower).toBeCloseTo(fit.beta[k]! - 1.959963984540054 * fit.betaStdErrors[k]!, 12);
      expect(i.upper).toBeCloseTo(fit.beta[k]! + 1.959963984540054 * fit.betaStdErrors[k]!, 12);
    });
    expect(ci.basis).toMatch(/Fisher information/);
    expect(() => confidenceIntervals(frame, fit, { method: "profile" })).toThrow(/--estimator ml/);
  });

  it("offer no interval on the boundary σ = 0 or without a standard error", () => {
    const map = coordinateMap(2, 1);
    const boundary = waldInterval({ parameter: "sd_(Intercept)|g", kind: "sd", map, estimate: Math.log(1e-6), standardError: 3 }, 1.96);
    expect(boundary.lowerStatus).toBe("unavailable");
    expect(boundary.note).toMatch(/boundary σ = 0/);
    // An SD the fit flags on the boundary gets none either, whatever digits its optimiser stopped at.
    const flagged = waldInterval({ parameter: "sd_(Intercept)|g", kind: "sd", map, estimate: Math.log(5e-4), standardError: 3 }, 1.96, true);
    expect(flagged.lowerStatus).toBe("unavailable");
    expect(flagged.note).toMatch(/boundary σ = 0/);
    const unflagged = waldInterval({ parameter: "sd_(Intercept)|g", kind: "sd", map, estimate: Math.log(5e-4), standardError: 3 }, 1.96);
    expect(unflagged.lowerStatus).toBe("found");
    const noSe = waldInterval({ parameter: "x", kind: "beta", map, estimate: 2, standardError: Number.NaN }, 1.96);
    expect(noSe.upperStatus).toBe("unavailable");
    expect(noSe.note).toMatch(/no standard error/);
  });
});
