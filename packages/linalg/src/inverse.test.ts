import { inverse } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { choleskyInPlace } from "./cholesky.js";
import { diagonalOfInverseFromCholesky, inverseFromCholesky } from "./inverse.js";
import { createRng, fromMl, randomCondition, randomSpd, relativeError, toMl } from "./test-support/random-matrices.js";

describe("inverse from a Cholesky factor", () => {
  it("matches ml-matrix's inverse, is symmetric, and its diagonal agrees (n = 1..30)", () => {
    const rng = createRng(2718);
    for (let n = 1; n <= 30; n++) {
      const condition = randomCondition(rng, 6);
      const { A } = randomSpd(n, rng, condition, Math.pow(10, 4 * rng.uniform() - 2));
      const L = A.slice();
      expect(choleskyInPlace(L, n)).toBe(true);
      const Ainv = inverseFromCholesky(L, n);
      const oracle = fromMl(inverse(toMl(A, n, n)));
      // Inversion's forward error is ≲ κ·ε.
      expect(relativeError(Ainv, oracle)).toBeLessThan(1e-10 * Math.max(1, condition / 1e4));
      for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) expect(Ainv[j * n + i]).toBe(Ainv[i * n + j]);

      const diagonal = diagonalOfInverseFromCholesky(L, n);
      for (let i = 0; i < n; i++) expect(diagonal[i]).toBe(Ainv[i * n + i]);

      // A · A⁻¹ = I to within κ·ε.
      let worst = 0;
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < n; i++) {
          let sum = 0;
          for (let k = 0; k < n; k++) sum += A[k * n + i] * Ainv[j * n + k];
          worst = Math.max(worst, Math.abs(sum - (i === j ? 1 : 0)));
        }
      }
      expect(worst).toBeLessThan(1e-13 * n * condition);
    }
  });

  it("writes into a supplied buffer", () => {
    const L = new Float64Array([2, 1, 0, 2]); // A = [4 2; 2 5], A⁻¹ = [5 −2; −2 4] / 16
    const out = new Float64Array(4);
    expect(inverseFromCholesky(L, 2, out)).toBe(out);
    expect(relativeError(out, [5 / 16, -2 / 16, -2 / 16, 4 / 16])).toBeLessThan(1e-15);
    const diagonal = new Float64Array(2);
    expect(diagonalOfInverseFromCholesky(L, 2, diagonal)).toBe(diagonal);
    expect(relativeError(diagonal, [5 / 16, 4 / 16])).toBeLessThan(1e-15);
  });
});
