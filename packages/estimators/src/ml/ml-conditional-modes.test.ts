/**
 * Conditional modes and conditional SDs against lme4's ranef(condVar = TRUE) with tight PIRLS, for a one-factor
 * fit (cbpp) and a crossed one (salamander), and the sparse engine's against the one-factor engine's.
 *
 * The numbers come from reference/lme4-ranef.json (reference/scripts/lme4-ranef.R), not from
 * ../shared/reference/lme4-inference.json: that file's cbpp "ranef" and "ranef_condsd" are 1.177 times lme4's
 * (herd 1: 0.6943 and 0.4098 where lme4 1.1-31 gives 0.5900 and 0.3483, and its own fitted probabilities
 * imply 0.5898), so they are not lme4's conditional modes.
 */
import { describe, expect, it } from "vitest";
import type { FitResult } from "@glmmkit/core";
import { GlmmLikelihood } from "@glmmkit/laplace";
import { mlEstimator } from "./ml-estimator.js";
import { sharedFrame } from "../test-support/reference.js";
import { repoReference } from "../test-support/repo-reference.js";

interface RanefReference {
  terms: string | string[];
  levels: string[];
  modes: number[][];
  condsd: number[][];
}
const reference = repoReference<Record<"cbpp" | "salamander", { ranef: Record<string, RanefReference> }>>("lme4-ranef.json");

function expectRanefMatches(fit: FitResult, expected: Record<string, RanefReference>): void {
  expect(fit.ranef.map((r) => r.group)).toEqual(Object.keys(expected));
  for (const table of fit.ranef) {
    const ref = expected[table.group]!;
    expect([...table.levels]).toEqual(ref.levels);
    table.levels.forEach((level, j) => {
      expect(Math.abs(table.values[j]! - ref.modes[j]![0]!), `mode ${table.group} ${level}`).toBeLessThan(1e-3);
      expect(Math.abs(table.conditionalSd![j]! - ref.condsd[j]![0]!), `sd ${table.group} ${level}`).toBeLessThan(1e-3);
    });
  }
}

describe("conditional modes and SDs", () => {
  const frame = sharedFrame("cbpp.csv", "cbind(incidence, size - incidence) ~ period + (1 | herd)", { factors: ["period"] });
  const fit = mlEstimator.fit(frame, {});

  it("match lme4's ranef and condVar on cbpp within 1e-3", () => {
    expectRanefMatches(fit, reference.cbpp.ranef);
  });

  it("match lme4's ranef and condVar for the crossed salamander terms within 1e-3", () => {
    const salamander = sharedFrame("salamander.csv", "Mate ~ TypeF * TypeM + (1 | Female) + (1 | Male)");
    expectRanefMatches(mlEstimator.fit(salamander, {}), reference.salamander.ranef);
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
