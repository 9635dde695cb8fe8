import { describe, expect, it } from "vitest";
import { createRng } from "@glmmkit/math";
import { MalaSampler } from "./mala.js";
import { densePreconditioner } from "./preconditioner.js";
import { momentChecks } from "./test-support/monte-carlo.js";
import { correlatedGaussian, logisticRegressionPosterior, type ExactMoments } from "./test-support/targets.js";
import type { LogDensity } from "./log-density.js";

/** Warm-up with adaptation, then `draws` draws per chain, `thin` MALA steps apart, with a fixed step size. */
function runMala(target: LogDensity, precision: Float64Array | null, seed: string, draws: number, thin: number) {
  const chains = 4;
  const rng = createRng(seed);
  const starts = Array.from({ length: chains }, (_, j) => new Float64Array(target.dim).fill(j - 1.5));
  const sampler = new MalaSampler(target, starts, Array.from({ length: chains }, (_, j) => rng.split(`chain ${j}`)));
  if (precision !== null) sampler.setPreconditioner(densePreconditioner(precision, target.dim));
  for (let k = 0; k < 500; k++) sampler.run(thin);
  sampler.setAdaptation(false);
  const out = Array.from({ length: chains }, () => new Float64Array(draws * target.dim));
  let accepted = 0;
  for (let i = 0; i < draws; i++) {
    accepted += sampler.run(thin);
    for (let j = 0; j < chains; j++) out[j]!.set(sampler.position(j), i * target.dim);
  }
  return { draws: out, acceptance: accepted / (draws * thin * chains), sampler };
}

function expectMoments(draws: Float64Array[], dim: number, exact: ExactMoments): void {
  for (const check of momentChecks(draws, dim, exact)) {
    expect(check.z, `${check.label}: ${check.estimate} vs ${check.exact} (MCSE ${check.mcse})`).toBeLessThan(4);
  }
}

/** The precision matrix of a Gaussian's covariance (dense inverse by ml-matrix-free 3×3 adjugate). */
function inverse(cov: Float64Array, d: number): Float64Array {
  const a = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => cov[j * d + i]!));
  const inv = new Float64Array(d * d);
  // Gauss–Jordan on a copy.
  const m = a.map((row, i) => [...row, ...Array.from({ length: d }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < d; c++) {
    const pivot = m[c]![c]!;
    for (let k = 0; k < 2 * d; k++) m[c]![k] = m[c]![k]! / pivot;
    for (let r = 0; r < d; r++) {
      if (r === c) continue;
      const f = m[r]![c]!;
      for (let k = 0; k < 2 * d; k++) m[r]![k] = m[r]![k]! - f * m[c]![k]!;
    }
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) inv[j * d + i] = m[i]![d + j]!;
  return inv;
}

describe("MALA and preconditioned MALA sample known targets (moments within 4 Monte-Carlo SEs)", () => {
  it("plain MALA on a correlated, badly scaled Gaussian", () => {
    const target = correlatedGaussian();
    const { draws, acceptance } = runMala(target, null, "mala-gauss", 4000, 10);
    expectMoments(draws, 3, target.moments);
    // The step size was adapted toward the target acceptance of 0.6.
    expect(acceptance).toBeGreaterThan(0.5);
    expect(acceptance).toBeLessThan(0.7);
  });

  it("pMALA with the exact precision as preconditioner on the same Gaussian", () => {
    const target = correlatedGaussian();
    const { draws, acceptance } = runMala(target, inverse(target.moments.covariance, 3), "pmala-gauss", 3000, 2);
    expectMoments(draws, 3, target.moments);
    expect(acceptance).toBeGreaterThan(0.5);
    expect(acceptance).toBeLessThan(0.7);
  });

  it("MALA and pMALA on a logistic-regression posterior (exact moments by quadrature)", () => {
    const target = logisticRegressionPosterior();
    const plain = runMala(target, null, "mala-logistic", 3000, 5);
    expectMoments(plain.draws, 2, target.moments);
    const precision = inverse(target.moments.covariance, 2);
    const preconditioned = runMala(target, precision, "pmala-logistic", 3000, 2);
    expectMoments(preconditioned.draws, 2, target.moments);
  });

  it("is deterministic per chain stream: the same seed gives the same path, chain by chain", () => {
    const target = correlatedGaussian();
    const a = runMala(target, null, "repeat", 50, 3);
    const b = runMala(target, null, "repeat", 50, 3);
    expect(a.draws).toEqual(b.draws);
    // A chain run alone from its own stream follows the same path as inside the group.
    const rng = createRng("repeat");
    const alone = new MalaSampler(target, [new Float64Array(3).fill(2 - 1.5)], [rng.split("chain 2")]);
    for (let k = 0; k < 500; k++) alone.run(3);
    alone.setAdaptation(false);
    alone.run(3);
    expect([...alone.position(0)]).toEqual([...a.draws[2]!.subarray(0, 3)]);
  });

  it("rejects mismatched inputs", () => {
    const target = correlatedGaussian();
    expect(() => new MalaSampler(target, [new Float64Array(2)], [createRng(1)])).toThrow(/length 2/);
    expect(() => new MalaSampler(target, [new Float64Array(3)], [])).toThrow(/random streams/);
  });
});
