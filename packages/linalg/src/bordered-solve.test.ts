import { CholeskyDecomposition, determinant, inverse, solve } from "ml-matrix";
import { describe, expect, it } from "vitest";
import {
  borderedInverseLowerRight,
  borderedLogDet,
  factorBordered,
  factorBorderedInPlace,
  solveBordered,
} from "./bordered-solve.js";
import { assembleBordered, randomBlocks, randomBorderedSystem } from "./test-support/block-fixtures.js";
import { createRng, fromMl, randomGaussian, relativeError, toMl } from "./test-support/random-matrices.js";

function lowerRightBlock(M: Float64Array, n: number, p: number): Float64Array {
  const out = new Float64Array(p * p);
  for (let c = 0; c < p; c++) for (let r = 0; r < p; r++) out[c * p + r] = M[(n - p + c) * n + n - p + r];
  return out;
}

describe("bordered (arrowhead) factorisation", () => {
  const shapes: Array<[J: number, q: number, p: number]> = [
    [1, 1, 1],
    [10, 1, 3],
    [25, 1, 6],
    [4, 3, 2],
    [8, 3, 5],
    [6, 2, 4],
    [3, 4, 7],
  ];
  for (const [J, q, p] of shapes) {
    it(`J = ${J}, q = ${q}, p = ${p}: solve, log-determinant and S⁻¹ match the assembled system`, () => {
      const rng = createRng(1000 * J + 100 * q + p);
      for (let trial = 0; trial < 3; trial++) {
        const { D, B, C, schur } = randomBorderedSystem(J, q, p, rng);
        const n = J * q + p;
        const M = assembleBordered(D, J, q, B, C, p);
        // The fixture is SPD: ml-matrix agrees.
        expect(new CholeskyDecomposition(toMl(M, n, n)).isPositiveDefinite()).toBe(true);

        const inputs = [D.slice(), B.slice(), C.slice()];
        const factor = factorBordered(D, J, q, B, C, p);
        expect(factor).not.toBeNull();
        if (factor === null) return;
        expect([D, B, C].map((a) => Array.from(a))).toEqual(inputs.map((a) => Array.from(a)));

        // Schur factor reproduces S₀ = C − Bᵀ D⁻¹ B.
        const L = factor.schurFactor;
        const rebuilt = new Float64Array(p * p);
        for (let b = 0; b < p; b++) for (let a = 0; a < p; a++) {
          let sum = 0;
          for (let k = 0; k <= Math.min(a, b); k++) sum += L[k * p + a] * L[k * p + b];
          rebuilt[b * p + a] = sum;
        }
        expect(relativeError(rebuilt, schur)).toBeLessThan(1e-10);

        const rhs = randomGaussian(n, 1, rng);
        const r = rhs.slice(0, J * q);
        const s = rhs.slice(J * q);
        solveBordered(factor, r, s);
        const oracle = fromMl(solve(toMl(M, n, n), toMl(rhs, n, 1)));
        const combined = new Float64Array(n);
        combined.set(r, 0);
        combined.set(s, J * q);
        expect(relativeError(combined, oracle)).toBeLessThan(1e-10);
        // The factor is reusable: a second right-hand side.
        const rhs2 = randomGaussian(n, 1, rng);
        const r2 = rhs2.slice(0, J * q);
        const s2 = rhs2.slice(J * q);
        solveBordered(factor, r2, s2);
        const oracle2 = fromMl(solve(toMl(M, n, n), toMl(rhs2, n, 1)));
        expect(relativeError([...r2, ...s2], oracle2)).toBeLessThan(1e-10);

        const logDet = borderedLogDet(factor);
        const denseLogDet = Math.log(determinant(toMl(M, n, n)));
        expect(Math.abs(logDet - denseLogDet)).toBeLessThan(1e-10 * Math.max(1, Math.abs(denseLogDet)));

        const sInverse = borderedInverseLowerRight(factor);
        const denseInverse = fromMl(inverse(toMl(M, n, n)));
        expect(relativeError(sInverse, lowerRightBlock(denseInverse, n, p))).toBeLessThan(1e-10);
        const out = new Float64Array(p * p);
        expect(borderedInverseLowerRight(factor, out)).toBe(out);
        expect(Array.from(out)).toEqual(Array.from(sInverse));
      }
    });
  }

  it("factorBorderedInPlace overwrites its inputs with the factor and agrees with factorBordered", () => {
    const rng = createRng(55);
    const J = 5;
    const q = 3;
    const p = 3;
    const { D, B, C } = randomBorderedSystem(J, q, p, rng);
    const copied = factorBordered(D, J, q, B, C, p);
    const inPlace = factorBorderedInPlace(D, J, q, B, C, p);
    expect(inPlace).not.toBeNull();
    expect(copied).not.toBeNull();
    if (inPlace === null || copied === null) return;
    expect(inPlace.blockFactors).toBe(D);
    expect(inPlace.border).toBe(B);
    expect(inPlace.schurFactor).toBe(C);
    expect(Array.from(inPlace.schurFactor)).toEqual(Array.from(copied.schurFactor));
    expect(Array.from(inPlace.border)).toEqual(Array.from(copied.border));
  });

  it("returns null when a block, or only the Schur complement, is not positive definite", () => {
    const rng = createRng(77);
    const J = 6;
    const q = 2;
    const p = 3;
    const { D, B, C } = randomBorderedSystem(J, q, p, rng);
    const badBlock = D.slice();
    badBlock[2 * q * q] = -1;
    expect(factorBordered(badBlock, J, q, B, C, p)).toBeNull();

    // D is SPD but the whole matrix is not: lowering C's diagonal by 2·diag(S₀) makes the Schur
    // complement S₀ − 2·diag(S₀) have a negative diagonal, so only the second stage can fail.
    const fixture = randomBorderedSystem(J, q, p, rng);
    const shrunkC = fixture.C.slice();
    for (let a = 0; a < p; a++) shrunkC[a * p + a] -= 2 * fixture.schur[a * p + a];
    const n = J * q + p;
    expect(new CholeskyDecomposition(toMl(assembleBordered(fixture.D, J, q, fixture.B, shrunkC, p), n, n)).isPositiveDefinite()).toBe(false);
    expect(factorBordered(fixture.D, J, q, fixture.B, shrunkC, p)).toBeNull();
  });

  it("handles p = 0 (pure block-diagonal) and J = 0 (pure dense) systems", () => {
    const rng = createRng(9);
    const J = 4;
    const q = 3;
    const D = randomBlocks(J, q, rng);
    const onlyBlocks = factorBordered(D, J, q, new Float64Array(0), new Float64Array(0), 0);
    expect(onlyBlocks).not.toBeNull();
    if (onlyBlocks === null) return;
    const M = assembleBordered(D, J, q, new Float64Array(0), new Float64Array(0), 0);
    const b = randomGaussian(J * q, 1, rng);
    const x = b.slice();
    solveBordered(onlyBlocks, x, new Float64Array(0));
    expect(relativeError(x, fromMl(solve(toMl(M, J * q, J * q), toMl(b, J * q, 1))))).toBeLessThan(1e-10);
    expect(borderedInverseLowerRight(onlyBlocks).length).toBe(0);

    const p = 4;
    const { C } = randomBorderedSystem(0, q, p, rng);
    const onlyDense = factorBordered(new Float64Array(0), 0, q, new Float64Array(0), C, p);
    expect(onlyDense).not.toBeNull();
    if (onlyDense === null) return;
    expect(relativeError(borderedInverseLowerRight(onlyDense), fromMl(inverse(toMl(C, p, p))))).toBeLessThan(1e-10);
    expect(Math.abs(borderedLogDet(onlyDense) - Math.log(determinant(toMl(C, p, p))))).toBeLessThan(1e-10);
  });

  it("rejects arrays of the wrong size", () => {
    expect(() => factorBordered(new Float64Array(3), 2, 1, new Float64Array(2), new Float64Array(1), 1)).toThrow(/D has length 3/);
    const factor = factorBordered(new Float64Array([2, 3]), 2, 1, new Float64Array([0.1, 0.2]), new Float64Array([5]), 1);
    expect(factor).not.toBeNull();
    if (factor === null) return;
    expect(() => solveBordered(factor, new Float64Array(3), new Float64Array(1))).toThrow(/r has length 3/);
  });
});
