import { describe, expect, it } from "vitest";
import { createRng } from "@glmmkit/math";
import { GlmmPosterior } from "./glmm-posterior.js";
import { mcmcPriors } from "./mcmc-priors.js";
import { correlationCholesky, correlationCholeskyBuffers } from "./correlation-cholesky.js";
import { simulatedFrame } from "../test-support/simulated-frame.js";
import { numericalGradient } from "../test-support/richardson.js";

function expectGradientMatches(posterior: GlmmPosterior, x: Float64Array): void {
  const analytic = new Float64Array(posterior.dim);
  posterior.logDensityAndGradient(x, analytic);
  const numeric = numericalGradient((v) => posterior.logDensity(v), x);
  let scale = 1;
  for (const v of numeric) scale = Math.max(scale, Math.abs(v));
  for (let k = 0; k < posterior.dim; k++) {
    expect(Math.abs(analytic[k]! - numeric[k]!) / scale, `coordinate ${k}`).toBeLessThan(1e-7);
  }
}

describe("the non-centred GLMM posterior: exact gradient (against Richardson differences)", () => {
  const cases: [string, string][] = [
    ["one scalar term, binary", "y ~ x + w + (1 | g)"],
    ["crossed scalar terms, binomial counts", "cbind(s, m - s) ~ x + (1 | g) + (1 | h)"],
    ["correlated q = 2 and a crossed scalar term", "y ~ x + (1 + x | g) + (1 | h)"],
    ["correlated q = 3, no intercept in X", "cbind(s, m - s) ~ 0 + x + w + (1 + x + w | g)"],
    ["an offset", "y ~ w + offset(0.5 * x) + (1 | g)"],
  ];
  it.each(cases)("%s: %s", (_label, formula) => {
    const frame = simulatedFrame(formula, { n: 120, gLevels: 8, hLevels: 5, seed: formula });
    const posterior = new GlmmPosterior(frame, mcmcPriors(frame));
    const rng = createRng(`x ${formula}`);
    for (let rep = 0; rep < 3; rep++) {
      const x = Float64Array.from({ length: posterior.dim }, () => 0.8 * rng.normal());
      expectGradientMatches(posterior, x);
    }
  });
});

describe("the correlation-Cholesky transform", () => {
  it("gives a valid correlation factor and the derivatives of L and of log|J| + LKJ", () => {
    for (const K of [2, 3, 4]) {
      const m = (K * (K - 1)) / 2;
      const rng = createRng(`corr ${K}`);
      const y = Float64Array.from({ length: m }, () => rng.normal());
      const out = correlationCholeskyBuffers(K);
      correlationCholesky(y, 0, K, 1.7, out);
      // Rows of L have unit length: L Lᵀ has a unit diagonal.
      for (let i = 0; i < K; i++) {
        let s = 0;
        for (let c = 0; c <= i; c++) s += out.L[c * K + i]! ** 2;
        expect(s).toBeCloseTo(1, 12);
      }
      const entry = (index: number) => (v: Float64Array) => {
        const o = correlationCholeskyBuffers(K);
        correlationCholesky(v, 0, K, 1.7, o);
        return index < 0 ? o.logDensity : o.L[index]!;
      };
      const dLog = numericalGradient(entry(-1), y, 1e-4);
      for (let l = 0; l < m; l++) expect(out.dLogDensity[l]).toBeCloseTo(dLog[l]!, 7);
      for (let idx = 0; idx < K * K; idx++) {
        const dEntry = numericalGradient(entry(idx), y, 1e-4);
        for (let l = 0; l < m; l++) expect(out.dL[l * K * K + idx]).toBeCloseTo(dEntry[l]!, 8);
      }
    }
  });

  it("LKJ(1) in K = 2 makes the correlation uniform: the log density in y is log(1 − tanh² y)", () => {
    const out = correlationCholeskyBuffers(2);
    for (const y of [-1.3, 0, 0.4, 2]) {
      correlationCholesky([y], 0, 2, 1, out);
      expect(out.logDensity).toBeCloseTo(Math.log(1 - Math.tanh(y) ** 2), 12);
    }
  });
});
