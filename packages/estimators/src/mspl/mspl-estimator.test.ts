import { describe, expect, it } from "vitest";
import { msplEstimator } from "./mspl-estimator.js";
import { mlEstimator } from "../ml/ml-estimator.js";
import {
  culcitaWithoutAtypicalRow,
  exactOptimum,
  exactTheta,
  publishedCulcita,
  referenceFrames,
  sharedFrame,
} from "../test-support/reference.js";
import type { FitResult } from "@glmmkit/core";

/**
 * The exact MSPL optimum, computed independently in R (reference/scripts/exact-optima.R: lme4's deviance at
 * tolPwrss = 1e-12 with the Jeffreys and negative-Huber terms written out, c = 2√(p/n), bobyqa then BFGS
 * then numerical Newton; reference/exact-optima.json): every parameter within 1e-4, the log-likelihood
 * and the penalised log-likelihood (the maximised objective) within 1e-6 on both sides.
 */
function expectExactMsplOptimum(fit: FitResult, key: string): void {
  const exact = exactOptimum("mspl", key);
  expect(exact.newtonStep).toBeLessThan(1e-5);
  expect(fit.converged).toBe(true);
  expect([...fit.betaNames]).toEqual(Object.keys(exact.estimate).slice(0, fit.beta.length));
  const theta = exactTheta(exact);
  [...fit.beta, ...fit.psi].forEach((v, k) => expect(Math.abs(v - theta[k]!), `θ[${k}] = ${v} vs ${theta[k]}`).toBeLessThan(1e-4));
  expect(Math.abs(fit.logLik - exact.logLik), "logLik").toBeLessThan(1e-6);
  expect(Math.abs(fit.objective - exact.penalisedLogLik!), "penalised logLik").toBeLessThan(1e-6);
  expect(fit.diagnostics.extra!["c1 (Jeffreys multiplier)"]).toBeCloseTo(exact.c!, 12);
}

describe("mspl on the Culcita data without the atypical row (nAGQ = 100)", () => {
  const fit = msplEstimator.fit(culcitaWithoutAtypicalRow(), { nAGQ: 100, compareWithMl: false, gradientTolerance: 1e-10 });

  it("gives finite estimates at a true optimum", () => {
    expect(fit.converged).toBe(true);
    expect(fit.diagnostics.maxAbsGradient).toBeLessThan(1e-6);
    for (const v of [...fit.beta, ...fit.psi]) expect(Number.isFinite(v)).toBe(true);
    // Much closer to zero than the barely identified ML estimates (β0 ≈ 15.9, σ ≈ 10.1).
    expect(fit.beta[0]!).toBeLessThan(10);
    expect(fit.covariances[0]!.sd[0]!).toBeLessThan(7);
  });

  it("is the exact MSPL optimum (nAGQ = 100) to 1e-4", () => expectExactMsplOptimum(fit, "culcita_drop_agq100"));

  it("lies within 0.6 of every value printed in the paper", () => {
    // The slides' optimiser may have stopped early; ours reaches max |∇| < 1e-6.
    const printed = publishedCulcita()["MSPL"]!;
    const ours = [...fit.beta, fit.psi[0]!];
    const keys = ["beta0", "beta2", "beta3", "beta4", "log_sigma"];
    keys.forEach((key, k) => expect(Math.abs(ours[k]! - printed[key]![0]), key).toBeLessThan(0.6));
  });

  it("is equivariant under a change of reference level: γ̃ = C β̃ to 1e-6", () => {
    const both = msplEstimator.fit(culcitaWithoutAtypicalRow({ referenceLevels: { ttt: "both" } }), {
      nAGQ: 100,
      compareWithMl: false,
      gradientTolerance: 1e-10,
    });
    expect([...both.betaNames]).toEqual(["(Intercept)", "tttcrabs", "tttnone", "tttshrimp"]);
    const [b0, bCrabs, bShrimp, bBoth] = fit.beta;
    // Reference "both": intercept = β0 + β_both; crabs − both; none − both = −β_both; shrimp − both.
    const expected = [b0! + bBoth!, bCrabs! - bBoth!, -bBoth!, bShrimp! - bBoth!];
    expected.forEach((v, k) => expect(Math.abs(both.beta[k]! - v)).toBeLessThan(1e-6));
    expect(Math.abs(both.psi[0]! - fit.psi[0]!)).toBeLessThan(1e-6);
    // The paper's reparameterised table agrees within the same 0.6.
    const printed = publishedCulcita()["MSPL_reparameterised_both_as_reference"]!;
    const paperOrder = [both.beta[0]!, both.beta[2]!, both.beta[1]!, both.beta[3]!]; // γ0, γ1 = none, γ2 = crabs, γ3 = shrimp
    ["gamma0", "gamma1", "gamma2", "gamma3"].forEach((key, k) => expect(Math.abs(paperOrder[k]! - printed[key]![0]), key).toBeLessThan(0.6));
  });

  it("ml is equivariant too", () => {
    const a = mlEstimator.fit(culcitaWithoutAtypicalRow(), { nAGQ: 100, gradientTolerance: 1e-10 });
    const b = mlEstimator.fit(culcitaWithoutAtypicalRow({ referenceLevels: { ttt: "both" } }), { nAGQ: 100, gradientTolerance: 1e-10 });
    const [b0, bCrabs, bShrimp, bBoth] = a.beta;
    const expected = [b0! + bBoth!, bCrabs! - bBoth!, -bBoth!, bShrimp! - bBoth!];
    expected.forEach((v, k) => expect(Math.abs(b.beta[k]! - v)).toBeLessThan(1e-5));
  });

  it("reports its standard errors from the unpenalised Hessian and labels the penalised ones", () => {
    const extra = fit.diagnostics.extra!;
    expect(extra["std. errors in the tables"]).toBe("from the unpenalised Hessian");
    expect(String(extra["std. errors from the penalised Hessian"])).toMatch(/\(Intercept\) \d/);
    expect(extra["c1 (Jeffreys multiplier)"]).toBeCloseTo(2 * Math.sqrt(4 / 79), 12);
    expect(Number.isFinite(extra["penalty at the optimum"] as number)).toBe(true);
  });
});

