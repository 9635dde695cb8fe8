import { describe, expect, it } from "vitest";
import type { ModelFrame } from "@glmmkit/core";
import { binomialLink, LINK_NAMES, type LinkName } from "@glmmkit/math";
import { GlmmLikelihood } from "./glmm-likelihood.js";
import { maxRelativeError, randomTheta, valueGradient } from "./test-support/derivative-checks.js";
import { multiTermFrame } from "./test-support/multi-term-frame.js";
import { syntheticFrame } from "./test-support/synthetic-frame.js";

interface Case {
  readonly name: string;
  readonly frame: ModelFrame;
  readonly nAGQ: number;
  readonly engine: "cluster" | "sparse";
}

const CASES: readonly Case[] = [
  { name: "q=1 binary, Laplace, offset", frame: syntheticFrame({ J: 25, clusterSize: [2, 10], q: 1, p: 3, seed: 41, offset: true }), nAGQ: 1, engine: "cluster" },
  { name: "q=2 counts, Laplace", frame: syntheticFrame({ J: 18, clusterSize: [3, 8], q: 2, p: 3, trials: 5, seed: 42 }), nAGQ: 1, engine: "cluster" },
  { name: "q=1 binary, AGQ 9 nodes, offset", frame: syntheticFrame({ J: 20, clusterSize: [2, 9], q: 1, p: 3, seed: 43, offset: true }), nAGQ: 9, engine: "cluster" },
  { name: "q=1 counts, AGQ 25 nodes", frame: syntheticFrame({ J: 12, clusterSize: [2, 6], q: 1, p: 2, trials: 6, seed: 44 }), nAGQ: 25, engine: "cluster" },
  { name: "q=2 binary, sparse engine, offset", frame: syntheticFrame({ J: 15, clusterSize: [3, 9], q: 2, p: 3, seed: 45, offset: true }), nAGQ: 1, engine: "sparse" },
  {
    name: "crossed + nested terms, counts, sparse engine",
    frame: multiTermFrame({ n: 160, p: 3, terms: [{ levels: 12, q: 1 }, { levels: 9, q: 2 }, { levels: 30, q: 1, nestedIn: 0 }], trials: 3, seed: 46, offset: true }),
    nAGQ: 1,
    engine: "sparse",
  },
  {
    name: "crossed terms, binary, sparse engine",
    frame: multiTermFrame({ n: 220, p: 2, terms: [{ levels: 20, q: 1 }, { levels: 11, q: 1 }], seed: 47 }),
    nAGQ: 1,
    engine: "sparse",
  },
];

describe("ℓ(θ) under every link: the exact gradient matches central differences of ℓ", () => {
  for (const link of LINK_NAMES) {
    for (const c of CASES) {
      it(`${link}: ${c.name}`, () => {
        const likelihood = new GlmmLikelihood(c.frame, { nAGQ: c.nAGQ, engine: c.engine, link });
        // Exact Hessians exist for the logit link on one grouping factor (Laplace for any q, quadrature for q = 1).
        expect(likelihood.exactHessian).toBe(link === "logit" && c.engine === "cluster");
        for (let trial = 0; trial < 2; trial++) {
          const theta = randomTheta(likelihood.dim, c.frame.p, 500 + trial, { betaRange: 0.6 });
          const exact = new Float64Array(likelihood.dim);
          const value = likelihood.logLikAndGradient(theta, exact);
          expect(Number.isFinite(value)).toBe(true);
          expect(maxRelativeError(exact, valueGradient(likelihood, theta))).toBeLessThan(1e-6);
        }
      });
    }
  }
});

