/**
 * The LP on many rows (issue 12: HiGHS aborted above about 850 000): beyond ALL_ROWS_LIMIT rows it runs on
 * a subset and adds violated rows until none is, which is exact for the full LP. Checked against the same
 * data small enough to solve whole, and on designs whose answer is known by construction.
 */
import { describe, expect, it } from "vitest";
import { detectSeparation } from "./detect-separation.js";
import { ALL_ROWS_LIMIT } from "./separation-lp.js";

/** Deterministic pseudo-random numbers (no Math.random). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** n rows, intercept + x1 + x2; y = 1{x1 > 0} when `separated` (x1 → +∞), else noisy. */
function design(n: number, separated: boolean, seed: number) {
  const u = lcg(seed);
  const X = new Float64Array(n * 3);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x1 = u() * 2 - 1;
    const x2 = u() * 2 - 1;
    X[i] = 1;
    X[n + i] = x1;
    X[2 * n + i] = x2;
    y[i] = separated ? (x1 > 0 ? 1 : 0) : u() < 1 / (1 + Math.exp(-(0.3 + x1 - x2))) ? 1 : 0;
  }
  return { X, y };
}

describe("detectSeparation by constraint generation", () => {
  const n = 2 * ALL_ROWS_LIMIT;

  it("overlapping data: finite, with far fewer rows in the solver", async () => {
    const { X, y } = design(n, false, 1);
    const report = await detectSeparation(X, n, 3, y, null, { columnNames: ["(Intercept)", "x1", "x2"] });
    expect(report.separated).toBe(false);
    expect(report.notes.join(" ")).toMatch(/constraint generation: \d+ of 40000 rows/);
  });

  it("complete separation in x1: the same answer as on the whole LP", async () => {
    const { X, y } = design(n, true, 2);
    const report = await detectSeparation(X, n, 3, y, null, { columnNames: ["(Intercept)", "x1", "x2"] });
    expect(report.separated).toBe(true);
    expect(report.kind).toBe("complete");
    expect(report.estimates).toEqual([0, Infinity, 0]);
    // The whole LP on a copy small enough for one solve agrees.
    const m = ALL_ROWS_LIMIT / 2;
    const small = design(m, true, 2);
    const whole = await detectSeparation(small.X, m, 3, small.y, null);
    expect(whole.estimates).toEqual(report.estimates);
    // The direction separates every row, not only those the solver saw.
    const d = report.direction!;
    for (let i = 0; i < n; i++) {
      const activity = X[i]! * d[0]! + X[n + i]! * d[1]! + X[2 * n + i]! * d[2]!;
      expect((2 * y[i]! - 1) * activity).toBeGreaterThanOrEqual(-1e-9);
    }
  });
});
