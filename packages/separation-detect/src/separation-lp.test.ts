import { describe, expect, it } from "vitest";
import { SeparationLp } from "./separation-lp.js";
import { buildSeparationProblem } from "./separation-problem.js";
import { loadHighsSolver } from "./highs-solver.js";
import { SeparationSolverError } from "./errors.js";
import { columnMajor } from "./test-support/fixtures.js";

describe("SeparationLp", () => {
  it("solves the cone LP for successive objectives on one model", async () => {
    const highs = await loadHighsSolver();
    // x = −3, −1, 2, 5 with y = 0, 0, 1, 1 and an intercept. The slope column is scaled by 5
    // (x̃ = −0.6, −0.2, 0.4, 1), so the cone is C = {d : −0.4 d1 ≤ d0 ≤ 0.2 d1}.
    const problem = buildSeparationProblem(
      columnMajor([[1, -3], [1, -1], [1, 2], [1, 5]], 2),
      4,
      2,
      Float64Array.from([0, 0, 1, 1]),
      null,
    );
    const lp = SeparationLp.create(highs, problem);
    try {
      // Konis's objective Σ s_i x̃_iᵀd = (3 + 1 + 2 + 5)/5 · d1 = 2.2 d1 → d1 = 1.
      const konis = lp.maximise(problem.baseCost);
      expect(konis.objective).toBeCloseTo(2.2, 12);
      expect(konis.direction[1]).toBeCloseTo(1, 12);
      // max d0 = 1/5 (at d1 = 1); min d0 = −2/5.
      const up = lp.maximise(Float64Array.from([1, 0]));
      expect(up.objective).toBeCloseTo(0.2, 12);
      expect(Array.from(up.direction)).toEqual([expect.closeTo(0.2, 12), expect.closeTo(1, 12)]);
      const down = lp.maximise(Float64Array.from([-1, 0]));
      expect(down.objective).toBeCloseTo(0.4, 12);
      expect(down.direction[0]).toBeCloseTo(-0.4, 12);
      expect(lp.solves).toBe(3);
      expect(() => lp.maximise(Float64Array.from([1]))).toThrow(SeparationSolverError);
    } finally {
      lp.dispose();
    }
  });
});
