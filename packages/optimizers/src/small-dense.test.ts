import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { capInfinityNorm, choleskyWithAddedIdentity, maxAbs } from "./small-dense.js";
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

describe("choleskyWithAddedIdentity", () => {
  it("adds no ridge to a positive definite matrix", () => {
    const a = randomSymmetric(7, 5, 0.5);
    const factor = new Float64Array(25);
    expect(choleskyWithAddedIdentity(a, 5, factor)).toBe(0);
  });

  it("finds a ridge that makes an indefinite matrix positive definite, within a factor 10 of the smallest that does", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const n = 2 + (seed % 5);
      // BᵀB − shift·I has smallest eigenvalue ≈ −shift, so it is indefinite.
      const a = randomSymmetric(seed, n, -3);
      const lambdaMin = smallestEigenvalue(a, n);
      expect(lambdaMin).toBeLessThan(0);
      const factor = new Float64Array(n * n);
      const ridge = choleskyWithAddedIdentity(a, n, factor);
      // Enough: A + τI is positive definite (its smallest eigenvalue is λ_min + τ) …
      expect(ridge).toBeGreaterThan(-lambdaMin);
      // … and not much more than needed: the first trial −min diag + β (Algorithm 3.3's start, β =
      // 1e-3·max|diag|), or at most 10 × the needed −λ_min when an earlier, 10× smaller trial failed.
      const diagonal = Array.from({ length: n }, (_, i) => a[i * n + i]!);
      const beta = 1e-3 * Math.max(...diagonal.map(Math.abs));
      const firstTrial = Math.min(...diagonal) > 0 ? beta : beta - Math.min(...diagonal);
      expect(ridge, `seed ${seed}`).toBeLessThanOrEqual(Math.max(firstTrial, 10 * -lambdaMin * (1 + 1e-9)));
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

  it("uses the first trial −min diag + β exactly when that is already enough", () => {
    // diag(−1, 4): −min diag + β = 1 + 4e-3 makes it positive definite at the first attempt.
    const factor = new Float64Array(4);
    expect(choleskyWithAddedIdentity(Float64Array.from([-1, 0, 0, 4]), 2, factor)).toBe(1 + 4e-3);
  });

  it("returns NaN for a matrix with non-finite entries", () => {
    expect(choleskyWithAddedIdentity(Float64Array.from([1, Number.NaN, Number.NaN, 1]), 2, new Float64Array(4))).toBeNaN();
  });

  it("ridges a matrix whose pivot is at rounding level relative to the largest diagonal", () => {
    // diag(1, 1e-17) factors (each pivot is large relative to its own diagonal), but its condition
    // 1e17 exceeds 1/(nε): the Newton rule treats it as singular and adds the ridge β = 1e-3.
    const factor = new Float64Array(4);
    expect(choleskyWithAddedIdentity(Float64Array.from([1, 0, 0, 1e-17]), 2, factor)).toBe(1e-3);
    expect(factor[3]).toBeCloseTo(Math.sqrt(1e-3 + 1e-17), 15);
    expect(choleskyWithAddedIdentity(Float64Array.from([1, 0, 0, 1e-10]), 2, factor)).toBe(0);
  });

  it("ridges the zero matrix", () => {
    expect(choleskyWithAddedIdentity(new Float64Array(4), 2, new Float64Array(4))).toBeGreaterThan(0);
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
