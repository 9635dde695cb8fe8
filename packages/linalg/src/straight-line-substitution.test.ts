import { describe, expect, it } from "vitest";
import { CompressedLowerFactor } from "./compressed-lower-factor.js";
import { SparseCholesky } from "./sparse-cholesky.js";
import { analyseSparseCholesky, type SparseCholeskySymbolic } from "./sparse-cholesky-symbolic.js";
import { STRAIGHT_LINE_LIMIT } from "./straight-line-substitution.js";
import { createRng } from "./test-support/random-matrices.js";
import { randomSymmetricPattern, randomSpdValues } from "./test-support/sparse-oracle.js";

/** A factor of a random SPD matrix on a random pattern, copied into compressed columns. */
function randomFactor(n: number, density: number, seed: number): { factor: CompressedLowerFactor; symbolic: SparseCholeskySymbolic } {
  const rng = createRng(seed);
  const pattern = randomSymmetricPattern(n, density, rng.integer(0, 2), rng);
  const symbolic = analyseSparseCholesky(pattern, { ordering: "amd" });
  const chol = new SparseCholesky(symbolic);
  expect(chol.refactor(randomSpdValues(pattern, rng, 1))).toBe(true);
  const factor = new CompressedLowerFactor(symbolic);
  factor.copyFrom((chol as unknown as { factor: Float64Array }).factor);
  return { factor, symbolic };
}

/** The loops' L⁻¹ P S v and S Pᵀ L⁻ᵀ e, written out independently of the factor's own dispatch. */
function loopSolves(factor: CompressedLowerFactor, permutation: Int32Array, v: Float64Array, scale: Float64Array): { forward: Float64Array; back: Float64Array } {
  const n = v.length;
  const forward = new Float64Array(n);
  for (let k = 0; k < n; k++) forward[k] = scale[permutation[k]!]! * v[permutation[k]!]!;
  factor.forwardLoops(forward);
  const x = Float64Array.from(v);
  factor.backLoops(x);
  const back = new Float64Array(n);
  for (let k = 0; k < n; k++) back[permutation[k]!] = scale[permutation[k]!]! * x[k]!;
  return { forward, back };
}

describe("straight-line factor solves", () => {
  it("give the loops' results to the bit, L⁻¹ P S v and S Pᵀ L⁻ᵀ e, on random patterns (zeros included)", () => {
    for (let trial = 0; trial < 30; trial++) {
      const n = 1 + (trial % 40);
      const { factor, symbolic } = randomFactor(n, 0.05 + 0.02 * (trial % 10), 100 + trial);
      expect(factor.compiled).toBe(true);
      const rng = createRng(trial);
      const v = Float64Array.from({ length: n }, (_, k) => (k % 5 === 0 ? 0 : rng.normal()));
      const scale = Float64Array.from({ length: n }, () => 0.1 + rng.uniform());
      const expected = loopSolves(factor, symbolic.permutation, v, scale);
      const forward = new Float64Array(n);
      factor.solveFactor(v, forward, scale);
      expect(Array.from(forward)).toEqual(Array.from(expected.forward));
      const input = Float64Array.from(v);
      const back = new Float64Array(n);
      factor.solveTransposedFactor(input, back, scale);
      expect(Array.from(back)).toEqual(Array.from(expected.back));
      expect(Array.from(input)).toEqual(Array.from(v));
    }
  });

  it("compile exactly the factors within the size limit (3n + nnz + 1 statements) and keep the loops above it, with the same results", () => {
    // Dense patterns of growing size: 3n + n(n − 1)/2 + 1 statements cross the limit between n = 48 and 50.
    const seen = { compiled: 0, loops: 0 };
    for (const n of [30, 46, 48, 50, 52, 70]) {
      const { factor, symbolic } = randomFactor(n, 1, n);
      const statements = 3 * n + factor.colPtr[n]! + 1;
      expect(factor.compiled).toBe(statements <= STRAIGHT_LINE_LIMIT);
      seen[factor.compiled ? "compiled" : "loops"]++;
      const v = Float64Array.from({ length: n }, (_, k) => Math.sin(k));
      const scale = new Float64Array(n).fill(1.5);
      const expected = loopSolves(factor, symbolic.permutation, v, scale);
      const forward = new Float64Array(n);
      factor.solveFactor(v, forward, scale);
      expect(Array.from(forward)).toEqual(Array.from(expected.forward));
      const back = new Float64Array(n);
      factor.solveTransposedFactor(v, back, scale);
      expect(Array.from(back)).toEqual(Array.from(expected.back));
    }
    expect(seen.compiled).toBeGreaterThan(0);
    expect(seen.loops).toBeGreaterThan(0);
  });
});
