/**
 * Small, fast versions of the `bench simulate-checks` runs (the full runs take minutes and are reported
 * from `pnpm bench simulate-checks`): the summaries are right, and the runners' counts are consistent.
 */
import type { FitResult } from "@glmmkit/core";
import { describe, expect, it } from "vitest";
import { runBoothHobertBoundary } from "./booth-hobert-boundary.js";
import { isBadFitByPublishedRule, runExtremeEffectsDivergence } from "./extreme-effects-divergence.js";
import { meanWithSe, share } from "./monte-carlo.js";
import { recoveryDesignRows, runMlRecovery, RECOVERY_TRUTH } from "./ml-recovery.js";

describe("Monte-Carlo summaries", () => {
  it("mean with its SE (sd/√R) and a share with √(p(1−p)/R)", () => {
    const m = meanWithSe([1, 2, 3, 4]);
    expect(m.mean).toBe(2.5);
    expect(m.se).toBeCloseTo(Math.sqrt(5 / 3 / 4), 15);
    expect(() => meanWithSe([1])).toThrow(/at least 2/);
    const s = share(25, 100);
    expect(s.share).toBe(0.25);
    expect(s.se).toBeCloseTo(Math.sqrt(0.25 * 0.75 / 100), 15);
  });

  it("the slides' bad-fit rule: gradient above 1e-3, or |β3| or its SE above 30, or not finite", () => {
    const fit = (gradient: number, estimate: number, se: number) =>
      ({ beta: Float64Array.of(0, estimate), betaStdErrors: Float64Array.of(0, se), diagnostics: { maxAbsGradient: gradient } }) as unknown as FitResult;
    expect(isBadFitByPublishedRule(fit(1e-7, 5, 2), 1)).toBe(false);
    expect(isBadFitByPublishedRule(fit(2e-3, 5, 2), 1)).toBe(true);
    expect(isBadFitByPublishedRule(fit(1e-7, -31, 2), 1)).toBe(true);
    expect(isBadFitByPublishedRule(fit(1e-7, 5, 30.5), 1)).toBe(true);
    expect(isBadFitByPublishedRule(fit(1e-7, 5, Number.NaN), 1)).toBe(true);
  });
});

describe("runners (a few replicates each)", () => {
  it("ML recovery: one row per β and σ against the design's truth; the design rows are fixed", () => {
    expect(recoveryDesignRows(3, 2).column("x")).toEqual(recoveryDesignRows(3, 2).column("x"));
    const result = runMlRecovery({ clusters: 40, perCluster: 10, replicates: 3, seed: 1 });
    expect(result.rows.map((r) => [r.parameter, r.truth])).toEqual([
      ["(Intercept)", RECOVERY_TRUTH.beta["(Intercept)"]],
      ["x", RECOVERY_TRUTH.beta.x],
      ["treat", RECOVERY_TRUTH.beta.treat],
      ["sd(g)", RECOVERY_TRUTH.sd.g],
    ]);
    expect(result.converged).toBe(3);
    for (const r of result.rows) expect(Number.isFinite(r.z)).toBe(true);
  });

  it("Booth–Hobert boundary share: every fit is counted once, on or off the boundary", () => {
    const result = runBoothHobertBoundary({ replicates: 12, seed: 1 });
    expect(result.onBoundary.of).toBe(12);
    expect(result.onBoundary.count + (result.sigma2OffBoundary?.count ?? 0)).toBe(12);
  });

  it("extreme effects: an LP-certified infinite β3 is always counted as diverging", async () => {
    const [row] = await runExtremeEffectsDivergence({ n: 50, lambdas: [10], replicates: 4, seed: 1 });
    expect(row!.replicates).toBe(4);
    expect(row!.divergingBeta3).toBeGreaterThanOrEqual(row!.certifiedBeta3);
    expect(row!.divergingAny).toBeGreaterThanOrEqual(row!.divergingBeta3);
  });
});
