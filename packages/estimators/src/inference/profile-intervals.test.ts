/**
 * Profile-likelihood intervals against lme4: confint(method = "profile") from ../shared/reference (the
 * issue's tolerances: 2e-3·max(1, |v|), 1e-2 for an SD bound) and, tighter, the exact roots of the signed
 * root deviance computed in R (reference/lme4-inference-checks.json, 1e-5·max(1, |v|)) — for one scalar term
 * (cbpp), two terms with an SD whose lower bound is 0 (cbpp + observation-level), crossed factors
 * (salamander) and a correlated random slope (the row-scale profile of its second SD).
 */
import { describe, expect, it } from "vitest";
import type { ConfidenceIntervals, FitResult, ModelFrame } from "@glmmkit/core";
import { isGlmmInputError } from "@glmmkit/core";
import { mlEstimator } from "../ml/ml-estimator.js";
import { msplEstimator } from "../mspl/mspl-estimator.js";
import { sharedFrame } from "../test-support/reference.js";
import { cbppWithObservationLevel, sharedDataFrame } from "../test-support/glmmtmb-reference.js";
import { inferenceChecks, sharedCbppIntervals, slopeFrame, type Bounds } from "../test-support/inference-reference.js";
import { partialSeparationFrame } from "../test-support/partial-separation.js";
import { confidenceIntervals } from "./confidence-intervals.js";

const CBPP = "cbind(incidence, size - incidence) ~ period + (1 | herd)";

function expectBounds(ci: ConfidenceIntervals, expected: Bounds, tolerance: (name: string, v: number) => number): void {
  for (const interval of ci.intervals) {
    for (const side of ["lower", "upper"] as const) {
      const v = expected[side][interval.parameter];
      if (typeof v !== "number") throw new Error(`no reference ${side} bound for ${interval.parameter}`);
      expect(Math.abs(interval[side] - v), `${interval.parameter} ${side}: ${interval[side]} vs ${v}`).toBeLessThan(tolerance(interval.parameter, v));
    }
  }
}
const tight = (_: string, v: number) => 1e-5 * Math.max(1, Math.abs(v));

function profile(frame: ModelFrame, fit: FitResult, parameters?: string[], level?: number): ConfidenceIntervals {
  return confidenceIntervals(frame, fit, { method: "profile", ...(parameters ? { parameters } : {}), ...(level ? { level } : {}) });
}

describe("profile intervals, one scalar term (cbpp)", () => {
  const frame = sharedFrame("cbpp.csv", CBPP, { factors: ["period"] });
  const fit = mlEstimator.fit(frame, {});
  const ci = profile(frame, fit);

  it("match lme4's confint(method = 'profile') within the issue's tolerances", () => {
    expect(ci.intervals.map((i) => i.parameter)).toEqual(["sd_(Intercept)|herd", "(Intercept)", "period2", "period3", "period4"]);
    expectBounds(ci, sharedCbppIntervals().profile_ci, (name, v) => (name.startsWith("sd_") ? 1e-2 : 2e-3 * Math.max(1, Math.abs(v))));
  });

  it("match the exact roots of the signed root deviance to 1e-5", () => {
    expectBounds(ci, inferenceChecks.cbpp.profile_exact, tight);
    expect(ci.intervals.every((i) => i.lowerStatus === "found" && i.upperStatus === "found")).toBe(true);
    expect(ci.notes).toEqual([]);
  });

  it("trace ζ increasing through 0 at the estimate and through ∓1.96 at the bounds", () => {
    for (const [k, trace] of ci.profiles!.entries()) {
      const interval = ci.intervals[k]!;
      for (let j = 1; j < trace.values.length; j++) {
        expect(trace.values[j]).toBeGreaterThan(trace.values[j - 1]!);
        expect(trace.zeta[j]).toBeGreaterThan(trace.zeta[j - 1]!);
      }
      expect(trace.zeta[trace.values.indexOf(interval.estimate)]).toBe(0);
      expect(Math.abs(trace.zeta[trace.values.indexOf(interval.lower)]! + 1.959964)).toBeLessThan(1e-5);
      expect(Math.abs(trace.zeta[trace.values.indexOf(interval.upper)]! - 1.959964)).toBeLessThan(1e-5);
    }
  });

  it("at 90 % cut ζ at ∓1.6449 and lie inside the 95 % intervals", () => {
    const narrow = profile(frame, fit, ["period2"], 0.9);
    const wide = ci.intervals[2]!;
    const i = narrow.intervals[0]!;
    expect(i.lower).toBeGreaterThan(wide.lower);
    expect(i.upper).toBeLessThan(wide.upper);
    const trace = narrow.profiles![0]!;
    expect(Math.abs(trace.zeta[trace.values.indexOf(i.upper)]! - 1.644854)).toBeLessThan(1e-5);
  });
});

