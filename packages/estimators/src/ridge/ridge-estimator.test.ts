import { describe, expect, it } from "vitest";
import { ridgeEstimator } from "./ridge-estimator.js";
import { mlEstimator } from "../ml/ml-estimator.js";
import { partialSeparationFrame } from "../test-support/partial-separation.js";
import { CULCITA_LEVELS, sharedFrame } from "../test-support/reference.js";

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
});
