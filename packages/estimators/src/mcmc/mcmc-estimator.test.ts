import { describe, expect, it } from "vitest";
import { FitLimits, formatFitSummary } from "@glmmkit/core";
import { mcmcEstimator } from "./mcmc-estimator.js";
import { simulatedFrame } from "../test-support/simulated-frame.js";

describe("mcmc", () => {
  const frame = simulatedFrame("y ~ x + (1 + x | g)", { n: 160, gLevels: 8, seed: "mcmc-estimator" });

  it("reports posterior summaries of β, ψ, SDs and correlations, with the covariances from the posterior means", () => {
    const fit = mcmcEstimator.fit(frame, { chains: 2, warmup: 150, draws: 100 }, { seed: "2" });
    const names = fit.sampling!.parameters.map((p) => p.name);
    expect(names).toEqual([
      "(Intercept)",
      "x",
      "log_chol(g: (Intercept))",
      "chol(g: x, (Intercept))",
      "log_chol(g: x)",
      "sd(g: (Intercept))",
      "sd(g: x)",
      "cor(g: x, (Intercept))",
    ]);
    const ps = fit.sampling!.parameters;
    expect(fit.beta[0]).toBe(ps[0]!.mean);
    expect(fit.betaStdErrors[1]).toBeCloseTo(ps[1]!.sd, 12);
    expect(fit.covariances[0]!.sd[1]).toBeCloseTo(ps[6]!.mean, 12);
    expect(fit.covariances[0]!.correlation[1]).toBeCloseTo(ps[7]!.mean, 12);
    for (const p of ps) expect(p.lower <= p.median && p.median <= p.upper).toBe(true);
    expect(fit.ranef[0]!.values.length).toBe(16);
    expect(formatFitSummary(fit)).toMatch(/correlations ~ lkj\(1\)/);
  });

  it("a time limit of the whole fit stops the chains and says so", () => {
    let clock = 0;
    // Each poll advances a fake clock by one millisecond: the limit is reached after 400 polls.
    const limits = new FitLimits({ timeLimitSeconds: 0.4, now: () => clock++ });
    const fit = mcmcEstimator.fit(frame, { chains: 2, warmup: 100, draws: 1000 }, limits.context({ seed: "2" }));
    expect(fit.converged).toBe(false);
    expect(fit.sampling!.draws).toBeLessThan(1000);
    expect(fit.sampling!.chains).toBe(1);
    expect(fit.diagnostics.warnings.join(" ")).toMatch(
      /stopped after \d+ of 1000 draws per chain \(1 of 2 chains had too few draws and are left out\): the time limit of 0.4 s was reached/,
    );
  });
});
