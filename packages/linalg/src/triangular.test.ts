import { CholeskyDecomposition, solve } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { choleskyInPlace } from "./cholesky.js";
import {
  createRng,
  fromMl,
  randomCondition,
  randomGaussian,
  randomSpd,
  relativeError,
  toMl,
} from "./test-support/random-matrices.js";
import {
  solveLower,
  solveLowerMatrix,
  solveLowerTranspose,
  solveLowerTransposeMatrix,
  solveWithCholesky,
  solveWithCholeskyMatrix,
} from "./triangular.js";

function transpose(A: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) out[i * n + j] = A[j * n + i];
  return out;
}

/** A random, moderately conditioned SPD matrix and its factor (conditioning ≤ 1e6). */
function factoredSpd(n: number, seed: number) {
  const rng = createRng(seed);
  const condition = randomCondition(rng, 6);
  const { A } = randomSpd(n, rng, condition, Math.pow(10, 4 * rng.uniform() - 2));
  const L = A.slice();
  if (!choleskyInPlace(L, n)) throw new Error("fixture not SPD");
  return { A, L, rng, condition };
}

describe("triangular solves", () => {
  it("solveLower and solveLowerTranspose match ml-matrix's general solver (n = 1..30)", () => {
    for (let n = 1; n <= 30; n++) {
      const { L, rng } = factoredSpd(n, 100 + n);
      const b = randomGaussian(n, 1, rng);
      // Triangular solves are forward stable with respect to L's own conditioning, which is ≤ √κ(A).
      const forward = b.slice();
      solveLower(L, n, forward);
      expect(relativeError(forward, fromMl(solve(toMl(L, n, n), toMl(b, n, 1))))).toBeLessThan(1e-10);
      const backward = b.slice();
      solveLowerTranspose(L, n, backward);
      expect(relativeError(backward, fromMl(solve(toMl(transpose(L, n), n, n), toMl(b, n, 1))))).toBeLessThan(1e-10);
    }
  });

  it("solveWithCholesky solves A x = b as ml-matrix's Cholesky and LU solvers do", () => {
    for (let n = 1; n <= 30; n++) {
      const { A, L, rng, condition } = factoredSpd(n, 500 + n);
      const b = randomGaussian(n, 1, rng);
      const x = b.slice();
      solveWithCholesky(L, n, x);
      const viaCholesky = fromMl(new CholeskyDecomposition(toMl(A, n, n)).solve(toMl(b, n, 1)));
      const viaLu = fromMl(solve(toMl(A, n, n), toMl(b, n, 1)));
      // Forward error of a backward-stable solve is ≲ κ·ε.
      const tolerance = 1e-10 * Math.max(1, condition / 1e4);
      expect(relativeError(x, viaCholesky)).toBeLessThan(tolerance);
      expect(relativeError(x, viaLu)).toBeLessThan(tolerance);
      // Residual check, independent of κ: ‖A x − b‖ ≤ c·ε·‖A‖‖x‖.
      const residual = new Float64Array(n);
      let normA = 0;
      let normX = 0;
      for (let i = 0; i < n; i++) {
        let sum = -b[i];
        for (let j = 0; j < n; j++) {
          sum += A[j * n + i] * x[j];
          normA = Math.max(normA, Math.abs(A[j * n + i]));
        }
        residual[i] = sum;
        normX = Math.max(normX, Math.abs(x[i]));
      }
      for (let i = 0; i < n; i++) expect(Math.abs(residual[i])).toBeLessThan(1e-13 * n * normA * normX);
    }
  });

  it("works at offsets inside packed arrays without touching neighbours", () => {
    const n = 4;
    const { L, rng } = factoredSpd(n, 77);
    const b = randomGaussian(n, 1, rng);
    const expected = b.slice();
    solveWithCholesky(L, n, expected);
    const packedL = new Float64Array(2 + n * n);
    packedL.set(L, 2);
    const packedB = new Float64Array(5 + n + 3).fill(9);
    packedB.set(b, 5);
    solveWithCholesky(packedL, n, packedB, 2, 5);
    expect(Array.from(packedB.subarray(5, 5 + n))).toEqual(Array.from(expected));
    expect(Array.from(packedB.subarray(0, 5))).toEqual([9, 9, 9, 9, 9]);
    expect(Array.from(packedB.subarray(5 + n))).toEqual([9, 9, 9]);
  });

  it("matrix right-hand sides agree with column-by-column solves and with ml-matrix", () => {
    const n = 12;
    const m = 5;
    const { A, L, rng } = factoredSpd(n, 31);
    const B = randomGaussian(n, m, rng);

    const lower = B.slice();
    solveLowerMatrix(L, n, lower, m);
    const lowerTransposed = B.slice();
    solveLowerTransposeMatrix(L, n, lowerTransposed, m);
    const full = B.slice();
    solveWithCholeskyMatrix(L, n, full, m);
    for (let c = 0; c < m; c++) {
      const column = B.slice(c * n, (c + 1) * n);
      const a = column.slice();
      solveLower(L, n, a);
      expect(Array.from(lower.subarray(c * n, (c + 1) * n))).toEqual(Array.from(a));
      const t = column.slice();
      solveLowerTranspose(L, n, t);
      expect(Array.from(lowerTransposed.subarray(c * n, (c + 1) * n))).toEqual(Array.from(t));
    }
    expect(relativeError(full, fromMl(solve(toMl(A, n, n), toMl(B, n, m))))).toBeLessThan(1e-10);
  });
});
