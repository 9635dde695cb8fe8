import { describe, expect, it } from "vitest";
import { Matrix, SingularValueDecomposition } from "ml-matrix";
import { columnRank } from "./column-rank.js";
import { createRng } from "./test-support/test-rng.js";

function toMatrix(x: Float64Array, n: number, p: number): Matrix {
  const m = new Matrix(n, p);
  for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) m.set(i, j, x[j * n + i]!);
  return m;
}

describe("columnRank", () => {
  it("keeps earlier columns and expresses a later combination in them", () => {
    const n = 5;
    const a = [1, 1, 1, 1, 1];
    const b = [0.5, -1, 2, 3, 0];
    const c = a.map((v, i) => 2 * v - 3 * b[i]!);
    const x = Float64Array.from([...a, ...b, ...c]);
    const rank = columnRank(x, n, 3);
    expect(rank.kept).toEqual([0, 1]);
    expect(rank.aliased).toHaveLength(1);
    const alias = rank.aliased[0]!;
    expect(alias.column).toBe(2);
    expect(alias.zero).toBe(false);
    expect(alias.coefficients[0]).toBeCloseTo(2, 12);
    expect(alias.coefficients[1]).toBeCloseTo(-3, 12);
  });

  it("flags identically zero columns and duplicates", () => {
    const n = 4;
    const x = Float64Array.from([0, 0, 0, 0, 1, 2, 3, 4, 1, 2, 3, 4]);
    const rank = columnRank(x, n, 3);
    expect(rank.kept).toEqual([1]);
    expect(rank.aliased.map((a) => [a.column, a.zero])).toEqual([
      [0, true],
      [2, false],
    ]);
    expect(rank.aliased[1]!.coefficients[0]).toBeCloseTo(1, 14);
  });

  it("matches the numerical rank of ml-matrix's SVD on random matrices with planted dependencies", () => {
    const rng = createRng(99);
    for (let replicate = 0; replicate < 25; replicate++) {
      const n = 8 + Math.floor(rng.uniform() * 30);
      const p = 2 + Math.floor(rng.uniform() * 7);
      const x = new Float64Array(n * p);
      const planted: number[] = [];
      for (let j = 0; j < p; j++) {
        if (j >= 2 && rng.uniform() < 0.35) {
          // A random combination of two earlier columns, on a different scale.
          const k = Math.floor(rng.uniform() * j);
          const l = Math.floor(rng.uniform() * j);
          const ck = rng.normal() * 1e3;
          const cl = rng.normal();
          for (let i = 0; i < n; i++) x[j * n + i] = ck * x[k * n + i]! + cl * x[l * n + i]!;
          planted.push(j);
        } else {
          for (let i = 0; i < n; i++) x[j * n + i] = rng.normal();
        }
      }
      const rank = columnRank(x, n, p);
      const svd = new SingularValueDecomposition(toMatrix(x, n, p), { autoTranspose: true });
      expect(rank.kept.length).toBe(svd.rank);
      expect(rank.aliased.map((a) => a.column)).toEqual(planted);
      // Each aliased column is reproduced by its coefficients on the kept columns.
      for (const alias of rank.aliased) {
        for (let i = 0; i < n; i++) {
          let fitted = 0;
          alias.coefficients.forEach((g, t) => (fitted += g * x[rank.kept[t]! * n + i]!));
          expect(fitted).toBeCloseTo(x[alias.column * n + i]!, 6);
        }
      }
    }
  });
});
