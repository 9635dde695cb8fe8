import { describe, expect, it } from "vitest";
import { assertSymmetricPattern, patternEntryIndex, symmetricPatternFromEntries } from "./symmetric-pattern.js";
import { createRng } from "./test-support/random-matrices.js";

describe("symmetricPatternFromEntries", () => {
  it("folds both triangles into the lower one, drops repeats and always holds the diagonal", () => {
    const pattern = symmetricPatternFromEntries(4, Int32Array.from([0, 2, 3, 2, 1, 1]), Int32Array.from([2, 0, 1, 0, 3, 1]));
    expect(Array.from(pattern.colPtr)).toEqual([0, 2, 4, 5, 6]);
    expect(Array.from(pattern.rowIndex)).toEqual([0, 2, 1, 3, 2, 3]);
    assertSymmetricPattern(pattern, "test");
  });

  it("agrees with a dense set of entries on random input", () => {
    const rng = createRng(5);
    for (let trial = 0; trial < 30; trial++) {
      const n = rng.integer(1, 25);
      const count = rng.integer(0, 3 * n);
      const rows = new Int32Array(count);
      const cols = new Int32Array(count);
      const present = new Set<number>();
      for (let k = 0; k < count; k++) {
        rows[k] = rng.integer(0, n - 1);
        cols[k] = rng.integer(0, n - 1);
        present.add(Math.max(rows[k], cols[k]) * n + Math.min(rows[k], cols[k]));
      }
      for (let j = 0; j < n; j++) present.add(j * n + j);
      const pattern = symmetricPatternFromEntries(n, rows, cols);
      assertSymmetricPattern(pattern, "test");
      expect(pattern.rowIndex.length).toBe(present.size);
      const mismatches: string[] = [];
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const index = patternEntryIndex(pattern, i, j);
          const key = Math.max(i, j) * n + Math.min(i, j);
          const found = index >= 0 && pattern.rowIndex[index] === Math.max(i, j);
          if (found !== present.has(key) || patternEntryIndex(pattern, j, i) !== index) mismatches.push(`(${i}, ${j})`);
        }
      }
      expect(mismatches).toEqual([]);
    }
  });

  it("names the entry, row or column that is out of range", () => {
    expect(() => symmetricPatternFromEntries(3, Int32Array.from([0, 3]), Int32Array.from([0, 1]))).toThrow(/entry 1 has row 3, outside \[0, 3\)/);
    expect(() => symmetricPatternFromEntries(3, Int32Array.from([0]), Int32Array.from([-1]))).toThrow(/entry 0 has column -1/);
    expect(() => symmetricPatternFromEntries(3, Int32Array.from([0]), Int32Array.from([]))).toThrow(/rows has 1 entries but cols has 0/);
    expect(() => symmetricPatternFromEntries(-1, new Int32Array(0), new Int32Array(0))).toThrow(/n must be a non-negative integer/);
    const pattern = symmetricPatternFromEntries(3, new Int32Array(0), new Int32Array(0));
    expect(() => patternEntryIndex(pattern, 3, 0)).toThrow(/row 3 outside \[0, 3\)/);
  });
});

describe("assertSymmetricPattern", () => {
  it("rejects malformed hand-built patterns with the defect named", () => {
    const bad = (colPtr: number[], rowIndex: number[]) => ({ n: colPtr.length - 1, colPtr: Int32Array.from(colPtr), rowIndex: Int32Array.from(rowIndex) });
    expect(() => assertSymmetricPattern(bad([0, 1, 2], [0, 0]), "f")).toThrow(/column 1 of the pattern does not start with its diagonal/);
    expect(() => assertSymmetricPattern(bad([0, 3, 4], [0, 1, 1, 1]), "f")).toThrow(/column 0 of the pattern has row 1 out of order/);
    expect(() => assertSymmetricPattern(bad([0, 2, 3], [0, 2, 1]), "f")).toThrow(/row 2 out of order or outside \[0, 2\)/);
    expect(() => assertSymmetricPattern({ n: 2, colPtr: Int32Array.from([0, 1]), rowIndex: Int32Array.from([0]) }, "f")).toThrow(/colPtr has length 2, expected n \+ 1 = 3/);
  });
});
