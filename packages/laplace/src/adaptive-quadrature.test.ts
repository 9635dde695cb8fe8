import { describe, expect, it } from "vitest";
import { GlmmLikelihood } from "./glmm-likelihood.js";
import { syntheticFrame } from "./test-support/synthetic-frame.js";
import type { ModelFrame } from "@glmmkit/core";

/**
 * Independent oracle: the exact marginal log-likelihood of a scalar random-intercept model by brute-force
 * trapezoidal integration of each cluster's integrand over a wide fine grid (no modes, no nodes).
 */
function bruteForceLogLik(frame: ModelFrame, theta: Float64Array): number {
  const { n, p, X, y, trials } = frame;
  const term = frame.terms[0]!;
  const sigma = Math.exp(theta[p]!);
  const J = term.levels.length;
  const eta = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let c = 0; c < p; c++) eta[i] += theta[c]! * X[c * n + i]!;
  let total = 0;
  for (let i = 0; i < n; i++) {
    // log C(m, y) by direct summation (small integers).
    let lc = 0;
    for (let k = 1; k <= y[i]!; k++) lc += Math.log(trials[i]! - y[i]! + k) - Math.log(k);
    total += lc;
  }
  const step = 0.002;
  for (let j = 0; j < J; j++) {
    const rows: number[] = [];
    for (let i = 0; i < n; i++) if (term.groupIndex[i] === j) rows.push(i);
    const logs: number[] = [];
    for (let b = -12; b <= 12; b += step) {
      let s = -0.5 * b * b - 0.5 * Math.log(2 * Math.PI);
      for (const i of rows) {
        const e = eta[i]! + sigma * term.Z[i]! * b;
        s += y[i]! * e - trials[i]! * (Math.max(e, 0) + Math.log1p(Math.exp(-Math.abs(e))));
      }
      logs.push(s);
    }
    const max = Math.max(...logs);
    let sum = 0;
    logs.forEach((l, k) => (sum += (k === 0 || k === logs.length - 1 ? 0.5 : 1) * Math.exp(l - max)));
    total += max + Math.log(sum * step);
  }
  return total;
}

describe("adaptive Gauss–Hermite quadrature", () => {
  const frame = syntheticFrame({ J: 12, clusterSize: [1, 8], q: 1, p: 3, trials: 3, seed: 11, sd: 1.5 });
  const theta = Float64Array.from([-0.3, 0.4, -0.2, Math.log(1.4)]);
  const exact = bruteForceLogLik(frame, theta);

  it("converges to the exact integral as nodes are added", () => {
    const errors = [1, 3, 7, 15, 25].map((k) => Math.abs(new GlmmLikelihood(frame, { nAGQ: k }).logLik(theta) - exact));
    expect(errors[4]!).toBeLessThan(1e-7);
    expect(errors[0]!).toBeGreaterThan(errors[4]!);
  });

  it("with 100 nodes matches the brute-force integral to 1e-8", () => {
    expect(new GlmmLikelihood(frame, { nAGQ: 100 }).logLik(theta)).toBeCloseTo(exact, 8);
  });

  it("rejects nAGQ > 1 for a vector-valued random effect", () => {
    const f2 = syntheticFrame({ J: 5, clusterSize: [3, 4], q: 2, p: 2, seed: 1 });
    expect(() => new GlmmLikelihood(f2, { nAGQ: 5 })).toThrow(/single scalar random effect/);
  });
});
