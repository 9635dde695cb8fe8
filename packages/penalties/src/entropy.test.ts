import { describe, expect, it } from "vitest";
import { Matrix, determinant, inverse } from "ml-matrix";
import { entropyLogNormalisingConstant, entropyPenalty } from "./entropy.js";
import { mulberry32, normalDraws } from "./test-support/rng.js";
import { numericalGradient, numericalHessian, relativeError } from "./test-support/finite-differences.js";

/** A random SPD matrix B Bᵀ + I (d × d, column-major). */
function randomSpd(d: number, normal: () => number): Float64Array {
  const B = new Matrix(d, d);
  for (let r = 0; r < d; r++) for (let c = 0; c < d; c++) B.set(r, c, normal());
  const S = B.mmul(B.transpose()).add(Matrix.eye(d));
  const out = new Float64Array(d * d);
  for (let c = 0; c < d; c++) for (let r = 0; r < d; r++) out[c * d + r] = S.get(r, c);
  return out;
}

describe("entropyPenalty", () => {
  it("defaults to −(λ/2)‖θ‖² over all of θ", () => {
    const pen = entropyPenalty({ dim: 3, lambda: 0.8 });
    const theta = Float64Array.from([1, -2, 3]);
    expect(pen.value(theta)).toBeCloseTo(-0.4 * 14, 14);
    const g = new Float64Array(3);
    pen.gradient(theta, g);
    expect(relativeError(g, [-0.8, 1.6, -2.4])).toBeLessThan(1e-15);
  });

  it("has the exact gradient and Hessian with a full Σ_q, a mean and an index subset", () => {
    const normal = normalDraws(mulberry32(2024));
    const dim = 6;
    const indices = [4, 0, 2];
    const cov = randomSpd(3, normal);
    const mean = [0.3, -1, 2];
    const pen = entropyPenalty({ dim, lambda: 1.3, indices, mean, covariance: cov });
    for (let rep = 0; rep < 5; rep++) {
      const theta = Float64Array.from({ length: dim }, () => 2 * normal());
      const steps = new Float64Array(dim).fill(1e-2);
      const g = new Float64Array(dim).fill(5);
      pen.gradient(theta, g);
      expect(relativeError(g, numericalGradient((x) => pen.value(x), theta, steps))).toBeLessThan(1e-9);
      for (const k of [1, 3, 5]) expect(g[k]).toBe(0);
      const h = new Float64Array(dim * dim).fill(5);
      pen.hessian(theta, h);
      expect(relativeError(h, numericalHessian((x, o) => pen.gradient(x, o), theta, steps))).toBeLessThan(1e-9);
    }
  });

  it("gives the same penalty for a diagonal Σ_q passed either way", () => {
    const diag = [0.5, 2, 4];
    const full = new Float64Array(9);
    diag.forEach((v, j) => (full[j * 3 + j] = v));
    const a = entropyPenalty({ dim: 3, lambda: 2, covariance: { diagonal: diag } });
    const b = entropyPenalty({ dim: 3, lambda: 2, covariance: full });
    const theta = Float64Array.from([1, 2, -3]);
    expect(a.value(theta)).toBeCloseTo(-(1 / 0.5 + 4 / 2 + 9 / 4), 14);
    expect(b.value(theta)).toBeCloseTo(a.value(theta), 13);
    expect(a.logDetCovariance).toBeCloseTo(Math.log(4), 14);
    expect(b.logDetCovariance).toBeCloseTo(Math.log(4), 13);
  });

  it("is, with its normalising constant, the log density of N(μ_q, Σ_q/λ)", () => {
    const normal = normalDraws(mulberry32(77));
    const d = 4;
    const lambda = 2.5;
    const covArr = randomSpd(d, normal);
    const mean = [1, 0, -1, 0.5];
    const pen = entropyPenalty({ dim: d, lambda, mean, covariance: covArr });
    const S = new Matrix(d, d);
    for (let c = 0; c < d; c++) for (let r = 0; r < d; r++) S.set(r, c, covArr[c * d + r]! / lambda);
    const Sinv = inverse(S);
    const theta = Float64Array.from([0.2, -0.4, 1.1, 3]);
    const diff = Matrix.columnVector(Array.from(theta).map((v, j) => v - mean[j]!));
    const quad = diff.transpose().mmul(Sinv).mmul(diff).get(0, 0);
    const logDensity = -0.5 * quad - 0.5 * Math.log(determinant(S)) - 0.5 * d * Math.log(2 * Math.PI);
    expect(pen.logPriorDensity(theta)).toBeCloseTo(logDensity, 11);
    expect(pen.logPriorNormalisingConstant()).toBeCloseTo(
      0.5 * d * Math.log(lambda) - 0.5 * Math.log(determinant(S.clone().mul(lambda))) - 0.5 * d * Math.log(2 * Math.PI),
      11,
    );
  });

  it("integrates to one in one dimension", () => {
    const pen = entropyPenalty({ dim: 1, lambda: 3, mean: [0.7], covariance: { diagonal: [2] } });
    // Trapezoid rule on a wide grid: N(0.7, 2/3) has sd ≈ 0.82.
    let sum = 0;
    const h = 1e-3;
    const x = new Float64Array(1);
    for (let t = -12; t <= 12; t += h) {
      x[0] = t;
      sum += Math.exp(pen.logPriorDensity(x)) * h;
    }
    expect(sum).toBeCloseTo(1, 8);
    expect(entropyLogNormalisingConstant(3, 1, Math.log(2))).toBeCloseTo(pen.logPriorNormalisingConstant(), 15);
  });

  it("rejects malformed reference distributions", () => {
    expect(() => entropyPenalty({ dim: 2, lambda: 1, covariance: Float64Array.from([1, 2, 2, 1]) })).toThrow(/positive definite/);
    expect(() => entropyPenalty({ dim: 2, lambda: 1, covariance: Float64Array.from([1, 0.5, 0.1, 1]) })).toThrow(/symmetric/);
    expect(() => entropyPenalty({ dim: 2, lambda: 1, mean: [1] })).toThrow(/mean has length/);
    expect(() => entropyPenalty({ dim: 2, lambda: 1, indices: [0, 2] })).toThrow(/index 2/);
    expect(() => entropyPenalty({ dim: 2, lambda: 1, covariance: { diagonal: [1, 0] } })).toThrow(/positive variance/);
  });
});
