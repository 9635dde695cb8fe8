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
import { rowActivities, ZERO_ENTRY_TOLERANCE } from "./separation-problem.js";

export interface LpSolution {
  /** Optimal objective value. */
  objective: number;
  /** Optimal d (one entry per kept column, scaled units). */
  direction: Float64Array;
}

/**
 * Rows up to this count go into the LP at once. Beyond it the LP starts from an evenly spaced subset and
 * adds the rows its solution violates until none is (constraint generation): the objective is the
 * full-data cost, so a solution feasible for every row is optimal for the full LP, and an optimum of 0 on
 * a subset (overlap in a subset of rows) proves overlap in all. HiGHS then holds a few thousand rows,
 * not a million (it aborted above about 850 000).
 */
export const ALL_ROWS_LIMIT = 20_000;

/** A polled stop request (an AbortSignal or a fit's time limit). */
export interface StopSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
}
/** A row counts as violated below this activity (HiGHS's primal feasibility tolerance is 1e-7). */
const VIOLATION = 1e-7;

export class SeparationLp {
  private readonly highs: Highs;
  private readonly model: Model;
  private readonly numCols: number;
  private readonly problem: SeparationProblem;
  /** Which LP rows are in the HiGHS model. */
  private readonly active: Uint8Array;
  private activeCount: number;
  private readonly activities: Float64Array;
  /** Polled before every HiGHS run (a fit's time limit); aborted → SeparationSolverError. */
  private readonly signal: StopSignalLike | undefined;
  /** Number of LP solves so far (reported in the notes). */
  solves = 0;

  private constructor(
    highs: Highs,
    model: Model,
    problem: SeparationProblem,
    active: Uint8Array,
    activeCount: number,
    signal: StopSignalLike | undefined,
  ) {
    this.signal = signal;
    this.highs = highs;
    this.model = model;
    this.numCols = problem.kept.length;
    this.problem = problem;
    this.active = active;
    this.activeCount = activeCount;
    this.activities = new Float64Array(problem.numRows);
  }

  /** Rows of the model: all of them, or every k-th row of a large problem. */
  private static initialRows(problem: SeparationProblem): Uint8Array {
    const m = problem.numRows;
    const active = new Uint8Array(m);
    const stride = m <= ALL_ROWS_LIMIT ? 1 : Math.ceil(m / (ALL_ROWS_LIMIT / 2));
    for (let k = 0; k < m; k += stride) active[k] = 1;
    return active;
  }

  /** The CSR block of the given LP rows, with their bounds. */
  private static rowBlock(highs: Highs, problem: SeparationProblem, rows: readonly number[]) {
    let nonzeros = 0;
    for (const k of rows) nonzeros += problem.starts[k + 1]! - problem.starts[k]!;
    const starts = new Int32Array(rows.length + 1);
    const indices = new Int32Array(nonzeros);
    const values = new Float64Array(nonzeros);
    const upper = new Float64Array(rows.length);
    let at = 0;
    for (let r = 0; r < rows.length; r++) {
      const k = rows[r]!;
      for (let e = problem.starts[k]!; e < problem.starts[k + 1]!; e++) {
        indices[at] = problem.indices[e]!;
        values[at] = problem.values[e]!;
        at++;
      }
      starts[r + 1] = at;
      upper[r] = problem.rowSign[k] === 0 ? 0 : highs.infinity;
    }
    return { lower: new Float64Array(rows.length), upper, starts, indices, values };
  }

  static create(highs: Highs, problem: SeparationProblem, signal?: StopSignalLike): SeparationLp {
    const r = problem.kept.length;
    const active = SeparationLp.initialRows(problem);
    const rows: number[] = [];
    // A plain loop, not forEach with an arrow: a closure made per LP loses its optimised code at each full GC.
    for (let k = 0; k < active.length; k++) if (active[k] === 1) rows.push(k);
    const block = SeparationLp.rowBlock(highs, problem, rows);
    const model = highs.createModel({
      numCols: r,
      numRows: rows.length,
      sense: highs.constants.objectiveSense.maximize,
      colCost: problem.baseCost,
      colLower: new Float64Array(r).fill(-1),
      colUpper: new Float64Array(r).fill(1),
      rowLower: block.lower,
      rowUpper: block.upper,
      matrix: {
        format: "csr",
        numRows: rows.length,
        numCols: r,
        starts: block.starts,
        indices: block.indices,
        values: block.values,
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
    return new SeparationLp(highs, model, problem, active, rows.length, signal);
  }

  /** Rows of the LP currently in the solver (all of them unless constraint generation is on). */
  get rowsInModel(): number {
    return this.activeCount;
  }

  /** Solves max costᵀd over C ∩ [−1, 1]^r; throws unless HiGHS reports an optimal solution. */
  maximise(cost: Float64Array): LpSolution {
    if (cost.length !== this.numCols) {
      throw new SeparationSolverError(`objective has ${cost.length} entries; expected ${this.numCols}`, -1);
    }
    this.model.changeColsCost({ kind: "range", from: 0, to: this.numCols - 1 }, cost);
    this.solves++;
    for (;;) {
      if (this.signal?.aborted) {
        const reason = this.signal.reason;
        throw new SeparationSolverError(`stopped early${reason === undefined ? "" : `: ${String(reason)}`}`, -1);
      }
      const result = this.model.run();
      const optimal = this.highs.constants.modelStatus.optimal;
      if (result.modelStatus !== optimal) {
        throw new SeparationSolverError(
          `HiGHS did not solve the separation LP to optimality (status: ${modelStatusName(this.highs, result.modelStatus)})`,
          result.modelStatus,
        );
      }
      const solution = this.model.getSolution();
      const direction = Float64Array.from(solution.colValue);
      if (this.activeCount === this.problem.numRows || !this.addViolatedRows(direction)) {
        return { objective: this.model.getObjectiveValue(), direction };
      }
    }
  }

  /** Add the rows the direction violates (the worst first, a batch at a time); false when there are none. */
  private addViolatedRows(direction: Float64Array): boolean {
    const { problem, active, activities } = this;
    rowActivities(problem, direction, activities);
    const violated: number[] = [];
    for (let k = 0; k < problem.numRows; k++) {
      if (active[k] === 1) continue;
      const a = activities[k]!;
      if (problem.rowSign[k] === 0 ? Math.abs(a) > VIOLATION : a < -VIOLATION) violated.push(k);
    }
    if (violated.length === 0) return false;
    const batch = Math.max(1000, this.activeCount >> 1);
    if (violated.length > batch) {
      violated.sort((a, b) => violation(problem, activities, b) - violation(problem, activities, a) || a - b);
      violated.length = batch;
      violated.sort((a, b) => a - b);
    }
    const block = SeparationLp.rowBlock(this.highs, problem, violated);
    this.model.addRows({
      lower: block.lower,
      upper: block.upper,
      matrix: { format: "csr", numRows: violated.length, numCols: this.numCols, starts: block.starts, indices: block.indices, values: block.values },
    });
    for (const k of violated) active[k] = 1;
    this.activeCount += violated.length;
    return true;
  }

  dispose(): void {
    this.model.dispose();
  }
}

function violation(problem: SeparationProblem, activities: Float64Array, k: number): number {
  const a = activities[k]!;
  return problem.rowSign[k] === 0 ? Math.abs(a) : -a;
}
