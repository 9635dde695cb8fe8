import { describe, expect, it } from "vitest";
import { buildSeparationProblem, costOfRows, rowActivities } from "./separation-problem.js";
import { SeparationInputError } from "./errors.js";
import { columnMajor } from "./test-support/fixtures.js";

describe("buildSeparationProblem", () => {
  it("signs rows by the response, scales columns by max |x| and stores the nonzeros as CSR", () => {
    const x = columnMajor(
      [
        [1, 0, -40],
        [1, 2, 0],
        [1, -4, 20],
      ],
      3,
    );
    const problem = buildSeparationProblem(x, 3, 3, Float64Array.from([0, 1, 1]), null);
    expect(Array.from(problem.rowSign)).toEqual([-1, 1, 1]);
    expect(Array.from(problem.scale)).toEqual([1, 4, 40]);
    expect(Array.from(problem.starts)).toEqual([0, 2, 4, 7]);
    expect(Array.from(problem.indices)).toEqual([0, 2, 0, 1, 0, 1, 2]);
    expect(Array.from(problem.values)).toEqual([-1, 1, 1, 0.5, 1, -1, 0.5]);
    // Konis's objective: column sums of the signed rows.
    expect(Array.from(problem.baseCost)).toEqual([1, -0.5, 1.5]);
    expect(Array.from(costOfRows(problem, [0, 1, 2]))).toEqual(Array.from(problem.baseCost));
    expect(Array.from(rowActivities(problem, Float64Array.from([1, 1, 1])))).toEqual([0, 1.5, 0.5]);
  });

  it("binomial counts: 0 < y < m rows become equality rows, trials = 0 rows are left out", () => {
    const x = columnMajor([[1], [1], [1], [1]], 1);
    const problem = buildSeparationProblem(
      x,
      4,
      1,
      Float64Array.from([0, 2, 3, 0]),
      Float64Array.from([4, 5, 3, 0]),
    );
    expect(problem.numRows).toBe(3);
    expect(Array.from(problem.rowIndex)).toEqual([0, 1, 2]);
    expect(Array.from(problem.rowSign)).toEqual([-1, 0, 1]);
    expect(problem.skippedRows).toEqual([3]);
    expect(problem.twoSidedRows).toBe(1);
    // The equality row does not enter the objective: −1 (failure row) + 1 (success row).
    expect(Array.from(problem.baseCost)).toEqual([0]);
  });

  it("treats scaled entries below 1e-12 as exact zeros", () => {
    const x = columnMajor([[1, 1], [1, 1e-14], [1, -1]], 2);
    const problem = buildSeparationProblem(x, 3, 2, Float64Array.from([0, 1, 1]), null);
    expect(Array.from(problem.indices)).toEqual([0, 1, 0, 0, 1]);
  });

  it("sets aliased columns aside and maps LP columns back to X", () => {
    const x = columnMajor([[1, 2, 4], [1, 3, 6], [1, 5, 10]], 3);
    const problem = buildSeparationProblem(x, 3, 3, Float64Array.from([0, 1, 1]), null, {
      columnNames: ["a", "b", "c"],
    });
    expect(Array.from(problem.kept)).toEqual([0, 1]);
    expect(problem.aliased.map((a) => a.column)).toEqual([2]);
    expect(problem.columnNames).toEqual(["a", "b", "c"]);
  });

  it("rejects malformed input", () => {
    const x = columnMajor([[1], [1]], 1);
    expect(() => buildSeparationProblem(x, 2, 1, Float64Array.from([0, 0.5]), null)).toThrow(SeparationInputError);
    expect(() => buildSeparationProblem(x, 2, 1, Float64Array.from([0, 1]), Float64Array.from([1, -1]))).toThrow(
      /trials row 1/,
    );
    expect(() => buildSeparationProblem(x, 2, 1, Float64Array.from([0, 1, 1]), null)).toThrow(/y has 3 entries/);
    expect(() => buildSeparationProblem(x, 2, 1, Float64Array.from([0, 1]), null, { columnNames: ["a", "b"] })).toThrow(
      /columnNames has 2 names/,
    );
    expect(() => buildSeparationProblem(x, 2.5, 1, Float64Array.from([0, 1]), null)).toThrow(/n must be/);
  });
});
