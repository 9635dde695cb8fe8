import { describe, expect, it } from "vitest";
import { symmetricTridiagonalEigenvalues } from "./symmetric-tridiagonal.js";
import { mulberry32 } from "./test-support/mulberry32.js";

/**
 * Number of eigenvalues below λ by Sturm's theorem: the count of negative pivots in the LDLᵀ
 * factorisation of T − λI (an independent check that needs no eigen-solver).
 */
function countBelow(
  diagonal: ArrayLike<number>,
  offDiagonal: ArrayLike<number>,
  lambda: number
): number {
  let count = 0;
  let pivot = 1;
  for (let i = 0; i < diagonal.length; i++) {
    const coupling = i === 0 ? 0 : offDiagonal[i - 1]!;
    pivot = diagonal[i]! - lambda - (i === 0 ? 0 : (coupling * coupling) / pivot);
    if (pivot === 0) pivot = -1e-300;
    if (pivot < 0) count++;
  }
  return count;
}

describe("symmetricTridiagonalEigenvalues", () => {
  it("reproduces the closed form for the second-difference matrix", () => {
    // tridiag(−1, 2, −1) of order n has eigenvalues 2 − 2 cos(kπ/(n + 1)), k = 1..n.
    for (const n of [1, 2, 5, 40, 150]) {
      const eigenvalues = symmetricTridiagonalEigenvalues(
        new Float64Array(n).fill(2),
        new Float64Array(Math.max(n - 1, 0)).fill(-1)
      );
      for (let k = 1; k <= n; k++) {
        expect(eigenvalues[k - 1]).toBeCloseTo(2 - 2 * Math.cos((k * Math.PI) / (n + 1)), 13);
      }
    }
  });

  it("passes Sturm-count, trace and Frobenius checks on random matrices", () => {
    const random = mulberry32(51);
    for (let trial = 0; trial < 40; trial++) {
      const n = 1 + Math.floor(random() * 60);
      const diagonal = Array.from({ length: n }, () => (random() - 0.5) * 10);
      const offDiagonal = Array.from({ length: n - 1 }, () => (random() - 0.5) * 10);
      const eigenvalues = symmetricTridiagonalEigenvalues(diagonal, offDiagonal);
      const trace = diagonal.reduce((s, v) => s + v, 0);
      const frobenius =
        diagonal.reduce((s, v) => s + v * v, 0) + 2 * offDiagonal.reduce((s, v) => s + v * v, 0);
      expect(eigenvalues.reduce((s, v) => s + v, 0)).toBeCloseTo(trace, 10);
      expect(eigenvalues.reduce((s, v) => s + v * v, 0)).toBeCloseTo(frobenius, 8);
      for (let i = 0; i < n; i++) {
        if (i > 0) expect(eigenvalues[i]!).toBeGreaterThanOrEqual(eigenvalues[i - 1]!);
        const delta = 1e-9 * (1 + Math.abs(eigenvalues[i]!));
        // Exactly i eigenvalues lie below λᵢ − δ (up to ties) and at least i + 1 below λᵢ + δ.
        expect(countBelow(diagonal, offDiagonal, eigenvalues[i]! - delta)).toBeLessThanOrEqual(i);
        expect(countBelow(diagonal, offDiagonal, eigenvalues[i]! + delta)).toBeGreaterThanOrEqual(
          i + 1
        );
      }
    }
  });

  it("handles decoupled blocks, an empty matrix and leaves its inputs alone", () => {
    const diagonal = new Float64Array([3, -1, 2, 7]);
    const offDiagonal = new Float64Array([0, 0, 0]);
    expect(Array.from(symmetricTridiagonalEigenvalues(diagonal, offDiagonal))).toEqual([
      -1, 2, 3, 7,
    ]);
    expect(Array.from(diagonal)).toEqual([3, -1, 2, 7]);
    expect(symmetricTridiagonalEigenvalues([], []).length).toBe(0);
    expect(() => symmetricTridiagonalEigenvalues([1, 2], [])).toThrow(RangeError);
  });
});
