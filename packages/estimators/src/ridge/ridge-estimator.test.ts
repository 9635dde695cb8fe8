import { describe, expect, it } from "vitest";
import { ridgeEstimator } from "./ridge-estimator.js";
import { mlEstimator } from "../ml/ml-estimator.js";
import { partialSeparationFrame } from "../test-support/partial-separation.js";
import { CULCITA_LEVELS, sharedFrame } from "../test-support/reference.js";
import { withinClusterSeparationFrame } from "../test-support/within-cluster-separation.js";
import { parameterLayout } from "@glmmkit/core";
import { GlmmLikelihood } from "@glmmkit/laplace";
import { ridgePenalty } from "@glmmkit/penalties";
import { maximisePenalisedLikelihood } from "../ml/glmm-fit.js";
import { startingValues } from "../ml/starting-values.js";

describe("ridge", () => {
  const culcita = sharedFrame("culcita.csv", "predation ~ ttt + (1 | block)", { levelOrders: CULCITA_LEVELS });

  it("with a fixed λ shrinks the non-intercept effects towards 0 and leaves a stationary point", () => {
    const ml = mlEstimator.fit(culcita, {});
    const fit = ridgeEstimator.fit(culcita, { lambda: 0.5, compareWithMl: false });
    expect(fit.converged).toBe(true);
    for (let k = 1; k < 4; k++) expect(Math.abs(fit.beta[k]!)).toBeLessThan(Math.abs(ml.beta[k]!));
    // Stationarity of ℓ − (λ/2)‖β₋₀‖² checked through the reported gradient of the objective.
    expect(fit.diagnostics.maxAbsGradient).toBeLessThan(1e-6);
    expect(fit.diagnostics.extra!["lambda (fixed)"]).toBe(0.5);
  });

  it("λ = 0 is ML", () => {
    const ml = mlEstimator.fit(culcita, {});
    const fit = ridgeEstimator.fit(culcita, { lambda: 0, compareWithMl: false });
    fit.beta.forEach((v, k) => expect(v).toBeCloseTo(ml.beta[k]!, 5));
  });

  it("chooses λ by BIC and keeps a separated coefficient finite", () => {
    const fit = ridgeEstimator.fit(partialSeparationFrame(), { compareWithMl: false });
    const path = fit.diagnostics.extra!["bicPath"] as { lambda: number; bic: number; effectiveDf: number }[];
    const chosen = fit.diagnostics.extra!["lambda (BIC)"] as number;
    const best = path.reduce((a, b) => (b.bic < a.bic ? b : a));
    expect(best.lambda).toBe(chosen);
    // Effective degrees of freedom fall from dim towards the unpenalised count as λ grows.
    expect(path[0]!.effectiveDf).toBeGreaterThan(path[path.length - 1]!.effectiveDf);
    expect(path[path.length - 1]!.effectiveDf).toBeGreaterThan(1.9);
    expect(Number.isFinite(fit.beta[2]!)).toBe(true);
    expect(fit.beta[2]!).toBeLessThan(10);
  });

  it("the BIC path does not depend on a warm start stuck at σ = 0 (issue #11, within-cluster separation)", () => {
    // Before: a large λ drove σ to 0 and every smaller λ, warm-started there, stayed on the flat σ ≈ 0
    // plateau with a singular information: BIC = Infinity for λ ≤ 0.01 and σ reported near 0.
    const frame = withinClusterSeparationFrame();
    const ml = mlEstimator.fit(frame, {});
    const fit = ridgeEstimator.fit(frame, { compareWithMl: false });
    const path = fit.diagnostics.extra!["bicPath"] as { lambda: number; bic: number; sd: number }[];
    for (const point of path) expect(Number.isFinite(point.bic)).toBe(true);
    // At the smallest λ the ridge fit is close to ML: σ is not stuck at 0.
    const smallest = path[0]!;
    expect(smallest.lambda).toBeCloseTo(1e-3, 12);
    expect(Math.abs(smallest.sd - ml.covariances[0]!.sd[0]!)).toBeLessThan(0.05);
    // Each point is the fit a cold start (every SD 1) reaches at its λ: the same SD, interior or at 0.
    const layout = parameterLayout(frame);
    const likelihood = new GlmmLikelihood(frame);
    for (const point of path.filter((_, k) => k % 4 === 0)) {
      const penalty = ridgePenalty({ p: 2, dim: 3, lambda: point.lambda, intercept: 0, psiLambda: 0 });
      likelihood.resetModes();
      const cold = Math.exp(maximisePenalisedLikelihood(likelihood, penalty, startingValues(frame, layout), {}).x[2]!);
      if (cold < 1e-3) expect(point.sd).toBeLessThan(1e-3);
      else expect(Math.abs(point.sd - cold)).toBeLessThan(1e-4);
    }
  });
});
