import { describe, expect, it } from "vitest";
import { writeSeparationLp } from "./lp-format.js";
import { buildSeparationProblem } from "./separation-problem.js";
import { SeparationLp } from "./separation-lp.js";
import { loadHighsSolver } from "./highs-solver.js";
import { columnMajor, mulberry32, normal } from "./test-support/fixtures.js";
import { endometrialDesign } from "./test-support/designs.js";

describe("writeSeparationLp", () => {
  it("writes Konis's LP in CPLEX LP format", () => {
    const x = columnMajor(
      [
        [1, -2, 0],
        [1, 0.5, 0],
        [1, 1, 0],
      ],
      3,
    );
    // Column 2 is zero (aliased, so absent); row 1 is a binomial row with 0 < y < m (equality).
    const problem = buildSeparationProblem(x, 3, 3, Float64Array.from([0, 1, 4]), Float64Array.from([2, 3, 4]));
    expect(writeSeparationLp(problem)).toBe(
      [
        "\\ Konis (2007) separation LP: 3 rows, 2 columns (scaled by max |x_ij|)",
        "Maximize",
        " obj: + 1.5 b1",
        "Subject To",
        " r0: - 1 b0 + 1 b1 >= 0",
        " r1: + 1 b0 + 0.25 b1 = 0",
        " r2: + 1 b0 + 0.5 b1 >= 0",
        "Bounds",
        " -1 <= b0 <= 1",
        " -1 <= b1 <= 1",
        "End",
        "",
      ].join("\n"),
    );
  });

  it("HiGHS's LP-file reader solves the text to the same optimum as the CSR model", async () => {
    const highs = await loadHighsSolver();
    const d = endometrialDesign();
    const rng = mulberry32(5);
    const n = 300;
    const rows = Array.from({ length: n }, () => [1, normal(rng), normal(rng) * 1e-3, normal(rng) * 1e4]);
    const cases = [
      buildSeparationProblem(d.x, d.n, d.p, d.y, null),
      buildSeparationProblem(
        columnMajor(rows, 4),
        n,
        4,
        Float64Array.from(rows, (r) => (r[1]! + 1e3 * r[2]! > 0 ? 1 : 0)),
        null,
      ),
    ];
    for (const problem of cases) {
      const text = writeSeparationLp(problem);
      const fromText = highs.solve(text, { output_flag: false });
      expect(fromText.Status).toBe("Optimal");
      const lp = SeparationLp.create(highs, problem);
      try {
        const fromArrays = lp.maximise(problem.baseCost);
        expect(fromText.ObjectiveValue).toBeCloseTo(fromArrays.objective, 9);
        expect(fromText.ObjectiveValue).toBeGreaterThan(0);
        // Both certify the same cone: the text solution is feasible for the CSR rows.
        const columns = fromText.Columns as Record<string, { Primal: number }>;
        const d = Float64Array.from(problem.kept, (j) => columns[`b${j}`]!.Primal);
        for (let k = 0; k < problem.numRows; k++) {
          let activity = 0;
          for (let e = problem.starts[k]!; e < problem.starts[k + 1]!; e++) {
            activity += problem.values[e]! * d[problem.indices[e]!]!;
          }
          expect(activity).toBeGreaterThanOrEqual(-1e-9);
        }
      } finally {
        lp.dispose();
      }
    }
  });

  it("writes every row of a 2 000 × 40 LP exactly: observation names, relations and round-trip coefficients", () => {
    const rng = mulberry32(1);
    const n = 2000;
    const p = 40;
    const x = new Float64Array(n * p);
    for (let i = 0; i < n * p; i++) x[i] = normal(rng);
    // Every 7th observation has no trials (left out of the LP, so row k is not observation k), every
    // 11th has 0 < y < m (an equality row).
    const trials = Float64Array.from({ length: n }, (_, i) => (i % 7 === 3 ? 0 : i % 11 === 5 ? 2 : 1));
    const y = Float64Array.from(trials, (m) => (m === 2 ? 1 : m === 1 && rng() < 0.5 ? 1 : 0));
    const problem = buildSeparationProblem(x, n, p, y, trials);
    expect(problem.numRows).toBe(n - Math.ceil((n - 3) / 7));
    const lines = writeSeparationLp(problem).split("\n");
    const rowLines = lines.slice(lines.indexOf("Subject To") + 1, lines.indexOf("Bounds"));
    expect(rowLines).toHaveLength(problem.numRows);
    // Collect every disagreement (one expect at the end keeps 80 000 comparisons fast).
    const mismatches: string[] = [];
    rowLines.forEach((line, k) => {
      const match = /^ r(\d+): (.*) (>=|=) 0$/.exec(line);
      if (match === null) return void mismatches.push(`row ${k}: unreadable "${line.slice(0, 40)}"`);
      if (Number(match[1]) !== problem.rowIndex[k]) mismatches.push(`row ${k}: named r${match[1]}, is observation ${problem.rowIndex[k]}`);
      if (match[3] !== (problem.rowSign[k] === 0 ? "=" : ">=")) mismatches.push(`row ${k}: relation ${match[3]}`);
      const terms = [...match[2]!.matchAll(/([+-]) (\S+) b(\d+)/g)];
      const begin = problem.starts[k]!;
      if (terms.length !== problem.starts[k + 1]! - begin) mismatches.push(`row ${k}: ${terms.length} terms`);
      terms.forEach((term, e) => {
        // Shortest round-trip printing: each coefficient reads back bit-identically.
        const value = (term[1] === "-" ? -1 : 1) * Number(term[2]);
        if (value !== problem.values[begin + e]) mismatches.push(`row ${k}, term ${e}: ${value} vs ${problem.values[begin + e]}`);
        if (Number(term[3]) !== problem.kept[problem.indices[begin + e]!]) mismatches.push(`row ${k}, term ${e}: variable b${term[3]}`);
      });
    });
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(lines.filter((line) => /^ -1 <= b\d+ <= 1$/.test(line))).toHaveLength(p);
  });
});
