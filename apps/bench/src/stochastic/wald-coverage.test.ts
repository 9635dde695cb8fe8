import type { FitResult } from "@glmmkit/core";
import { describe, expect, it } from "vitest";
import { coverageShares, waldOutcome } from "./wald-coverage.js";

/** The fields of a fit the coverage reads. */
function fit(beta: number, betaSe: number, logSigma: number, logSigmaSe: number): FitResult {
  return {
    beta: Float64Array.of(beta),
    betaNames: ["x"],
    betaStdErrors: Float64Array.of(betaSe),
    psi: Float64Array.of(logSigma),
    psiStdErrors: Float64Array.of(logSigmaSe),
  } as unknown as FitResult;
}

const truth = { beta: [5], sigma2: [0.5] };

describe("Wald coverage", () => {
  it("covers when |estimate − truth| ≤ 1.96 SE, on the β, σ² (delta method) and log σ scales", () => {
    const logSigma = 0.5 * Math.log(0.8); // σ̂² = 0.8
    // β: |5.9 − 5| = 0.9 ≤ 1.96·0.5; σ²: SE = 2·0.8·0.1 = 0.16, |0.8 − 0.5| = 0.3 ≤ 0.3136; log σ: |Δ| = 0.235 > 0.196.
    const o = waldOutcome(fit(5.9, 0.5, logSigma, 0.1), truth);
    expect(o.names).toEqual(["x", "sigma2(1)", "log sigma(1)"]);
    expect(o.covered).toEqual([true, true, false]);
    expect(o.defined).toEqual([true, true, true]);
    // Just outside on β: 1.0 > 1.96·0.5.
    expect(waldOutcome(fit(6.0, 0.5, logSigma, 0.1), truth).covered[0]).toBe(false);
  });

  it("an interval without an SE (σ̂² on the boundary, a failed fit) is undefined and does not cover", () => {
    const o = waldOutcome(fit(Number.NaN, Number.NaN, -20, Number.NaN), truth);
    expect(o.defined).toEqual([false, false, false]);
    expect(o.covered).toEqual([false, false, false]);
  });

  it("shares count every replicate, with the binomial Monte-Carlo SE", () => {
    const outcomes = [fit(5, 1, -0.35, 0.1), fit(5, 1, -0.35, 0.1), fit(9, 1, -0.35, 0.1), fit(Number.NaN, Number.NaN, -0.35, 0.1)].map((f) => waldOutcome(f, truth));
    const [beta] = coverageShares(outcomes, truth);
    expect(beta!.coverage).toBe(0.5);
    expect(beta!.defined).toBe(3);
    expect(beta!.replicates).toBe(4);
    expect(beta!.monteCarloSe).toBeCloseTo(Math.sqrt(0.25 / 4), 12);
  });
});