describe("the Laplace approximation as lme4 defines it for a non-canonical link", () => {
  /**
   * An independent evaluation for one scalar term: the mode of each cluster's h by bisection on h′ (h is
   * concave for probit), then ℓ_j = h(û) − ½ log(1 + L² Σ m ω(η̂) z²) with ω from the link's μ and dμ/dη —
   * lme4's log-determinant with the PIRLS (expected-information) weights, not −f″.
   */
  function bruteForceLaplace(frame: ModelFrame, link: LinkName, theta: Float64Array): number {
    const G = binomialLink(link);
    const { n, p, X, y, trials } = frame;
    const term = frame.terms[0]!;
    const L = Math.exp(theta[p]!);
    let total = 0;
    for (let j = 0; j < term.levels.length; j++) {
      const rows: number[] = [];
      for (let i = 0; i < n; i++) if (term.groupIndex[i] === j) rows.push(i);
      const eta = (i: number, u: number) => {
        let e = frame.offset?.[i] ?? 0;
        for (let k = 0; k < p; k++) e += X[k * n + i]! * theta[k]!;
        return e + L * term.Z[i]! * u;
      };
      const f = (i: number, u: number) => y[i]! * Math.log(G.mu(eta(i, u))) + (trials[i]! - y[i]!) * Math.log(G.muComplement(eta(i, u)));
      const h = (u: number) => rows.reduce((s, i) => s + f(i, u), 0) - 0.5 * u * u;
      const dh = (u: number) => (h(u + 1e-6) - h(u - 1e-6)) / 2e-6;
      let lo = -20;
      let hi = 20;
      for (let it = 0; it < 200; it++) {
        const mid = 0.5 * (lo + hi);
        if (dh(mid) > 0) lo = mid;
        else hi = mid;
      }
      const u = 0.5 * (lo + hi);
      let information = 1;
      for (const i of rows) {
        const mu = G.mu(eta(i, u));
        const g = G.dmu(eta(i, u));
        information += L * L * term.Z[i]! ** 2 * trials[i]! * ((g * g) / (mu * (1 - mu)));
      }
      total += h(u) - 0.5 * Math.log(information);
    }
    let constant = 0;
    for (let i = 0; i < n; i++) {
      let c = 0;
      for (let k = 1; k <= y[i]!; k++) c += Math.log((trials[i]! - y[i]! + k) / k);
      constant += c;
    }
    return total + constant;
  }

  it("probit and cloglog: the engine's value equals the independent computation", () => {
    const frame = syntheticFrame({ J: 10, clusterSize: [3, 7], q: 1, p: 2, trials: 4, seed: 48, offset: true });
    for (const link of ["probit", "cloglog"] as const) {
      const theta = randomTheta(3, 2, 49, { betaRange: 0.5 });
      const engine = new GlmmLikelihood(frame, { link }).logLik(theta);
      expect(Math.abs(engine - bruteForceLaplace(frame, link, theta))).toBeLessThan(1e-7);
      // And the sparse engine computes the same number.
      expect(new GlmmLikelihood(frame, { link, engine: "sparse" }).logLik(theta)).toBeCloseTo(engine, 10);
    }
  });

  it("cauchit PIRLS stays safe from far starts: converged modes, a finite value and gradient, engines agree where h is unimodal", () => {
    // Cauchit's likelihood is not log-concave: h can have several local maxima (here cluster 6 at θ far from
    // the data), and PIRLS, like lme4's, finds the one its warm start leads to. What must hold is that it
    // converges to a maximum (the observed H positive definite, so the gradient exists) and never diverges.
    const frame = syntheticFrame({ J: 20, clusterSize: [4, 10], q: 1, p: 3, trials: 3, seed: 50, sd: 2.5 });
    for (const engine of ["cluster", "sparse"] as const) {
      const likelihood = new GlmmLikelihood(frame, { link: "cauchit", engine });
      for (const theta of [Float64Array.from([4, -3, 2, 1.5]), Float64Array.from([-6, 5, -1, 2.2]), Float64Array.from([0, 0, 0, 3])]) {
        likelihood.resetModes();
        const gradient = new Float64Array(4);
        expect(Number.isFinite(likelihood.logLikAndGradient(theta, gradient))).toBe(true);
        for (const g of gradient) expect(Number.isFinite(g)).toBe(true);
        expect(likelihood.pirlsStatistics().unconvergedClusters).toBe(0);
      }
    }
    const theta = Float64Array.from([-0.3, 0.4, -0.2, 0.3]);
    const a = new GlmmLikelihood(frame, { link: "cauchit" }).logLik(theta);
    const b = new GlmmLikelihood(frame, { link: "cauchit", engine: "sparse" }).logLik(theta);
    expect(Math.abs(a - b)).toBeLessThan(1e-9 * (1 + Math.abs(a)));
  });
});
