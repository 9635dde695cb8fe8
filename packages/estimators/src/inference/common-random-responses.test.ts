import { describe, expect, it } from "vitest";
import { expit } from "@glmmkit/math";
import { sharedFrame } from "../test-support/reference.js";
import { commonRandomResponses } from "./common-random-responses.js";

describe("commonRandomResponses", () => {
  const frame = sharedFrame("cbpp.csv", "cbind(incidence, size - incidence) ~ period + (1 | herd)", { factors: ["period"] });
  const beta = Float64Array.from([-1.4, -1, -1.1, -1.6]);

  it("is the same for the same seed and replicate, and differs between replicates and seeds", () => {
    const a = commonRandomResponses(frame, "7").frameAt(3, beta, 0.6).y;
    const b = commonRandomResponses(frame, "7").frameAt(3, beta, 0.6).y;
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(commonRandomResponses(frame, "7").frameAt(4, beta, 0.6).y)).not.toEqual(Array.from(a));
    expect(Array.from(commonRandomResponses(frame, "8").frameAt(3, beta, 0.6).y)).not.toEqual(Array.from(a));
  });

  it("reuses the draws: every count is nondecreasing in the linear predictor, and the design is the frame's", () => {
    const source = commonRandomResponses(frame, "monotone");
    const shifted = Float64Array.from(beta, (b, c) => (c === 0 ? b + 0.3 : b));
    for (let k = 1; k <= 20; k++) {
      const low = source.frameAt(k, beta, 0.5);
      const high = source.frameAt(k, shifted, 0.5);
      for (let i = 0; i < frame.n; i++) expect(high.y[i]!).toBeGreaterThanOrEqual(low.y[i]!);
      expect(low.X).toBe(frame.X);
      expect(low.trials).toBe(frame.trials);
    }
  });

  it("draws Binomial(m_i, expit(x_iᵀβ)) at σ₀ = 0: the mean count of every row within 4 Monte-Carlo SEs", () => {
    const source = commonRandomResponses(frame, "binomial");
    const K = 400;
    const sums = new Float64Array(frame.n);
    for (let k = 1; k <= K; k++) {
      const y = source.frameAt(k, beta, 0).y;
      for (let i = 0; i < frame.n; i++) sums[i] += y[i]!;
    }
    for (let i = 0; i < frame.n; i++) {
      let eta = 0;
      for (let c = 0; c < frame.p; c++) eta += frame.X[c * frame.n + i]! * beta[c]!;
      const p = expit(eta);
      const m = frame.trials[i]!;
      const se = Math.sqrt((m * p * (1 - p)) / K);
      expect(Math.abs(sums[i]! / K - m * p)).toBeLessThan(4 * se);
    }
  });

  it("refuses a model without exactly one scalar random-effects term", () => {
    const two = sharedFrame("cbpp.csv", "cbind(incidence, size - incidence) ~ period + (1 | herd) + (1 | size)", { factors: ["period"] });
    expect(() => commonRandomResponses(two, "1")).toThrow(/exactly one scalar random-effects term/);
  });
});
