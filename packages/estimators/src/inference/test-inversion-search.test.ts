import { describe, expect, it } from "vitest";
import { createRng } from "@glmmkit/math";
import { monteCarloPValue, searchRejectionBoundary, tailCounts } from "./test-inversion-search.js";

/**
 * A problem with a known answer: the SD σ of a normal sample of n = 3, s² its sample variance, so that
 * s² = σ² c/2 with c ~ χ²₂. With common random numbers c_1 … c_B drawn once, the simulated statistic at σ₀ is
 * σ₀² c_k / 2 and the Monte-Carlo test rejects σ₀ on the upper side iff (1 + #{c_k ≤ 2s²/σ₀²})/(B + 1) ≤ α/2,
 * i.e. iff #{c_k ≤ 2s²/σ₀²} ≤ M = ⌊(α/2)(B + 1)⌋ − 1: the exact bound is s·√(2/c_(M+1)), and on the lower side
 * s·√(2/c_(B−M)) (order statistics, ascending). As B grows they tend to the textbook interval
 * s·√(2/χ²₂(α/2)) … s·√(2/χ²₂(1 − α/2)), with χ²₂ quantiles −2 log(1 − p).
 */
function chiSquare2(B: number, seed: string): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: B }, () => rng.normal() ** 2 + rng.normal() ** 2);
}

function bounds(c: Float64Array, s: number, alpha: number) {
  const upperRejects = (logSigma: number) => {
    const sims = c.map((v) => (Math.exp(2 * logSigma) * v) / 2);
    const t = tailCounts(sims, s * s);
    return monteCarloPValue(t.atMost, t.total) <= alpha / 2;
  };
  const lowerRejects = (logSigma: number) => {
    const sims = c.map((v) => (Math.exp(2 * logSigma) * v) / 2);
    const t = tailCounts(sims, s * s);
    return monteCarloPValue(t.atLeast, t.total) <= alpha / 2;
  };
  return {
    upper: searchRejectionBoundary(upperRejects, Math.log(s), 1),
    lower: searchRejectionBoundary(lowerRejects, Math.log(s), -1),
  };
}

describe("test-inversion search", () => {
  it("finds the exact Monte-Carlo bounds of the normal-variance test (to the 1 % tolerance, on the conservative side)", () => {
    const B = 199;
    const alpha = 0.05;
    const c = chiSquare2(B, "normal variance");
    const sorted = c.slice().sort();
    const M = Math.floor((alpha / 2) * (B + 1)) - 1;
    const s = 1.7;
    const exactUpper = s * Math.sqrt(2 / sorted[M]!);
    const exactLower = s * Math.sqrt(2 / sorted[B - M - 1]!);
    const { upper, lower } = bounds(c, s, alpha);
    expect(upper.status).toBe("found");
    expect(lower.status).toBe("found");
    expect(Math.exp(upper.logValue)).toBeGreaterThanOrEqual(exactUpper);
    expect(Math.exp(upper.logValue)).toBeLessThanOrEqual(exactUpper * Math.exp(0.01));
    expect(Math.exp(lower.logValue)).toBeLessThanOrEqual(exactLower);
    expect(Math.exp(lower.logValue)).toBeGreaterThanOrEqual(exactLower * Math.exp(-0.01));
  });

  it("tends to the closed-form χ² interval as B grows", () => {
    const c = chiSquare2(9999, "large B");
    const s = 0.8;
    const { upper, lower } = bounds(c, s, 0.05);
    const q = (p: number) => -2 * Math.log(1 - p);
    // The χ²₂ quantiles at 0.025 / 0.975 from 9999 draws: relative SEs ≈ 6 % / 1 % on c, half that on σ.
    expect(Math.exp(upper.logValue) / (s * Math.sqrt(2 / q(0.025)))).toBeGreaterThan(0.91);
    expect(Math.exp(upper.logValue) / (s * Math.sqrt(2 / q(0.025)))).toBeLessThan(1.1);
    expect(Math.exp(lower.logValue) / (s * Math.sqrt(2 / q(0.975)))).toBeGreaterThan(0.97);
    expect(Math.exp(lower.logValue) / (s * Math.sqrt(2 / q(0.975)))).toBeLessThan(1.03);
  });

  it("counts ties on both sides, so that an estimate on the boundary 0 is never evidence against σ₀ from below and the upper bound is conservative", () => {
    expect(tailCounts([0, 0, 1, 2, Number.NaN], 0)).toEqual({ total: 4, atMost: 2, atLeast: 4 });
    // Boundary statistic: max(0, σ₀² c/2 − 1), observed 0. Upper test: (1 + #{σ₀² c/2 ≤ 1})/(B + 1) ≤ α/2, so the bound
    // is √(2/c_(M+1)); counting the ties (all the zeros) half would reject sooner and give a smaller bound.
    const B = 199;
    const c = chiSquare2(B, "boundary");
    const sorted = c.slice().sort();
    const M = Math.floor(0.025 * (B + 1)) - 1;
    const statistic = (logSigma: number) => c.map((v) => Math.max(0, (Math.exp(2 * logSigma) * v) / 2 - 1));
    const full = searchRejectionBoundary((x) => {
      const t = tailCounts(statistic(x), 0);
      return monteCarloPValue(t.atMost, t.total) <= 0.025;
    }, Math.log(0.1), 1);
    const half = searchRejectionBoundary((x) => {
      const sims = statistic(x);
      const ties = sims.filter((v) => v === 0).length;
      return (1 + 0.5 * ties) / (B + 1) <= 0.025;
    }, Math.log(0.1), 1);
    const exact = Math.sqrt(2 / sorted[M]!);
    expect(Math.exp(full.logValue)).toBeGreaterThanOrEqual(exact);
    expect(Math.exp(full.logValue)).toBeLessThanOrEqual(exact * Math.exp(0.01));
    expect(Math.exp(half.logValue)).toBeLessThan(exact * 0.9);
  });

  it("walks back from a start that is already rejected, and reports a bound it never reached", () => {
    const edge = Math.log(3);
    const fromAbove = searchRejectionBoundary((x) => x > edge, Math.log(40), 1);
    expect(fromAbove.status).toBe("found");
    expect(fromAbove.logValue).toBeGreaterThanOrEqual(edge);
    expect(fromAbove.logValue - edge).toBeLessThanOrEqual(0.01);
    const lowerEdge = Math.log(0.2);
    const down = searchRejectionBoundary((x) => x < lowerEdge, 0, -1);
    expect(down.logValue).toBeLessThanOrEqual(lowerEdge);
    expect(lowerEdge - down.logValue).toBeLessThanOrEqual(0.01);
    const never = searchRejectionBoundary(() => false, 0, 1, { maxSteps: 5 });
    expect(never).toEqual({ logValue: 5 * Math.LN2, status: "not-reached", evaluations: 6 });
  });
});