describe("mspl at the exact optimum with the Laplace approximation", () => {
  it("Culcita without the atypical row", () => {
    expectExactMsplOptimum(msplEstimator.fit(culcitaWithoutAtypicalRow(), { compareWithMl: false }), "culcita_drop_laplace");
  });
  it("toenail with a random intercept", () => {
    expectExactMsplOptimum(msplEstimator.fit(referenceFrames.toenail(), { compareWithMl: false }), "toenail_laplace");
  });
});

describe("mspl on toenail with a correlated random slope (Laplace)", () => {
  const fit = msplEstimator.fit(referenceFrames.toenailSlope(), { compareWithMl: false });

  it("is the exact MSPL optimum to 1e-4", () => expectExactMsplOptimum(fit, "toenail_slope_laplace"));

  it("gives finite estimates with the correlation strictly inside (−1, 1)", () => {
    expect(fit.converged).toBe(true);
    for (const v of [...fit.beta, ...fit.psi]) expect(Number.isFinite(v)).toBe(true);
    const rho = fit.covariances[0]!.correlation[1]!;
    expect(rho).toBeGreaterThan(-0.99);
    expect(rho).toBeLessThan(0.99);
  });
});

describe("mspl options", () => {
  it("rejects options it does not use", () => {
    expect(() => msplEstimator.fit(culcitaWithoutAtypicalRow(), { lambda: 1 } as never)).toThrow(/option "lambda" is not used by estimator "mspl"/);
  });
  it("reports the shift from ML by default", () => {
    const fit = msplEstimator.fit(sharedFrame("culcita.csv", "predation ~ ttt + (1 | block)"), {});
    expect(String(fit.diagnostics.extra!["shift from ML"])).toMatch(/^\(Intercept\) -\d/);
  });
});

import { endometrialGroupedCsv, frameFromCsv } from "../separation-check/test-support/fixtures.js";

describe("mspl under separation (endometrial with a random intercept for the PI quartile)", () => {
  it("converges in a few Newton steps to finite estimates although ML's NV is +∞", () => {
    const frame = frameFromCsv(endometrialGroupedCsv(), "HG ~ NV + PI + EH + (1 | PIq)");
    const fit = msplEstimator.fit(frame, { compareWithMl: false });
    expect(fit.converged).toBe(true);
    expect(fit.iterations).toBeLessThan(25);
    for (const v of [...fit.beta, ...fit.psi]) expect(Number.isFinite(v)).toBe(true);
    expect(fit.beta[1]!).toBeGreaterThan(0);
    expect(fit.beta[1]!).toBeLessThan(10);
  });
});
