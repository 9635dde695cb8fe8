import { CholeskyDecomposition } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { choleskyInPlace, choleskyWithRidge } from "./cholesky.js";
import {
  createRng,
  fromMl,
  matrixWithEigenvalues,
  multiplyLowerByTranspose,
  randomCondition,
  randomGaussian,
  randomOrthogonal,
  randomSpd,
  relativeError,
  toMl,
} from "./test-support/random-matrices.js";

function upperIsZero(L: Float64Array, n: number): boolean {
  for (let j = 1; j < n; j++) {
    for (let i = 0; i < j; i++) if (L[j * n + i] !== 0) return false;
  }
  return true;
}

function plusRidge(A: Float64Array, n: number, ridge: number): Float64Array {
  const out = A.slice();
  for (let j = 0; j < n; j++) out[j * n + j] += ridge;
  return out;
}

describe("choleskyInPlace", () => {
  it("matches ml-matrix's factor and reconstructs A on random SPD matrices (n = 1..30)", () => {
    const rng = createRng(20240601);
    for (let trial = 0; trial < 80; trial++) {
      const n = 1 + (trial % 30);
      const condition = randomCondition(rng, 8);
      const scale = Math.pow(10, 6 * rng.uniform() - 3);
      const { A } = randomSpd(n, rng, condition, scale);
      const L = A.slice();
      expect(choleskyInPlace(L, n)).toBe(true);
      expect(upperIsZero(L, n)).toBe(true);
      // Backward stability: L Lᵀ = A to rounding, whatever the conditioning.
      expect(relativeError(multiplyLowerByTranspose(L, n), A)).toBeLessThan(1e-13);
      // Forward agreement with the oracle; the factor's sensitivity grows like √κ.
      const oracle = fromMl(new CholeskyDecomposition(toMl(A, n, n)).lowerTriangularMatrix);
      expect(relativeError(L, oracle)).toBeLessThan(1e-14 * Math.max(1, Math.sqrt(condition)) * n);
    }
  });

  it("reads only the lower triangle", () => {
    const rng = createRng(7);
    const n = 9;
    const { A } = randomSpd(n, rng, 100);
    const reference = A.slice();
    expect(choleskyInPlace(reference, n)).toBe(true);
    const garbled = A.slice();
    for (let j = 1; j < n; j++) for (let i = 0; i < j; i++) garbled[j * n + i] = rng.normal() * 1e6;
    expect(choleskyInPlace(garbled, n)).toBe(true);
    expect(Array.from(garbled)).toEqual(Array.from(reference));
  });

  it("factors a block at an offset without touching the rest of the array", () => {
    const rng = createRng(11);
    const n = 5;
    const { A } = randomSpd(n, rng, 1e3);
    const packed = new Float64Array(3 + n * n + 4).fill(-7);
    packed.set(A, 3);
    expect(choleskyInPlace(packed, n, 3)).toBe(true);
    const standalone = A.slice();
    choleskyInPlace(standalone, n);
    expect(Array.from(packed.subarray(3, 3 + n * n))).toEqual(Array.from(standalone));
    expect(Array.from(packed.subarray(0, 3))).toEqual([-7, -7, -7]);
    expect(Array.from(packed.subarray(3 + n * n))).toEqual([-7, -7, -7, -7]);
  });

  it("rejects indefinite matrices, as ml-matrix does", () => {
    const rng = createRng(99);
    for (let trial = 0; trial < 30; trial++) {
      const n = 2 + (trial % 15);
      const values = new Float64Array(n);
      for (let k = 0; k < n; k++) values[k] = 0.1 + rng.uniform();
      values[rng.integer(0, n - 1)] = -(0.01 + rng.uniform()); // one negative eigenvalue
      const A = matrixWithEigenvalues(values, randomOrthogonal(n, rng));
      expect(new CholeskyDecomposition(toMl(A, n, n)).isPositiveDefinite()).toBe(false);
      expect(choleskyInPlace(A.slice(), n)).toBe(false);
    }
  });

  it("rejects singular, zero, negative-diagonal and non-finite matrices; accepts n = 0", () => {
    const rng = createRng(5);
    const n = 8;
    // Rank 3 Gram matrix G Gᵀ: positive semi-definite, numerically singular.
    const G = randomGaussian(n, 3, rng);
    const gram = new Float64Array(n * n);
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (let k = 0; k < 3; k++) sum += G[k * n + i] * G[k * n + j];
        gram[j * n + i] = sum;
      }
    }
    expect(choleskyInPlace(gram.slice(), n)).toBe(false);
    expect(choleskyInPlace(new Float64Array(n * n), n)).toBe(false);
    expect(choleskyInPlace(new Float64Array([-1]), 1)).toBe(false);
    expect(choleskyInPlace(new Float64Array([4, 1, 1, Number.NaN]), 2)).toBe(false);
    expect(choleskyInPlace(new Float64Array([Number.POSITIVE_INFINITY]), 1)).toBe(false);
    expect(choleskyInPlace(new Float64Array(0), 0)).toBe(true);
  });

  it("rejects a positive pivot at rounding level (≤ n·ε·A_jj), at any scale, but keeps one above it", () => {
    for (const scale of [1, 2 ** -100, 2 ** 100]) {
      // Powers of two with even exponents keep every step exact: the second pivot is scale·δ.
      const atRoundingLevel = new Float64Array([1, 1, 1, 1 + Number.EPSILON]).map((v) => v * scale);
      expect(choleskyInPlace(atRoundingLevel, 2)).toBe(false);
      const small = new Float64Array([1, 1, 1, 1 + 2 ** -40]).map((v) => v * scale);
      expect(choleskyInPlace(small, 2)).toBe(true);
      expect(small[3] / Math.sqrt(scale)).toBeCloseTo(2 ** -20, 15);
    }
  });

  it("gives the closed form for a 2×2 matrix", () => {
    const A = new Float64Array([4, 2, 2, 5]);
    expect(choleskyInPlace(A, 2)).toBe(true);
    expect(Array.from(A)).toEqual([2, 1, 0, 2]);
  });
});

