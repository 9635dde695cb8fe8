import { describe, expect, it } from "vitest";
import { binomialLink, createRng } from "@glmmkit/math";
import { binomialLogLikKernel, rowDerivatives, transposeTimes, type BinomialData } from "./binomial-likelihood.js";
import { fisherScoring } from "./irls.js";

/**
 * Logit rows over the whole range of η — both tails far beyond where 1 + e^{−|η|} rounds to 1, and ~2 500 rows
 * near η = 0 whose factors 1 + e^{−|η|} ≈ 2 make the product of the binary rows pass the fold limit 2^930
 * (about 1 760 bits in all at the first test's β) — with binary, binomial (m = 5) and empty (m = 0) rows.
 */
function logitData(): { data: BinomialData; beta: Float64Array } {
  const rng = createRng("irls-logit-rows");
  const n = 4000;
  const p = 2;
  const X = new Float64Array(n * p);
  const y = new Float64Array(n);
  const trials = new Float64Array(n);
  const offset = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    X[i] = 1;
    X[n + i] = i < 2500 ? 0.01 * rng.normal() : 30 * rng.normal();
    const m = i % 7 === 0 ? 5 : i % 11 === 0 ? 0 : 1;
    trials[i] = m;
    y[i] = m === 0 ? 0 : Math.min(m, Math.floor(rng.uniform() * (m + 1)));
    offset[i] = i % 13 === 0 ? 2 * rng.normal() : 0;
  }
  return { data: { design: { X, n, p }, y, trials, offset, link: binomialLink("logit") }, beta: Float64Array.of(0.1, 1.3) };
}

describe("fisherScoring's logit rows", () => {
  it("give the log-likelihood and score of math's binomialRow path (the folded product of the binary rows' logs included)", () => {
    const { data, beta } = logitData();
    // No iteration: the objective and score at the start.
    const atStart = fisherScoring(data, beta, { maxIterations: 0, tolerance: 0, ridge: null });
    const kernel = binomialLogLikKernel(data, beta);
    expect(Math.abs(atStart.objective - kernel)).toBeLessThanOrEqual(1e-12 * Math.abs(kernel));
    const n = data.design.n;
    const dEta = new Float64Array(n);
    rowDerivatives(data, beta, dEta, new Float64Array(n));
    const score = new Float64Array(2);
    transposeTimes(data.design, dEta, score);
    for (let k = 0; k < 2; k++) expect(Math.abs(atStart.score[k]! - score[k]!)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(score[k]!)));
  });

  it("converge to the maximiser: the score vanishes there and the objective is the kernel at it", () => {
    const { data } = logitData();
    const fit = fisherScoring(data, new Float64Array(2), { maxIterations: 100, tolerance: 1e-9, ridge: null });
    expect(fit.converged).toBe(true);
    const kernel = binomialLogLikKernel(data, fit.beta);
    expect(Math.abs(fit.objective - kernel)).toBeLessThanOrEqual(1e-12 * Math.abs(kernel));
  });
});
