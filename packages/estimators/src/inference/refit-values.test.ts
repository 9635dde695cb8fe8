/**
 * Reading a refit's interval targets: by name, so that a subset of the targets (confint's parm) reads its own
 * SD, and an SD the fit reports on the boundary reads as exactly 0 (as lme4's bootMer reports it).
 */
import { describe, expect, it } from "vitest";
import type { FitResult } from "@glmmkit/core";
import { parameterLayout } from "@glmmkit/core";
import { mlEstimator } from "../ml/ml-estimator.js";
import { sharedFrame } from "../test-support/reference.js";
import { inferenceTargets } from "./inference-targets.js";
import { refitValues } from "./refit-values.js";

describe("refitValues", () => {
  const frame = sharedFrame("cbpp.csv", "cbind(incidence, size - incidence) ~ period + (1 | herd) + (1 | size)", { factors: ["period"] });
  const fit = mlEstimator.fit(frame, {});
  const targets = inferenceTargets(frame, parameterLayout(frame), fit);

  it("reads each SD by its name, also from a subset of the targets", () => {
    // lme4's order: the factor with more levels first (size has 23 distinct values, herd 15).
    expect(targets.map((t) => t.parameter).slice(0, 2)).toEqual(["sd_(Intercept)|size", "sd_(Intercept)|herd"]);
    const all = refitValues(fit, targets, frame);
    const second = refitValues(fit, [targets[1]!, targets[3]!], frame);
    expect([...second]).toEqual([all[1], all[3]]);
    expect(second[1]).toBe(fit.beta[1]);
  });

  it("reads an SD flagged on the boundary as 0", () => {
    const herdSd = fit.covariances.find((c) => c.group === "herd")!.sd[0]!;
    const flagged: FitResult = {
      ...fit,
      diagnostics: { ...fit.diagnostics, boundary: [...fit.diagnostics.boundary, { parameter: "sd(size: (Intercept))", kind: "sd-zero", message: "" }] },
    };
    const values = refitValues(flagged, targets, frame);
    expect([values[0], values[1]]).toEqual([0, herdSd]);
    expect(herdSd).toBeGreaterThan(0.1);
  });
});
