import { describe, expect, it } from "vitest";
import { FitLimits, formatFitJson } from "@glmmkit/core";
import { scoresaEstimator } from "./scoresa-estimator.js";
import { mlEstimator } from "../ml/ml-estimator.js";
import { simulatedFrame } from "../test-support/simulated-frame.js";

describe("scoresa", () => {
  // One scalar term: the exact MLE is available by adaptive Gauss–Hermite quadrature (nAGQ = 25).
  const frame = simulatedFrame("y ~ x + (1 | g)", { n: 400, gLevels: 25, seed: "scoresa", sdG: 1 });
  const ml = mlEstimator.fit(frame, { nAGQ: 25 });

  // 4 000 iterations: over 30 seeds the largest distance to the MLE was 0.11 ML SEs (Monte-Carlo SD about
  // 0.05 for the intercept, less for the others), so 0.2 is a 4-SD bound; at 1 000 iterations the SD is twice
  // that and 2 seeds in 30 crossed 0.2.
  it("converges to the maximum-likelihood estimate (within 0.2 ML standard errors; monitor below 0.05)", () => {
    const fit = scoresaEstimator.fit(frame, { iterations: 4000, t0: 25 }, { seed: "7" });
    expect(fit.converged).toBe(true);
    for (let k = 0; k < 2; k++) expect(Math.abs(fit.beta[k]! - ml.beta[k]!) / ml.betaStdErrors[k]!).toBeLessThan(0.2);
    expect(Math.abs(fit.psi[0]! - ml.psi[0]!) / ml.psiStdErrors[0]!).toBeLessThan(0.2);
    expect(fit.stochasticApproximation!.method).toBe("ScoreSA (t0 = 25)");
    expect(fit.stochasticApproximation!.gain).toBe("min(1/t, 1/25)");
    expect([...fit.betaStdErrors].every(Number.isNaN)).toBe(true);
  });

  it("is reproducible: the same seed gives byte-identical JSON, another seed another path", () => {
    const a = formatFitJson(scoresaEstimator.fit(frame, { iterations: 60, trace: true }, { seed: "3" }));
    const b = formatFitJson(scoresaEstimator.fit(frame, { iterations: 60, trace: true }, { seed: "3" }));
    const c = formatFitJson(scoresaEstimator.fit(frame, { iterations: 60, trace: true }, { seed: "4" }));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    const trace = JSON.parse(a).stochasticApproximation.trace;
    expect(trace.theta.length).toBe(60);
    expect(trace.names).toEqual(["(Intercept)", "x", "log_sd(g)"]);
  });

  it("a run that leaves the parameter space stops there and says why (no crash, no estimate)", () => {
    // log σ = 800: σ overflows to ∞ at the first iteration.
    const fit = scoresaEstimator.fit(frame, { iterations: 50, start: Float64Array.of(0, 0, 800) }, { seed: "1" });
    expect(fit.converged).toBe(false);
    expect(fit.iterations).toBe(1);
    expect(Number.isNaN(fit.beta[0]!)).toBe(true);
    expect(fit.diagnostics.warnings.join(" ")).toMatch(/left the parameter space at iteration 1 .*iteration 1: the covariance of term 1 is not finite/);
  });

  it("an iteration budget of the whole fit (FitLimits) ends the run there, not converged, saying so", () => {
    const limits = new FitLimits({ maxIterations: 12 });
    const fit = scoresaEstimator.fit(frame, { iterations: 500 }, limits.context({ seed: "1" }));
    expect(fit.iterations).toBe(12);
    expect(fit.converged).toBe(false);
    expect(fit.diagnostics.warnings[0]).toMatch(/stopped after 12 of 500 iterations: the iteration limit of the whole fit \(12\) was reached/);
  });

  it("rejects a model without random effects and unknown options", () => {
    const glm = simulatedFrame("y ~ x", { n: 50, gLevels: 3, seed: "glm" });
    expect(() => scoresaEstimator.fit(glm, {})).toThrow(/no random-effects term/);
    expect(() => scoresaEstimator.fit(frame, { scale: "log" } as never)).toThrow(/"scale" is not used by estimator "scoresa"/);
  });
});
