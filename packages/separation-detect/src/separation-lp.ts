/**
 * One HiGHS model holding the separation cone C = {d : s_k x̃_kᵀd ≥ 0 (= 0 for equality rows)}
 * intersected with the box d ∈ [−1, 1]^r, solved repeatedly with different linear objectives.
 * The constraint matrix is passed once as CSR arrays (no LP text to parse); later solves only change
 * the objective, so HiGHS restarts the simplex from the previous optimal basis, which is still
 * primal feasible.
 */
import type { Highs, Model } from "highs";
import { SeparationSolverError } from "./errors.js";
import { modelStatusName } from "./highs-solver.js";
import type { SeparationProblem } from "./separation-problem.js";
import { ZERO_ENTRY_TOLERANCE } from "./separation-problem.js";

export interface LpSolution {
  /** Optimal objective value. */
  objective: number;
  /** Optimal d (one entry per kept column, scaled units). */
  direction: Float64Array;
}

export class SeparationLp {
  private readonly highs: Highs;
  private readonly model: Model;
  private readonly numCols: number;
  /** Number of LP solves so far (reported in the notes). */
  solves = 0;

  private constructor(highs: Highs, model: Model, numCols: number) {
    this.highs = highs;
    this.model = model;
    this.numCols = numCols;
  }

  static create(highs: Highs, problem: SeparationProblem): SeparationLp {
    const r = problem.kept.length;
    const m = problem.numRows;
    const rowUpper = new Float64Array(m);
    for (let k = 0; k < m; k++) rowUpper[k] = problem.rowSign[k] === 0 ? 0 : highs.infinity;
    const model = highs.createModel({
      numCols: r,
      numRows: m,
      sense: highs.constants.objectiveSense.maximize,
      colCost: problem.baseCost,
      colLower: new Float64Array(r).fill(-1),
      colUpper: new Float64Array(r).fill(1),
      rowLower: new Float64Array(m),
      rowUpper,
      matrix: {
        format: "csr",
        numRows: m,
        numCols: r,
        starts: problem.starts,
        indices: problem.indices,
        values: problem.values,
      },
    });
    try {
      model.options.set({
        output_flag: false,
        // Simplex gives vertex solutions (exact zeros on the active constraints) and warm starts.
        solver: "simplex",
        // Presolve finds little to remove in a dense n × r cone and costs more than it saves
        // (n = 20 000, r = 40: ~0.3 s instead of ~0.7 s per cold solve).
        presolve: "off",
        small_matrix_value: ZERO_ENTRY_TOLERANCE,
      });
    } catch (error) {
      model.dispose();
      throw error;
    }
    return new SeparationLp(highs, model, r);
  }

  /** Solves max costᵀd over C ∩ [−1, 1]^r; throws unless HiGHS reports an optimal solution. */
  maximise(cost: Float64Array): LpSolution {
    if (cost.length !== this.numCols) {
      throw new SeparationSolverError(`objective has ${cost.length} entries; expected ${this.numCols}`, -1);
    }
    this.model.changeColsCost({ kind: "range", from: 0, to: this.numCols - 1 }, cost);
    const result = this.model.run();
    this.solves++;
    const optimal = this.highs.constants.modelStatus.optimal;
    if (result.modelStatus !== optimal) {
      throw new SeparationSolverError(
        `HiGHS did not solve the separation LP to optimality (status: ${modelStatusName(this.highs, result.modelStatus)})`,
        result.modelStatus,
      );
    }
    const solution = this.model.getSolution();
    return { objective: this.model.getObjectiveValue(), direction: Float64Array.from(solution.colValue) };
  }

  dispose(): void {
    this.model.dispose();
  }
}
