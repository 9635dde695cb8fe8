import { describe, expect, it } from "vitest";
import type { ModelFrame } from "@glmmkit/core";
import { GlmmLikelihood } from "./glmm-likelihood.js";
import { syntheticFrame, mulberry32 } from "./test-support/synthetic-frame.js";
import { multiTermFrame } from "./test-support/multi-term-frame.js";
import { denseFactorisation } from "./dense-factorisation.js";

function randomTheta(dim: number, p: number, seed: number): Float64Array {
  const rand = mulberry32(seed);
  const theta = new Float64Array(dim);
  for (let k = 0; k < dim; k++) theta[k] = k < p ? rand() - 0.5 : 0.6 * (rand() - 0.5);
  return theta;
}

/** Central differences with Richardson extrapolation. */
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
    g[k] = (4 * d(5e-4) - d(1e-3)) / 3;
  }
  return g;
}

function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let k = 0; k < a.length; k++) {
    num = Math.max(num, Math.abs(a[k]! - b[k]!));
    den = Math.max(den, Math.abs(b[k]!));
  }
  return num / Math.max(den, 1e-8);
}

describe("the sparse engine on one grouping factor equals the cluster engine", () => {
  const cases: [string, ModelFrame][] = [
    ["q = 1", syntheticFrame({ J: 20, clusterSize: [2, 9], q: 1, p: 3, seed: 31 })],
    ["q = 2, counts", syntheticFrame({ J: 15, clusterSize: [3, 8], q: 2, p: 3, trials: 4, seed: 32 })],
    ["q = 3", syntheticFrame({ J: 12, clusterSize: [6, 12], q: 3, p: 4, seed: 33 })],
  ];
  for (const [name, frame] of cases) {
    it(name, () => {
      const cluster = new GlmmLikelihood(frame);
      const sparse = new GlmmLikelihood(frame, { engine: "sparse", factorisation: denseFactorisation });
      expect(cluster.engineName).toBe("cluster");
      expect(sparse.engineName).toBe("sparse");
      for (let trial = 0; trial < 3; trial++) {
        const theta = randomTheta(cluster.dim, frame.p, 40 + trial);
        const g1 = new Float64Array(cluster.dim);
        const g2 = new Float64Array(cluster.dim);
        const l1 = cluster.logLikAndGradient(theta, g1);
        const l2 = sparse.logLikAndGradient(theta, g2);
        expect(Math.abs(l1 - l2)).toBeLessThan(1e-9 * Math.abs(l1));
        expect(relativeError(g2, g1)).toBeLessThan(1e-9);
        expect(relativeError(sparse.conditionalModes(), cluster.conditionalModes())).toBeLessThan(1e-8);
      }
    });
  }
});

describe("exact gradient of the multi-term Laplace likelihood", () => {
  const cases: [string, ModelFrame][] = [
    ["crossed scalar terms", multiTermFrame({ n: 240, p: 3, terms: [{ levels: 25, q: 1 }, { levels: 8, q: 1 }], seed: 1 })],
    ["nested scalar terms", multiTermFrame({ n: 200, p: 2, terms: [{ levels: 6, q: 1 }, { levels: 30, q: 1, nestedIn: 0 }], seed: 2 })],
    ["q = 2 crossed with a scalar term, counts", multiTermFrame({ n: 180, p: 3, trials: 3, terms: [{ levels: 15, q: 2 }, { levels: 7, q: 1 }], seed: 3 })],
    ["three crossed terms with q = 3", multiTermFrame({ n: 300, p: 4, terms: [{ levels: 10, q: 3 }, { levels: 6, q: 1 }, { levels: 12, q: 2 }], seed: 4 })],
    ["observation-level term with a grouping term", multiTermFrame({ n: 90, p: 2, trials: 5, terms: [{ levels: 90, q: 1 }, { levels: 9, q: 1 }], seed: 5 })],
  ];
  for (const [name, frame] of cases) {
    it(`${name}: matches central differences at random θ`, () => {
      const lik = new GlmmLikelihood(frame, { factorisation: denseFactorisation });
      expect(lik.engineName).toBe("sparse");
      for (let trial = 0; trial < 3; trial++) {
        const theta = randomTheta(lik.dim, frame.p, 100 + trial);
        const g = new Float64Array(lik.dim);
        lik.logLikAndGradient(theta, g);
        const numeric = numericGradient((t) => lik.logLik(t), theta);
        expect(relativeError(g, numeric)).toBeLessThan(1e-6);
      }
    });
  }

  it("two terms on one factor: ℓ of (1 | g) + (0 + x | g) equals the diagonal-Σ q = 2 term's", () => {
    const single = syntheticFrame({ J: 18, clusterSize: [4, 9], q: 2, p: 2, seed: 61 });
    const term = single.terms[0]!;
    const split = (k: number) => ({
      ...term,
      termNames: [term.termNames[k]!],
      q: 1,
      Z: Float64Array.from({ length: single.n }, (_, i) => term.Z[i * 2 + k]!),
    });
    const uncorrelated: ModelFrame = { ...single, terms: [split(0), split(1)] };
    const a = new GlmmLikelihood(single);
    const b = new GlmmLikelihood(uncorrelated, { factorisation: denseFactorisation });
    // θ for q = 2 with l21 = 0: (β, log l11, 0, log l22); for the split model (β, log σ1, log σ2).
    const theta2 = Float64Array.from([0.2, -0.4, Math.log(1.3), 0, Math.log(0.7)]);
    const theta1 = Float64Array.from([0.2, -0.4, Math.log(1.3), Math.log(0.7)]);
    expect(b.logLik(theta1)).toBeCloseTo(a.logLik(theta2), 9);
  });
});
