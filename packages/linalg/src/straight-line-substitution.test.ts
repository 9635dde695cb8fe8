import { describe, expect, it } from "vitest";
import { CompressedLowerFactor } from "./compressed-lower-factor.js";
import { SparseCholesky } from "./sparse-cholesky.js";
import { analyseSparseCholesky } from "./sparse-cholesky-symbolic.js";
import { STRAIGHT_LINE_LIMIT } from "./straight-line-substitution.js";
import { createRng } from "./test-support/random-matrices.js";
import { randomSymmetricPattern, randomSpdValues } from "./test-support/sparse-oracle.js";

/** A factor of a random SPD matrix on a random pattern, copied into compressed columns. */
function randomFactor(n: number, density: number, seed: number): CompressedLowerFactor {
  const rng = createRng(seed);
  const pattern = randomSymmetricPattern(n, density, rng.integer(0, 2), rng);
  const symbolic = analyseSparseCholesky(pattern, { ordering: "amd" });
  const chol = new SparseCholesky(symbolic);
  expect(chol.refactor(randomSpdValues(pattern, rng, 1))).toBe(true);
  const factor = new CompressedLowerFactor(symbolic);
  factor.copyFrom((chol as unknown as { factor: Float64Array }).factor);
  return factor;
}

describe("straight-line substitutions", () => {
  it("give the loops' results to the bit, forward and back, on random patterns (zeros in x included)", () => {
    for (let trial = 0; trial < 30; trial++) {
      const n = 1 + (trial % 40);
      const factor = randomFactor(n, 0.05 + 0.02 * (trial % 10), 100 + trial);
      expect(factor.compiled).toBe(true);
      const rng = createRng(trial);
      const x = Float64Array.from({ length: n }, (_, k) => (k % 5 === 0 ? 0 : rng.normal()));
      for (const [compiled, loops] of [
        [(v: Float64Array) => factor.forwardSubstitution(v), (v: Float64Array) => factor.forwardLoops(v)],
        [(v: Float64Array) => factor.backSubstitution(v), (v: Float64Array) => factor.backLoops(v)],
      ] as const) {
        const a = Float64Array.from(x);
        const b = Float64Array.from(x);
        compiled(a);
        loops(b);
        expect(Array.from(a)).toEqual(Array.from(b));
      }
    }
  });

  it("keep the loops above the size limit, with the same results", () => {
    // A dense 70 × 70 pattern: 2 415 entries below the diagonal plus 70 columns > the limit.
    const factor = randomFactor(70, 1, 7);
    expect(70 * 69 / 2 + 70).toBeGreaterThan(STRAIGHT_LINE_LIMIT);
    expect(factor.compiled).toBe(false);
    const x = Float64Array.from({ length: 70 }, (_, k) => Math.sin(k));
    const y = Float64Array.from(x);
    factor.forwardSubstitution(x);
    factor.forwardLoops(y);
    expect(Array.from(x)).toEqual(Array.from(y));
  });
});
