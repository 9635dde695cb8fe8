import { CholeskyDecomposition, EigenvalueDecomposition, Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import {
  capInfinityNorm,
  choleskyInPlace,
  choleskySolveInPlace,
  choleskyWithRidge,
  maxAbs,
} from "./small-dense.js";
import { mulberry32, normal } from "./test-support/problems.js";

/** Column-major n×n A = BᵀB + shift·I from a seeded random B. */
function randomSymmetric(seed: number, n: number, shift: number): Float64Array {
  const uniform = mulberry32(seed);
  const b = Array.from({ length: n * n }, () => normal(uniform));
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = i === j ? shift : 0;
      for (let k = 0; k < n; k++) s += b[k * n + i]! * b[k * n + j]!;
      a[j * n + i] = s;
    }
  }
  return a;
}

function toMatrix(a: Float64Array, n: number): Matrix {
  // Symmetric, so row- and column-major agree.
  return Matrix.from1DArray(n, n, Array.from(a));
}

function smallestEigenvalue(a: Float64Array, n: number): number {
  return Math.min(...new EigenvalueDecomposition(toMatrix(a, n)).realEigenvalues);
}

describe("choleskyInPlace", () => {
  it("matches ml-matrix on random SPD matrices and solves A x = b", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const n = 1 + (seed % 7);
      const a = randomSymmetric(seed, n, 0.1);
      const l = Float64Array.from(a);
      expect(choleskyInPlace(l, n)).toBe(true);
      const oracle = new CholeskyDecomposition(toMatrix(a, n)).lowerTriangularMatrix;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          expect(l[j * n + i]).toBeCloseTo(oracle.get(i, j), 10);
        }
      }
      const uniform = mulberry32(100 + seed);
      const b = Float64Array.from({ length: n }, () => normal(uniform));
      const x = Float64Array.from(b);
      choleskySolveInPlace(l, n, x);
      for (let i = 0; i < n; i++) {
        let ax = 0;
        for (let j = 0; j < n; j++) ax += a[j * n + i]! * x[j]!;
        expect(ax).toBeCloseTo(b[i]!, 9);
      }
    }
  });

  it("rejects indefinite and singular matrices", () => {
    const indefinite = Float64Array.from([1, 2, 2, 1]);
    expect(choleskyInPlace(Float64Array.from(indefinite), 2)).toBe(false);
    const singular = Float64Array.from([1, 1, 1, 1]);
    expect(choleskyInPlace(Float64Array.from(singular), 2, 1e-14)).toBe(false);
    expect(choleskyInPlace(Float64Array.from([Number.NaN]), 1)).toBe(false);
  });
});

describe("choleskyWithRidge", () => {
  it("adds no ridge to a positive definite matrix", () => {
    const a = randomSymmetric(7, 5, 0.5);
    const factor = new Float64Array(25);
    expect(choleskyWithRidge(a, 5, factor)).toBe(0);
  });

  it("finds a ridge that makes an indefinite matrix positive definite, within a factor ~10 of needed", () => {
    for (let seed = 1; seed <= 15; seed++) {
      const n = 2 + (seed % 5);
      // BᵀB − shift·I has smallest eigenvalue ≈ −shift, so it is indefinite.
      const a = randomSymmetric(seed, n, -3);
      const lambdaMin = smallestEigenvalue(a, n);
      expect(lambdaMin).toBeLessThan(0);
      const factor = new Float64Array(n * n);
      const ridge = choleskyWithRidge(a, n, factor);
      expect(ridge).toBeGreaterThan(-lambdaMin);
      const maxAbsDiag = Math.max(...Array.from({ length: n }, (_, i) => Math.abs(a[i * n + i]!)));
      // The sequence −min diag + β, ×10, … overshoots the needed ridge by at most ×10 plus the start.
      expect(ridge).toBeLessThanOrEqual(10 * (-lambdaMin + maxAbsDiag) + 1e-12);
      // The returned factor is the Cholesky factor of A + τI.
      for (let i = 0; i < n; i++) {
        for (let j = 0; j <= i; j++) {
          let llt = 0;
          for (let k = 0; k < n; k++) llt += factor[k * n + i]! * factor[k * n + j]!;
          expect(llt).toBeCloseTo(a[j * n + i]! + (i === j ? ridge : 0), 9);
        }
      }
    }
  });

  it("returns NaN for a matrix with non-finite entries", () => {
    expect(choleskyWithRidge(Float64Array.from([1, Number.NaN, Number.NaN, 1]), 2, new Float64Array(4))).toBeNaN();
  });

  it("ridges the zero matrix", () => {
    expect(choleskyWithRidge(new Float64Array(4), 2, new Float64Array(4))).toBeGreaterThan(0);
  });
});

describe("capInfinityNorm / maxAbs", () => {
  it("scales only long vectors and keeps the direction", () => {
    const v = Float64Array.from([30, -40]);
    capInfinityNorm(v, 10);
    expect(Array.from(v)).toEqual([7.5, -10]);
    const w = Float64Array.from([1, -2]);
    capInfinityNorm(w, 10);
    expect(Array.from(w)).toEqual([1, -2]);
    expect(maxAbs(Float64Array.from([1, -3, 2]))).toBe(3);
    expect(maxAbs(Float64Array.from([1, Number.NaN, 5]))).toBeNaN();
  });
});