describe("choleskyWithRidge", () => {
  it("adds no ridge to an SPD matrix and leaves the input unchanged", () => {
    const rng = createRng(3);
    for (const n of [1, 4, 17]) {
      const { A } = randomSpd(n, rng, 1e5);
      const input = A.slice();
      const { L, ridge } = choleskyWithRidge(A, n);
      expect(ridge).toBe(0);
      expect(Array.from(A)).toEqual(Array.from(input));
      const direct = A.slice();
      choleskyInPlace(direct, n);
      expect(Array.from(L)).toEqual(Array.from(direct));
    }
  });

  it("uses the initial ridge max(1e-10·max|A_ii|, 1e-12) when it suffices (singular all-ones, zero matrix)", () => {
    const n = 6;
    const ones = new Float64Array(n * n).fill(3);
    const fromOnes = choleskyWithRidge(ones, n);
    expect(fromOnes.ridge).toBe(3e-10);
    expect(relativeError(multiplyLowerByTranspose(fromOnes.L, n), plusRidge(ones, n, 3e-10))).toBeLessThan(1e-14);
    expect(upperIsZero(fromOnes.L, n)).toBe(true);

    // Numerically singular with a tiny positive pivot: still ridged.
    expect(choleskyWithRidge(new Float64Array([1, 1, 1, 1 + Number.EPSILON]), 2).ridge).toBe(1e-10 * (1 + Number.EPSILON));

    const zero = choleskyWithRidge(new Float64Array(n * n), n);
    expect(zero.ridge).toBe(1e-12);
    expect(relativeError(multiplyLowerByTranspose(zero.L, n), plusRidge(new Float64Array(n * n), n, 1e-12))).toBeLessThan(1e-14);
  });

  it("grows the ridge ×10 to the first value that works on indefinite matrices", () => {
    const rng = createRng(1234);
    for (let trial = 0; trial < 25; trial++) {
      const n = 2 + (trial % 12);
      const values = new Float64Array(n);
      for (let k = 0; k < n; k++) values[k] = 0.5 + 2 * rng.uniform();
      const mostNegative = -Math.pow(10, 4 * rng.uniform() - 3); // between -1e-3 and -10
      values[0] = mostNegative;
      const A = matrixWithEigenvalues(values, randomOrthogonal(n, rng));
      const input = A.slice();
      const { L, ridge } = choleskyWithRidge(A, n);
      expect(Array.from(A)).toEqual(Array.from(input));

      // A + τI is PD exactly when τ > −λ_min.
      expect(ridge).toBeGreaterThan(-mostNegative);
      let maxDiagonal = 0;
      for (let j = 0; j < n; j++) maxDiagonal = Math.max(maxDiagonal, Math.abs(A[j * n + j]));
      const initial = Math.max(1e-10 * maxDiagonal, 1e-12);
      const steps = Math.log10(ridge / initial);
      expect(Math.abs(steps - Math.round(steps))).toBeLessThan(1e-9);
      // One step smaller would not have been enough.
      expect(choleskyInPlace(plusRidge(A, n, ridge / 10), n)).toBe(false);

      expect(upperIsZero(L, n)).toBe(true);
      expect(relativeError(multiplyLowerByTranspose(L, n), plusRidge(A, n, ridge))).toBeLessThan(1e-13);
    }
  });

  it("honours initialRidge and growth, and throws on non-finite input or when attempts run out", () => {
    const n = 3;
    const A = new Float64Array([-1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const { ridge } = choleskyWithRidge(A, n, { initialRidge: 0.5, growth: 3 });
    expect(ridge).toBe(1.5);
    expect(() => choleskyWithRidge(A, n, { maxAttempts: 2 })).toThrow(/no ridge/);
    const withNaN = new Float64Array([-1, Number.NaN, 0, 1]);
    expect(() => choleskyWithRidge(withNaN, 2)).toThrow(/entry \(1, 0\)/);
    expect(() => choleskyWithRidge(new Float64Array([Number.NaN]), 1)).toThrow(/diagonal/);
  });
});
