import { EigenvalueDecomposition } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { symmetricEigen, symmetricEigenvalues } from "./symmetric-eigen.js";
import {
  createRng,
  matrixWithEigenvalues,
  randomGaussian,
  randomOrthogonal,
  relativeError,
  toMl,
} from "./test-support/random-matrices.js";

/** Random symmetric (possibly indefinite) matrix with prescribed eigenvalues. */
function randomSymmetric(n: number, seed: number) {
  const rng = createRng(seed);
  const values = new Float64Array(n);
  for (let k = 0; k < n; k++) values[k] = rng.normal() * Math.pow(10, 3 * rng.uniform());
  values.sort();
  return { A: matrixWithEigenvalues(values, randomOrthogonal(n, rng)), values, rng };
}

function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let k = 0; k < values.length; k++) m = Math.max(m, Math.abs(values[k] as number));
  return m;
}

describe("symmetric eigen-decomposition (cyclic Jacobi)", () => {
  it("eigenvalues match ml-matrix and the construction, ascending (n = 1..30)", () => {
    for (let n = 1; n <= 30; n++) {
      const { A, values } = randomSymmetric(n, 900 + n);
      const computed = symmetricEigenvalues(A, n);
      for (let k = 1; k < n; k++) expect(computed[k]).toBeGreaterThanOrEqual(computed[k - 1]);
      const oracle = new EigenvalueDecomposition(toMl(A, n, n), { assumeSymmetric: true }).realEigenvalues
        .slice()
        .sort((a, b) => a - b);
      // Eigenvalues of a symmetric matrix are well conditioned: absolute error ≲ ε‖A‖.
      expect(relativeError(computed, oracle)).toBeLessThan(1e-12);
      expect(relativeError(computed, values)).toBeLessThan(1e-12);
    }
  });

  it("eigenvectors are orthonormal, satisfy A v = λ v, and agree with ml-matrix up to sign", () => {
    for (const n of [1, 2, 3, 7, 16, 30, 60]) {
      const { A, values } = randomSymmetric(n, 4000 + n);
      const { values: computed, vectors } = symmetricEigen(A, n);
      expect(relativeError(computed, values)).toBeLessThan(1e-12);
      const scale = maxAbs(values);
      for (let k = 0; k < n; k++) {
        for (let i = 0; i < n; i++) {
          let av = 0;
          for (let j = 0; j < n; j++) av += A[j * n + i] * vectors[k * n + j];
          expect(Math.abs(av - computed[k] * vectors[k * n + i])).toBeLessThan(1e-12 * scale);
        }
        for (let l = 0; l <= k; l++) {
          let dot = 0;
          for (let i = 0; i < n; i++) dot += vectors[k * n + i] * vectors[l * n + i];
          expect(Math.abs(dot - (k === l ? 1 : 0))).toBeLessThan(1e-12);
        }
      }
      if (n > 30) continue; // ml-matrix comparison on the smaller sizes keeps the suite fast
      const decomposition = new EigenvalueDecomposition(toMl(A, n, n), { assumeSymmetric: true });
      const oracleValues = decomposition.realEigenvalues;
      for (let k = 0; k < n; k++) {
        // Match the oracle vector by eigenvalue, then compare up to sign (eigenvalues are
        // well separated with probability ~1 for this construction).
        let match = 0;
        for (let m = 1; m < n; m++) {
          if (Math.abs((oracleValues[m] as number) - computed[k]) < Math.abs((oracleValues[match] as number) - computed[k])) match = m;
        }
        let dot = 0;
        for (let i = 0; i < n; i++) dot += vectors[k * n + i] * decomposition.eigenvectorMatrix.get(i, match);
        expect(Math.abs(Math.abs(dot) - 1)).toBeLessThan(1e-8);
      }
    }
  });

  it("handles diagonal, repeated-eigenvalue and rank-deficient matrices and reads only the lower triangle", () => {
    const diagonal = new Float64Array([3, 0, 0, 0, -1, 0, 0, 0, 2]);
    expect(Array.from(symmetricEigenvalues(diagonal, 3))).toEqual([-1, 2, 3]);

    const n = 6;
    const rng = createRng(17);
    const repeated = matrixWithEigenvalues([0, 0, 2, 2, 2, 5], randomOrthogonal(n, rng));
    expect(relativeError(symmetricEigenvalues(repeated, n), [0, 0, 2, 2, 2, 5])).toBeLessThan(1e-13);

    const garbled = repeated.slice();
    const noise = randomGaussian(n, n, rng);
    for (let j = 1; j < n; j++) for (let i = 0; i < j; i++) garbled[j * n + i] = noise[j * n + i];
    expect(Array.from(symmetricEigenvalues(garbled, n))).toEqual(Array.from(symmetricEigenvalues(repeated, n)));
    expect(symmetricEigenvalues(new Float64Array(0), 0).length).toBe(0);
  });

  it("does not modify its input and rejects non-finite entries", () => {
    const { A } = randomSymmetric(5, 8);
    const input = A.slice();
    symmetricEigen(A, 5);
    symmetricEigenvalues(A, 5);
    expect(Array.from(A)).toEqual(Array.from(input));
    expect(() => symmetricEigenvalues(new Float64Array([1, Number.NaN, Number.NaN, 1]), 2)).toThrow(/non-finite/);
  });
});
