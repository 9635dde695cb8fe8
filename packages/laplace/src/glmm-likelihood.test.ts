import { describe, expect, it } from "vitest";
import { GlmmLikelihood } from "./glmm-likelihood.js";
import { mulberry32, syntheticFrame } from "./test-support/synthetic-frame.js";
import { maxRelativeError } from "./test-support/derivative-checks.js";
import type { ModelFrame } from "@glmmkit/core";

function randomTheta(dim: number, p: number, seed: number): Float64Array {
  const rand = mulberry32(seed);
  const theta = new Float64Array(dim);
  for (let k = 0; k < dim; k++) theta[k] = k < p ? rand() - 0.5 : 0.6 * (rand() - 0.5);
  return theta;
}

/** Central differences of ℓ with Richardson extrapolation (an independent check of the gradient). */
function numericGradient(f: (t: Float64Array) => number, theta: Float64Array): Float64Array {
  const g = new Float64Array(theta.length);
  for (let k = 0; k < theta.length; k++) {
    const d = (h: number) => {
      const a = theta.slice();
      const b = theta.slice();
      a[k] += h;
      b[k] -= h;
      return (f(a) - f(b)) / (2 * h);
    };
    const h = 1e-3;
    g[k] = (4 * d(h / 2) - d(h)) / 3;
  }
  return g;
}


const cases: { name: string; frame: ModelFrame; nAGQ: number }[] = [
  { name: "q=1 binary Laplace", frame: syntheticFrame({ J: 30, clusterSize: [2, 12], q: 1, p: 3, seed: 1 }), nAGQ: 1 },
  { name: "q=1 binomial counts Laplace", frame: syntheticFrame({ J: 15, clusterSize: [3, 6], q: 1, p: 2, trials: 7, seed: 2 }), nAGQ: 1 },
  { name: "q=2 binary Laplace", frame: syntheticFrame({ J: 25, clusterSize: [4, 10], q: 2, p: 3, seed: 3 }), nAGQ: 1 },
  { name: "q=3 binary Laplace", frame: syntheticFrame({ J: 20, clusterSize: [6, 12], q: 3, p: 4, seed: 4 }), nAGQ: 1 },
  { name: "q=1 AGQ 9 nodes", frame: syntheticFrame({ J: 20, clusterSize: [2, 9], q: 1, p: 3, seed: 5 }), nAGQ: 9 },
  { name: "q=1 AGQ 25 nodes, counts", frame: syntheticFrame({ J: 12, clusterSize: [2, 5], q: 1, p: 2, trials: 5, seed: 6 }), nAGQ: 25 },
];

describe("GlmmLikelihood gradient and Hessian", () => {
  for (const c of cases) {
    it(`${c.name}: exact gradient matches central differences`, () => {
      const lik = new GlmmLikelihood(c.frame, { nAGQ: c.nAGQ });
      for (let trial = 0; trial < 3; trial++) {
        const theta = randomTheta(lik.dim, c.frame.p, 100 + trial);
        const g = new Float64Array(lik.dim);
        lik.logLikAndGradient(theta, g);
        const numeric = numericGradient((t) => lik.logLik(t), theta);
        expect(maxRelativeError(g, numeric)).toBeLessThan(1e-6);
      }
    });
    it(`${c.name}: Hessian matches second differences of ℓ`, () => {
      const lik = new GlmmLikelihood(c.frame, { nAGQ: c.nAGQ });
      const theta = randomTheta(lik.dim, c.frame.p, 7);
      const d = lik.dim;
      const H = new Float64Array(d * d);
      lik.hessian(theta, H);
      // Independent check: second differences of the value only (no gradient code involved).
      const f = (t: Float64Array) => lik.logLik(t);
      const h = 2e-3;
      const numeric = new Float64Array(d * d);
      for (let a = 0; a < d; a++) {
        for (let b = 0; b < d; b++) {
          const e = (sa: number, sb: number) => {
            const t = theta.slice();
            t[a] += sa * h;
            t[b] += sb * h;
            return f(t);
          };
          numeric[b * d + a] = (e(1, 1) - e(1, -1) - e(-1, 1) + e(-1, -1)) / (4 * h * h);
        }
      }
      expect(maxRelativeError(H, numeric)).toBeLessThan(1e-5);
    });
  }
});

describe("exact scalar Laplace Hessian", () => {
  it("agrees with central differences of the exact gradient", () => {
    for (const [seed, trials] of [[21, 1], [22, 4]] as const) {
      const frame = syntheticFrame({ J: 25, clusterSize: [2, 10], q: 1, p: 4, trials, seed, sd: 1.3 });
      const lik = new GlmmLikelihood(frame);
      expect(lik.exactHessian).toBe(true);
      const theta = randomTheta(lik.dim, frame.p, seed);
      const exact = new Float64Array(lik.dim * lik.dim);
      const numeric = new Float64Array(lik.dim * lik.dim);
      lik.hessian(theta, exact);
      lik.differenceHessian(theta, numeric);
      expect(maxRelativeError(exact, numeric)).toBeLessThan(1e-6);
    }
  });
});
