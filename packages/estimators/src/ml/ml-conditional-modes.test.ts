/**
 * Conditional SDs (and modes) against lme4's ranef(condVar = TRUE) with tight PIRLS (reference/conditional-modes.json,
 * made by reference/scripts/conditional-modes.R) for a one-factor fit (cbpp) and both factors of a crossed one
 * (salamander), and the sparse engine's conditional covariances against the one-factor engine's.
 */
import { describe, expect, it } from "vitest";
import type { RandomEffectsTable } from "@glmmkit/core";
import { GlmmLikelihood } from "@glmmkit/laplace";
import { mlEstimator } from "./ml-estimator.js";
import { sharedFrame } from "../test-support/reference.js";
import { lme4ConditionalModes, type Lme4ConditionalModes } from "../test-support/lme4-inference.js";

function expectTableMatches(table: RandomEffectsTable, expected: Lme4ConditionalModes): void {
  expect([...table.levels]).toEqual(expected.levels);
  table.levels.forEach((level, j) => {
    expect(Math.abs(table.values[j]! - expected.modes[j]!), `mode ${table.group} ${level}`).toBeLessThan(1e-3);
    expect(Math.abs(table.conditionalSd![j]! - expected.conditionalSds[j]!), `sd ${table.group} ${level}`).toBeLessThan(1e-3);
  });
}

describe("conditional modes and SDs", () => {
  const frame = sharedFrame("cbpp.csv", "cbind(incidence, size - incidence) ~ period + (1 | herd)", { factors: ["period"] });
  const fit = mlEstimator.fit(frame, {});

  it("match lme4's ranef and condVar on cbpp within 1e-3", () => {
    expectTableMatches(fit.ranef[0]!, lme4ConditionalModes("cbpp_laplace"));
  });

  it("match lme4's ranef and condVar for both crossed salamander factors within 1e-3", () => {
    const salamander = mlEstimator.fit(sharedFrame("salamander.csv", "Mate ~ TypeF * TypeM + (1 | Female) + (1 | Male)"), {});
    expect(salamander.ranef.map((r) => r.group)).toEqual(["Female", "Male"]);
    expectTableMatches(salamander.ranef[0]!, lme4ConditionalModes("salamander_laplace_Female"));
    expectTableMatches(salamander.ranef[1]!, lme4ConditionalModes("salamander_laplace_Male"));
  });

  it("the sparse engine gives the same modes and conditional covariances as the one-factor engine (q = 2)", () => {
    const slope = sharedFrame("toenail.csv", "outcome ~ treatment * time + (1 + time | patientID)", { success: "moderate or severe" });
    const theta = Float64Array.from([-1.6, -0.1, -0.4, -0.15, Math.log(3.5), -0.8, Math.log(0.5)]);
    const cluster = new GlmmLikelihood(slope);
    const sparse = new GlmmLikelihood(slope, { engine: "sparse" });
    cluster.logLik(theta);
    sparse.logLik(theta);
    const a = cluster.conditionalCovariancesByTerm()[0]!;
    const b = sparse.conditionalCovariancesByTerm()[0]!;
    expect(a.length).toBe(294 * 4);
    let worst = 0;
    for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs(a[k]! - b[k]!) / Math.max(1, Math.abs(a[k]!)));
    expect(worst).toBeLessThan(1e-9);
  });
});
