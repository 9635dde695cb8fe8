import { describe, expect, it } from "vitest";
import { choleskyInPlace } from "./cholesky.js";
import { eliminationTree, factorColumnPatterns, postorderForest } from "./elimination-tree.js";
import type { SymmetricPattern } from "./symmetric-pattern.js";
import { createRng } from "./test-support/random-matrices.js";
import { expandSymmetric, randomSymmetricPattern, randomSpdValues } from "./test-support/sparse-oracle.js";

/** Strict upper triangle by columns (= rows of the lower triangle) of a lower-triangle pattern. */
function upperOf(pattern: SymmetricPattern): { colPtr: Int32Array; rowIndex: Int32Array } {
  const { n, colPtr, rowIndex } = pattern;
  const lists: number[][] = Array.from({ length: n }, () => []);
  for (let j = 0; j < n; j++) for (let p = colPtr[j] + 1; p < colPtr[j + 1]; p++) lists[rowIndex[p]]!.push(j);
  const ptr = new Int32Array(n + 1);
  for (let k = 0; k < n; k++) ptr[k + 1] = ptr[k] + lists[k]!.length;
  return { colPtr: ptr, rowIndex: Int32Array.from(lists.flat()) };
}

describe("elimination tree and factor patterns", () => {
  it("match the nonzeros of a dense Cholesky factor of random matrices on random patterns", () => {
    const rng = createRng(31);
    for (let trial = 0; trial < 40; trial++) {
      const n = rng.integer(1, 30);
      const pattern = randomSymmetricPattern(n, 0.15 * rng.uniform(), rng.integer(0, 1), rng);
      const L = expandSymmetric(pattern, randomSpdValues(pattern, rng, 0));
      expect(choleskyInPlace(L, n)).toBe(true);
      const upper = upperOf(pattern);
      const parent = eliminationTree(n, upper.colPtr, upper.rowIndex);
      const columns = factorColumnPatterns(n, upper.colPtr, upper.rowIndex, parent);
      for (let j = 0; j < n; j++) {
        // Generic values: no cancellation, so L's nonzeros are exactly the symbolic pattern.
        const dense = [];
        for (let i = j; i < n; i++) if (L[j * n + i] !== 0) dense.push(i);
        expect(Array.from(columns.rowIndex.subarray(columns.colPtr[j], columns.colPtr[j + 1]))).toEqual(dense);
        expect(parent[j]).toBe(dense.length > 1 ? dense[1] : -1);
      }
    }
  });

  it("postorders children before parents with every subtree contiguous", () => {
    const rng = createRng(8);
    for (let trial = 0; trial < 30; trial++) {
      const n = rng.integer(1, 40);
      const parent = new Int32Array(n);
      for (let j = 0; j < n; j++) parent[j] = j === n - 1 || rng.uniform() < 0.2 ? -1 : rng.integer(j + 1, n - 1);
      const post = postorderForest(parent);
      const position = new Int32Array(n);
      post.forEach((node, k) => (position[node] = k));
      expect(Array.from(post).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, k) => k));
      const size = new Int32Array(n).fill(1);
      for (let j = 0; j < n; j++) if (parent[j] !== -1) size[parent[j]] += size[j]; // parents come after children here
      for (let j = 0; j < n; j++) {
        if (parent[j] !== -1) expect(position[j]).toBeLessThan(position[parent[j]]);
        // Subtree of j occupies the size[j] slots ending at j.
        for (let k = position[j] - size[j] + 1; k <= position[j]; k++) {
          let a = post[k];
          while (a !== j && a !== -1) a = parent[a];
          expect(a).toBe(j);
        }
      }
    }
  });
});
