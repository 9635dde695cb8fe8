import { Matrix, SingularValueDecomposition } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { findAliasedColumns } from "./rank-check.js";
import { mulberry32 } from "./test-support/shared-data.js";

function columnMajor(columns: readonly Float64Array[]): Float64Array {
  const n = columns[0]!.length;
  const X = new Float64Array(n * columns.length);
  columns.forEach((c, k) => X.set(c, k * n));
  return X;
}

describe("findAliasedColumns", () => {
  it("finds x2 = 3 + 2 x1 and reports the combination with its weights", () => {
    const n = 20;
    const rand = mulberry32(7);
    const one = new Float64Array(n).fill(1);
    const x1 = Float64Array.from({ length: n }, () => rand() * 10);
    const x2 = x1.map((v) => 3 + 2 * v);
    const x3 = Float64Array.from({ length: n }, () => rand());
    const aliased = findAliasedColumns(columnMajor([one, x1, x2, x3]), n, 4);
    expect(aliased).toHaveLength(1);
    expect(aliased[0]!.column).toBe(2);
    expect(aliased[0]!.combination).toEqual([0, 1]);
    expect(aliased[0]!.weights[0]).toBeCloseTo(3, 8);
    expect(aliased[0]!.weights[1]).toBeCloseTo(2, 8);
  });

  it("reports a zero column with an empty combination", () => {
    const n = 5;
    const aliased = findAliasedColumns(columnMajor([new Float64Array(n).fill(1), new Float64Array(n)]), n, 2);
    expect(aliased).toEqual([{ column: 1, combination: [], weights: [] }]);
  });

  it("is scale invariant: badly scaled full-rank columns are not flagged", () => {
    const n = 30;
    const rand = mulberry32(11);
    const cols = [1e-8, 1, 1e9].map((s) => Float64Array.from({ length: n }, () => s * (rand() - 0.5)));
    expect(findAliasedColumns(columnMajor(cols), n, 3)).toEqual([]);
  });

  it("agrees with the SVD rank (ml-matrix) on random matrices with planted dependencies", () => {
    const rand = mulberry32(2024);
    for (let trial = 0; trial < 40; trial++) {
      const n = 8 + Math.floor(rand() * 30);
      const p = 2 + Math.floor(rand() * 7);
      const cols: Float64Array[] = [];
      const planted: number[] = [];
      for (let k = 0; k < p; k++) {
        if (k > 0 && rand() < 0.3) {
          // A random combination of two earlier columns.
          const a = Math.floor(rand() * k);
          const b = Math.floor(rand() * k);
          const wa = rand() * 4 - 2;
          const wb = rand() * 4 - 2;
          cols.push(cols[a]!.map((v, i) => wa * v + wb * cols[b]![i]!));
          planted.push(k);
        } else {
          cols.push(Float64Array.from({ length: n }, () => rand() * 2 - 1));
        }
      }
      const X = columnMajor(cols);
      const aliased = findAliasedColumns(X, n, p);
      const dense = new Matrix(n, p);
      for (let k = 0; k < p; k++) for (let i = 0; i < n; i++) dense.set(i, k, X[k * n + i]!);
      const rank = new SingularValueDecomposition(dense).rank;
      expect(p - aliased.length).toBe(rank);
      if (n >= p) expect(aliased.map((a) => a.column)).toEqual(planted);
      // Each reported combination reproduces the column.
      for (const a of aliased) {
        for (let i = 0; i < n; i++) {
          let s = 0;
          a.combination.forEach((j, t) => (s += a.weights[t]! * X[j * n + i]!));
          expect(s).toBeCloseTo(X[a.column * n + i]!, 8);
        }
      }
    }
  });
});

describe("findAliasedColumns on many rows (the Gram screen)", () => {
  it("agrees with Gram–Schmidt: full rank passes the screen, an exactly aliased column does not", () => {
    const n = 60_000;
    const X = new Float64Array(n * 4);
    let s = 1;
    const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
    for (let i = 0; i < n; i++) {
      X[i] = 1;
      X[n + i] = u();
      X[2 * n + i] = u() * 1e6;
      X[3 * n + i] = 3 * X[n + i]! - 2e-6 * X[2 * n + i]!;
    }
    expect(findAliasedColumns(X, n, 3)).toEqual([]);
    const aliased = findAliasedColumns(X, n, 4);
    expect(aliased.map((a) => a.column)).toEqual([3]);
    expect(aliased[0]!.combination).toEqual([1, 2]);
  });
});
