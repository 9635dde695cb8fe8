import { describe, expect, it } from "vitest";
import { approximateMinimumDegreeOrder } from "./amd-ordering.js";
import { analyseSparseCholesky } from "./sparse-cholesky-symbolic.js";
import { symmetricPatternFromEntries } from "./symmetric-pattern.js";
import { createRng } from "./test-support/random-matrices.js";
import { randomSymmetricPattern } from "./test-support/sparse-oracle.js";

function isPermutation(order: Int32Array, n: number): boolean {
  if (order.length !== n) return false;
  const seen = new Uint8Array(n);
  for (const i of order) {
    if (!(i >= 0 && i < n) || seen[i] === 1) return false;
    seen[i] = 1;
  }
  return true;
}

describe("approximateMinimumDegreeOrder", () => {
  it("is a bijection on random patterns (isolated nodes, dense rows, repeated entries included)", () => {
    const rng = createRng(77);
    for (let trial = 0; trial < 150; trial++) {
      const n = rng.integer(0, 120);
      const pattern = randomSymmetricPattern(n, rng.uniform() * 0.2, rng.integer(0, 3), rng);
      expect(isPermutation(approximateMinimumDegreeOrder(pattern), n)).toBe(true);
    }
  });

  it("stays a bijection with far less fill than the natural order on larger random patterns (quotient-graph compaction runs here)", () => {
    const rng = createRng(5);
    // Checked once with an instrumented copy: each of these patterns triggers the garbage collection
    // of the quotient graph's index array at least once.
    for (const [n, density] of [[300, 0.02], [1000, 0.005], [2000, 0.003]] as const) {
      const pattern = randomSymmetricPattern(n, density, 0, rng);
      const order = approximateMinimumDegreeOrder(pattern);
      expect(isPermutation(order, n)).toBe(true);
      const amd = analyseSparseCholesky(pattern, { ordering: order }).nnzFactor;
      expect(amd).toBeLessThan(0.5 * analyseSparseCholesky(pattern, { ordering: "natural" }).nnzFactor);
    }
  });

  it("orders an arrowhead's hub last: nnz(L) = 2n − 1 where the natural order fills completely", () => {
    const n = 200;
    const rows = Int32Array.from({ length: n - 1 }, (_, k) => k + 1);
    const cols = new Int32Array(n - 1); // hub is node 0
    const pattern = symmetricPatternFromEntries(n, rows, cols);
    const order = approximateMinimumDegreeOrder(pattern);
    expect(order[n - 1]).toBe(0);
    expect(analyseSparseCholesky(pattern, { ordering: "amd" }).nnzFactor).toBe(2 * n - 1);
    expect(analyseSparseCholesky(pattern, { ordering: "natural" }).nnzFactor).toBe((n * (n + 1)) / 2);
  });

  it("keeps a tridiagonal matrix fill-free", () => {
    const n = 500;
    const rows = Int32Array.from({ length: n - 1 }, (_, k) => k + 1);
    const cols = Int32Array.from({ length: n - 1 }, (_, k) => k);
    const pattern = symmetricPatternFromEntries(n, rows, cols);
    expect(analyseSparseCholesky(pattern, { ordering: "amd" }).nnzFactor).toBe(2 * n - 1);
  });

  it("finds the nested-dissection-like fill of a 2-D grid well below the natural (banded) order", () => {
    const side = 30;
    const rows: number[] = [];
    const cols: number[] = [];
    for (let x = 0; x < side; x++) {
      for (let y = 0; y < side; y++) {
        if (x + 1 < side) { rows.push(x * side + y); cols.push((x + 1) * side + y); }
        if (y + 1 < side) { rows.push(x * side + y); cols.push(x * side + y + 1); }
      }
    }
    const pattern = symmetricPatternFromEntries(side * side, Int32Array.from(rows), Int32Array.from(cols));
    const amd = analyseSparseCholesky(pattern, { ordering: "amd" }).nnzFactor;
    const natural = analyseSparseCholesky(pattern, { ordering: "natural" }).nnzFactor;
    // Natural (bandwidth 30) fills ~ n·side = 27 000; minimum degree gives roughly half of that.
    expect(amd).toBeLessThan(0.7 * natural);
  });
});
