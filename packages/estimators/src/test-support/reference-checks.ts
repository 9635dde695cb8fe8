/** Assertions shared by the reference tests: a fit at the same optimum as a reference fit. */
import { expect } from "vitest";
import type { FitResult } from "@glmmkit/core";

export interface ReferenceOptimum {
  logLik: number;
  fixef: Record<string, number>;
  /** Standard deviations of the random effects, in the order of the fit's terms and names. */
  sds: number[];
}

export interface OptimumTolerances {
  /** |logLik − reference| bound, both sides (default 1e-6). */
  logLik?: number;
  /** Bound on |estimate − reference| / max(1, |reference|) (default 1e-3). */
  estimate?: number;
}

/** Converged to max |∇| < 1e-6, logLik equal to the reference's on both sides, same estimates. */
export function expectAtReferenceOptimum(fit: FitResult, ref: ReferenceOptimum, tolerances: OptimumTolerances = {}): void {
  const logLikTolerance = tolerances.logLik ?? 1e-6;
  const estimateTolerance = tolerances.estimate ?? 1e-3;
  expect(fit.converged).toBe(true);
  expect(fit.diagnostics.maxAbsGradient).toBeLessThan(1e-6);
  expect(Math.abs(fit.logLik - ref.logLik), `logLik ${fit.logLik} vs ${ref.logLik}`).toBeLessThanOrEqual(logLikTolerance);
  expect([...fit.betaNames]).toEqual(Object.keys(ref.fixef));
  fit.betaNames.forEach((name, k) => {
    const value = ref.fixef[name]!;
    expect(Math.abs(fit.beta[k]! - value), name).toBeLessThanOrEqual(estimateTolerance * Math.max(1, Math.abs(value)));
  });
  const ours = fit.covariances.flatMap((c) => Array.from(c.sd));
  expect(ours.length).toBe(ref.sds.length);
  ref.sds.forEach((sd, k) => expect(Math.abs(ours[k]! - sd), `sd ${k}`).toBeLessThanOrEqual(estimateTolerance * Math.max(1, sd)));
}
