import { CholeskyDecomposition, determinant, solve } from "ml-matrix";
import { describe, expect, it } from "vitest";
import {
  blockDiagonalCholeskyInPlace,
  blockDiagonalLogDet,
  blockDiagonalSolveInPlace,
  blockDiagonalSolveLowerMatrixInPlace,
  blockDiagonalSolveLowerTransposeInPlace,
} from "./block-diagonal-cholesky.js";
import { choleskyInPlace } from "./cholesky.js";
import { assembleBlockDiagonal, randomBlocks } from "./test-support/block-fixtures.js";
import { createRng, fromMl, randomGaussian, relativeError, toMl } from "./test-support/random-matrices.js";

describe("block-diagonal Cholesky", () => {
  for (const q of [1, 2, 3, 5]) {
    it(`q = ${q}: factor, solve and log-determinant match the assembled dense matrix in ml-matrix`, () => {
      const rng = createRng(300 + q);
      for (const J of [1, 2, 7, 12]) {
        const n = J * q;
        const blocks = randomBlocks(J, q, rng);
        const dense = assembleBlockDiagonal(blocks, J, q);
        const factors = blocks.slice();
        expect(blockDiagonalCholeskyInPlace(factors, J, q)).toBe(true);

        // The factors are the blocks of the dense factor.
        const denseFactor = fromMl(new CholeskyDecomposition(toMl(dense, n, n)).lowerTriangularMatrix);
        expect(relativeError(assembleBlockDiagonal(factors, J, q), denseFactor)).toBeLessThan(1e-12);

        const b = randomGaussian(n, 1, rng);
        const x = b.slice();
        blockDiagonalSolveInPlace(factors, J, q, x);
        expect(relativeError(x, fromMl(solve(toMl(dense, n, n), toMl(b, n, 1))))).toBeLessThan(1e-10);

        const logDet = blockDiagonalLogDet(factors, J, q);
        const oracle = Math.log(determinant(toMl(dense, n, n)));
        expect(Math.abs(logDet - oracle)).toBeLessThan(1e-10 * Math.max(1, Math.abs(oracle)));
      }
    });
  }

  it("the q = 1 fast path agrees with the generic per-block kernels", () => {
    const rng = createRng(8);
    const J = 50;
    const scalars = new Float64Array(J);
    for (let j = 0; j < J; j++) scalars[j] = Math.pow(10, 4 * rng.uniform() - 2);
    const factors = scalars.slice();
    expect(blockDiagonalCholeskyInPlace(factors, J, 1)).toBe(true);
    for (let j = 0; j < J; j++) {
      const single = new Float64Array([scalars[j]]);
      choleskyInPlace(single, 1);
      expect(factors[j]).toBe(single[0]);
    }
    const b = randomGaussian(J, 1, rng);
    const x = b.slice();
    blockDiagonalSolveInPlace(factors, J, 1, x);
    for (let j = 0; j < J; j++) expect(Math.abs(x[j] - b[j] / scalars[j])).toBeLessThan(1e-15 * Math.abs(x[j]) + 1e-300);
    let logDet = 0;
    for (let j = 0; j < J; j++) logDet += Math.log(scalars[j]);
    expect(Math.abs(blockDiagonalLogDet(factors, J, 1) - logDet)).toBeLessThan(1e-12 * Math.abs(logDet));
  });

  it("half solves compose to the full solve and match the dense triangular factor", () => {
    for (const q of [1, 3]) {
      const rng = createRng(61 + q);
      const J = 6;
      const n = J * q;
      const m = 4;
      const factors = randomBlocks(J, q, rng);
      expect(blockDiagonalCholeskyInPlace(factors, J, q)).toBe(true);
      const denseL = assembleBlockDiagonal(factors, J, q);
      const B = randomGaussian(n, m, rng);
      const W = B.slice();
      blockDiagonalSolveLowerMatrixInPlace(factors, J, q, W, m);
      expect(relativeError(W, fromMl(solve(toMl(denseL, n, n), toMl(B, n, m))))).toBeLessThan(1e-10);

      const b = B.slice(0, n);
      const twoHalves = b.slice();
      blockDiagonalSolveLowerMatrixInPlace(factors, J, q, twoHalves, 1);
      blockDiagonalSolveLowerTransposeInPlace(factors, J, q, twoHalves);
      const full = b.slice();
      blockDiagonalSolveInPlace(factors, J, q, full);
      expect(relativeError(twoHalves, full)).toBeLessThan(1e-14);
    }
  });

  it("reports failure when any block is not positive definite", () => {
    const rng = createRng(13);
    for (const q of [1, 3]) {
      const J = 5;
      const blocks = randomBlocks(J, q, rng);
      // Make block 3 indefinite: negate its first diagonal entry.
      blocks[3 * q * q] = -Math.abs(blocks[3 * q * q]);
      expect(blockDiagonalCholeskyInPlace(blocks.slice(), J, q)).toBe(false);
    }
    expect(blockDiagonalCholeskyInPlace(new Float64Array([1, 0, 2]), 3, 1)).toBe(false);
    expect(blockDiagonalCholeskyInPlace(new Float64Array([1, Number.NaN]), 2, 1)).toBe(false);
    expect(blockDiagonalCholeskyInPlace(new Float64Array(0), 0, 3)).toBe(true);
  });
});