describe("profile intervals under adaptive Gauss–Hermite quadrature (cbpp, nAGQ = 25)", () => {
  it("profile the AGQ likelihood, matching the exact roots of lme4's nAGQ = 25 deviance", () => {
    const frame = sharedFrame("cbpp.csv", CBPP, { factors: ["period"] });
    const fit = mlEstimator.fit(frame, { nAGQ: 25 });
    const ci = confidenceIntervals(frame, fit, { method: "profile", fitOptions: { nAGQ: 25 } });
    expectBounds(ci, inferenceChecks.cbpp_agq25.profile_exact, tight);
    expect(ci.basis).toMatch(/adaptive Gauss-Hermite \(nAGQ = 25\)/);
    // Different from the Laplace bounds (0.3461 for the SD's lower bound).
    expect(ci.intervals[0]!.lower).toBeCloseTo(0.3488, 4);
  });
});

describe("profile intervals with several terms (sparse engine)", () => {
  it("cbpp + observation-level effect: the herd SD's lower bound is the boundary σ = 0, as in lme4", () => {
    const frame = cbppWithObservationLevel("cbind(incidence, size - incidence) ~ period + (1 | herd) + (1 | obs)");
    const fit = mlEstimator.fit(frame, {});
    const ci = profile(frame, fit);
    // lme4 orders terms by their number of levels: obs (56) before herd (15).
    expect(ci.intervals.map((i) => i.parameter).slice(0, 2)).toEqual(["sd_(Intercept)|obs", "sd_(Intercept)|herd"]);
    const herd = ci.intervals[1]!;
    expect(herd.lowerStatus).toBe("boundary");
    expect(herd.lower).toBe(0);
    expect(inferenceChecks.cbpp_obs.confint_profile.lower["sd_(Intercept)|herd"]).toBe(0);
    expectBounds(ci, inferenceChecks.cbpp_obs.profile_exact, tight);
  });

  it("salamander, crossed factors: both SDs", () => {
    const frame = sharedDataFrame("salamander.csv", "Mate ~ TypeF * TypeM + (1 | Female) + (1 | Male)");
    const fit = mlEstimator.fit(frame, {});
    const ci = profile(frame, fit, ["sd_(Intercept)|Female", "sd_(Intercept)|Male"]);
    expectBounds(ci, inferenceChecks.salamander.profile_exact, tight);
    expectBounds(ci, inferenceChecks.salamander.confint_profile, () => 1e-2);
  });

  it("a correlated random slope: the slope SD profiled along the row-scale map, the intercept SD as a coordinate", () => {
    const frame = slopeFrame();
    const fit = mlEstimator.fit(frame, {});
    const ci = profile(frame, fit, ["sd_(Intercept)|g", "sd_x|g"]);
    expectBounds(ci, inferenceChecks.slope_q2.profile_exact, tight);
    expectBounds(ci, inferenceChecks.slope_q2.confint_profile, () => 1e-2);
    expect(ci.notes).toContain("correlations (cor_x.(Intercept)|g) get no interval here (lme4 also profiles them)");
  });
});

describe("profile intervals: what they refuse and what they cannot reach", () => {
  it("a separated coefficient: the upper bound is not reached (reported as beyond the last value searched)", () => {
    const frame = partialSeparationFrame();
    const fit = mlEstimator.fit(frame, {});
    const ci = profile(frame, fit, ["x2", "x1"]);
    const [x1, x2] = ci.intervals;
    expect(x1!.parameter).toBe("x1");
    expect(x2!.lowerStatus).toBe("found");
    expect(x2!.upperStatus).toBe("not-reached");
    expect(x2!.upper).toBeGreaterThan(1000);
    expect(x1!.lowerStatus).toBe("found");
    expect(x1!.upperStatus).toBe("found");
    expect(ci.notes.join(" ")).toMatch(/profile of x2 stays within the cut .* possibly at infinity/);
  });

  it("refuses a penalised fit, an unknown parameter and a bad level, naming them", () => {
    const frame = sharedFrame("cbpp.csv", CBPP, { factors: ["period"] });
    const mspl = msplEstimator.fit(frame, { compareWithMl: false });
    const fail = (f: () => unknown, pattern: RegExp) => {
      try {
        f();
      } catch (error) {
        expect(isGlmmInputError(error)).toBe(true);
        expect((error as Error).message).toMatch(pattern);
        return;
      }
      throw new Error("expected an input error");
    };
    fail(() => profile(frame, mspl), /--estimator ml.*"mspl"/);
    const ml = mlEstimator.fit(frame, {});
    fail(() => profile(frame, ml, ["period9"]), /no parameter "period9".*"period2"/);
    fail(() => confidenceIntervals(frame, ml, { method: "wald", level: 1.5 }), /between 0 and 1, got 1.5/);
  });
});
