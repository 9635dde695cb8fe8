import { describe, expect, it } from "vitest";
import { coverage, shareOf, summariseEstimates } from "./metrics.js";

describe("Monte-Carlo summaries", () => {
  it("bias, MSE, variance and PU of hand-checked values, non-finite ones counted apart", () => {
    // Errors −1, 0, 1, 2 about θ = 1: bias 0.5, MSE 1.5, variance 5/3, P(θ̂ < θ) 1/4.
    const s = summariseEstimates([0, 1, 2, 3, Number.POSITIVE_INFINITY], 1);
    expect(s.bias.value).toBeCloseTo(0.5, 14);
    expect(s.bias.se).toBeCloseTo(Math.sqrt(5 / 3 / 4), 14);
    expect(s.mse.value).toBeCloseTo(1.5, 14);
    // Squared errors 1, 0, 1, 4: sd² = 3, SE = √(3/4).
    expect(s.mse.se).toBeCloseTo(Math.sqrt(3 / 4), 14);
    expect(s.variance.value).toBeCloseTo(5 / 3, 14);
    expect(s.underestimation.value).toBe(0.25);
    expect(s.median).toBe(1.5);
    expect(s.nonFinite).toBe(1);
    expect(s.bias.count).toBe(4);
  });

  it("coverage counts intervals holding the truth; an interval without an SE misses", () => {
    const c = coverage([0, 2, Number.NaN, -1], [1, 3, Number.NaN, 5], 0.5);
    expect(c.value).toBe(0.5);
    expect(c.se).toBeCloseTo(Math.sqrt(0.25 / 4), 14);
    expect(shareOf(0, 0).count).toBe(0);
  });
});
