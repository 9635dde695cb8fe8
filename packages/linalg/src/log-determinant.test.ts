import { determinant } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { choleskyInPlace } from "./cholesky.js";
import { logDetFromCholesky } from "./log-determinant.js";
import { createRng, randomCondition, randomSpd, toMl } from "./test-support/random-matrices.js";

describe("logDetFromCholesky", () => {
  it("matches log(ml-matrix determinant) and the sum of log eigenvalues (n = 1..30)", () => {
    const rng = createRng(42);
    for (let n = 1; n <= 30; n++) {
      const { A, eigenvalues } = randomSpd(n, rng, randomCondition(rng, 8), Math.pow(10, 2 * rng.uniform() - 1));
      const L = A.slice();
      expect(choleskyInPlace(L, n)).toBe(true);
      const logDet = logDetFromCholesky(L, n);
      const oracle = Math.log(determinant(toMl(A, n, n)));
      let fromEigenvalues = 0;
      for (const value of eigenvalues) fromEigenvalues += Math.log(value);
      // Absolute error in log det = relative error in det.
      expect(Math.abs(logDet - oracle)).toBeLessThan(1e-10 * Math.max(1, Math.abs(oracle)));
      expect(Math.abs(logDet - fromEigenvalues)).toBeLessThan(1e-10 * Math.max(1, Math.abs(fromEigenvalues)));
    }
  });

  it("stays finite where the determinant itself under/overflows, and reads at an offset", () => {
    const n = 400;
    const L = new Float64Array(n * n);
    for (let j = 0; j < n; j++) L[j * n + j] = 1e-3;
    expect(logDetFromCholesky(L, n)).toBeCloseTo(2 * n * Math.log(1e-3), 8);
    const packed = new Float64Array([99, 3, 0, 1, 2]);
    expect(logDetFromCholesky(packed, 2, 1)).toBeCloseTo(2 * Math.log(6), 14);
  });
});
