import { Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { crossProduct, fillUpperFromLower, matMul, matTVec, matVec, symmetriseInPlace } from "./dense-ops.js";
import { createRng, fromMl, randomGaussian, relativeError, toMl } from "./test-support/random-matrices.js";

describe("dense helpers", () => {
  it("matVec, matTVec, matMul and crossProduct match ml-matrix on random rectangular matrices", () => {
    const rng = createRng(321);
    for (let trial = 0; trial < 20; trial++) {
      const m = rng.integer(1, 12);
      const k = rng.integer(1, 12);
      const n = rng.integer(1, 12);
      const A = randomGaussian(m, k, rng);
      const B = randomGaussian(k, n, rng);
      const x = randomGaussian(k, 1, rng);
      const y = randomGaussian(m, 1, rng);
      const mlA = toMl(A, m, k);

      const ax = matVec(A, m, k, x, new Float64Array(m).fill(Number.NaN)); // stale output must be overwritten
      expect(relativeError(ax, fromMl(mlA.mmul(toMl(x, k, 1))))).toBeLessThan(1e-14);
      const aty = matTVec(A, m, k, y, new Float64Array(k));
      expect(relativeError(aty, fromMl(mlA.transpose().mmul(toMl(y, m, 1))))).toBeLessThan(1e-14);
      const ab = matMul(A, m, k, B, n, new Float64Array(m * n).fill(7));
      expect(relativeError(ab, fromMl(mlA.mmul(toMl(B, k, n))))).toBeLessThan(1e-14);
      const ata = crossProduct(A, m, k, new Float64Array(k * k));
      expect(relativeError(ata, fromMl(mlA.transpose().mmul(mlA)))).toBeLessThan(1e-14);
    }
  });

  it("symmetriseInPlace averages the triangles; fillUpperFromLower mirrors the lower one", () => {
    const A = new Float64Array([1, 2, 3, 4, 5, 6, 7, 8, 9]); // columns (1,2,3), (4,5,6), (7,8,9)
    expect(Array.from(symmetriseInPlace(A.slice(), 3))).toEqual([1, 3, 5, 3, 5, 7, 5, 7, 9]);
    expect(Array.from(fillUpperFromLower(A.slice(), 3))).toEqual([1, 2, 3, 2, 5, 6, 3, 6, 9]);
    const symmetric = fromMl(new Matrix([[2, -1], [-1, 3]]));
    expect(Array.from(symmetriseInPlace(symmetric.slice(), 2))).toEqual(Array.from(symmetric));
  });
});
