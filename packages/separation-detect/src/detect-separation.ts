/**
 * Separation detection for binomial-response models by linear programming (Konis 2007, ch. 4; the
 * LP of R's detectseparation / safeBinaryRegression), with a per-coefficient classification of the
 * maximum-likelihood estimate as finite, +∞ or −∞.
 *
 * Notation. Row i of X carries s_i = +1 (all successes) or −1 (all failures); a binomial row with
 * 0 < y_i < m_i has both and so constrains x_iᵀd = 0. Columns are scaled by their largest |x_ij|
 * (x̃) and aliased columns are set aside. The separation cone is
 *     C = {d : s_i x̃_iᵀd ≥ 0 for every row (= 0 for two-sided rows)}.
 *
 * Step 1 — detection (Konis's LP): maximise Σ_i s_i x̃_iᵀd over C ∩ [−1, 1]^r. The data overlap iff
 *   the optimum is 0 (then C = {0}, X having full column rank after aliasing); a positive optimum is
 *   attained with max |d_j| = 1 (the objective is homogeneous) and proves separation.
 *
 * Step 2 — a relative-interior direction D of C. The rows split into those some d ∈ C makes
 *   strictly positive (the separable set Q, Albert & Anderson 1984) and the implicit equalities of C
 *   (s_i x̃_iᵀd = 0 for every d ∈ C): the observations on the separating hyperplane. Starting from the
 *   Step-1 solution, repeatedly maximise the sum of the rows still at 0; a positive optimum adds new
 *   rows to Q and its solution is added to D; a zero optimum proves the remaining rows are implicit
 *   equalities. Each added solution is linearly independent of the previous ones, so at most r
 *   extra solves. D is strictly positive on exactly Q, i.e. D ∈ relint C. Separation is complete iff
 *   no row remains on the hyperplane.
 *
 * Step 3 — which coefficients diverge. Along any sequence approaching the supremum of the
 *   likelihood, β/|β| tends to C and the rows in Q are fitted perfectly; coefficient j can stay
 *   finite iff some direction in relint C has d_j = 0. With σ = sign(D_j):
 *     • D_j = 0 (|D_j| ≤ tolerance): finite;
 *     • min over C ∩ box of σ d_j < 0: finite (a convex combination of D and that point is in relint C
 *       with d_j = 0);
 *     • otherwise every relint direction has σ d_j > 0: the estimate is σ·∞.
 *   This is the "solve max β_j and min β_j" check, needing at most one LP per coefficient because D
 *   already fixes one side; LP solutions found on the way are reused as witnesses. The criterion is
 *   about the cone C itself (directions that strictly separate the same rows), not the optimal face
 *   of Konis's LP, because that face depends on the box and hence on the column scaling while C's
 *   sign pattern does not: the answer is unit-free by construction. It is exact where
 *   reading the nonzero pattern of one LP vertex (detectseparation) can depend on which optimal
 *   vertex the solver returns, e.g. when an intercept may or may not move with the separating slope.
 *
 * Aliased columns (linear combinations of earlier columns, R's NA coefficients) are removed before
 * the LPs, so a null-space direction of X can never masquerade as separation; they are reported as
 * NaN with `aliased[j] = true`. Identically zero columns are aliased with no direction at all.
 */
import { loadHighsSolver } from "./highs-solver.js";
import { SeparationInputError } from "./errors.js";
import { SeparationLp, type StopSignalLike } from "./separation-lp.js";
import type { LpSolution } from "./separation-lp.js";
import { buildSeparationProblem, costOfRows, rowActivities } from "./separation-problem.js";
import type { SeparationProblem } from "./separation-problem.js";

/** none, complete or quasi-complete separation. */
export type SeparationKind = "none" | "complete" | "quasi-complete";

/** What detectSeparation found: the kind, per-coefficient directions and the hyperplane rows. */
export interface SeparationReport {
  separated: boolean;
  kind: SeparationKind;
  columnNames: string[];
  /**
   * Per coefficient: 0 finite, +Infinity or −Infinity (detectseparation's table); NaN for an aliased
   * column, whose coefficient is not identifiable (R prints NA).
   */
  estimates: number[];
  /** Per coefficient: true when the column is a linear combination of earlier ones (or zero). */
  aliased: boolean[];
  /**
   * A separating direction β on the original column scale, scaled to max |β_j| = 1: s_i x_iᵀβ > 0 on
   * every row off the hyperplane and = 0 on `hyperplaneRows` (a relative-interior direction of the
   * separation cone). Its nonzero pattern may be wider than the infinite estimates: a coefficient is
   * finite when some other separating direction has a zero there. null when not separated.
   */
  direction: Float64Array | null;
  /** Optimum of Konis's LP on the scaled problem (0 when the data overlap). */
  objective: number;
  /** 0-based rows with s_i x_iᵀβ = 0 for every separating β (empty when complete or not separated). */
  hyperplaneRows: number[];
  /** Threshold below which LP values (components, row activities, optima) count as zero. */
  tolerance: number;
  notes: string[];
}

/** Options of detectSeparation. */
export interface SeparationOptions {
  /** Names of the p columns, for the report and its table (default x1..xp). */
  columnNames?: string[] | undefined;
  /** Zero threshold on the scaled problem (default 1e-6). */
  tolerance?: number | undefined;
  /** Relative tolerance of the aliasing (rank) decision (default 1e-7, as R's `lm`). */
  aliasTolerance?: number | undefined;
  /** Polled before every LP solve: once aborted, a SeparationSolverError says the check was stopped. */
  signal?: StopSignalLike | undefined;
}

/** Default tolerance for treating an LP value as zero. */
export const DEFAULT_SEPARATION_TOLERANCE = 1e-6;

function formatCoefficient(value: number): string {
  const rounded = Number(value.toPrecision(6));
  return String(rounded);
}

function aliasNotes(problem: SeparationProblem): string[] {
  const notes: string[] = [];
  const names = problem.columnNames;
  for (const alias of problem.aliased) {
    const name = names[alias.column]!;
    if (alias.zero) {
      notes.push(`column '${name}' is identically zero on the rows used: no direction; estimate reported as NaN (NA)`);
      continue;
    }
    // Back to original units: x̃_a = Σ γ_k x̃_k  ⇒  x_a = Σ γ_k (c_a / c_k) x_k.
    const terms: string[] = [];
    const scaleA = problem.scale[alias.column]!;
    let largest = 0;
    for (const g of alias.coefficients) largest = Math.max(largest, Math.abs(g));
    alias.coefficients.forEach((gamma, t) => {
      if (Math.abs(gamma) <= 1e-8 * largest) return;
      const column = problem.kept[t]!;
      const coefficient = (gamma * scaleA) / problem.scale[column]!;
      terms.push(`${formatCoefficient(coefficient)}·'${names[column]}'`);
    });
    notes.push(
      `column '${name}' is aliased (${name} = ${terms.join(" + ").replace(/\+ -/g, "- ")}); ` +
        "set aside before the LP, estimate reported as NaN (NA)",
    );
  }
  return notes;
}

/**
 * The one-sided rows the direction leaves at 0 (activity ≤ tolerance). A module function, not a closure
 * made per call: a fresh closure loses its optimised code at each full GC and is compiled again.
 */
function tiedRows(problem: SeparationProblem, activities: Float64Array, tolerance: number): number[] {
  const tied: number[] = [];
  for (let k = 0; k < problem.numRows; k++) {
    if (problem.rowSign[k] !== 0 && activities[k]! <= tolerance) tied.push(k);
  }
  return tied;
}

/** Whether some witness direction has σ d_t < 0 (a loop, not `some` with a closure made per coefficient). */
function someWitnessCrosses(witnesses: readonly Float64Array[], t: number, sigma: number, tolerance: number): boolean {
  for (const w of witnesses) if (sigma * w[t]! < -tolerance) return true;
  return false;
}

function maxAbs(values: Float64Array): number {
  let largest = 0;
  for (const v of values) largest = Math.max(largest, Math.abs(v));
  return largest;
}

/**
 * Detects separation in binomial-response data and classifies each ML coefficient as finite, +∞ or
 * −∞. `X` is n×p column-major; `y` holds 0/1 responses, or success counts when `trials` is given.
 * Throws `SeparationInputError` on malformed input and `SeparationSolverError` if HiGHS does not
 * reach an optimal solution; separation itself is a finding, never an error.
 */
export async function detectSeparation(
  X: Float64Array,
  n: number,
  p: number,
  y: Float64Array,
  trials?: Float64Array | null,
  options: SeparationOptions = {},
): Promise<SeparationReport> {
  const tolerance = options.tolerance ?? DEFAULT_SEPARATION_TOLERANCE;
  if (!(tolerance > 0 && tolerance < 1)) {
    throw new SeparationInputError(`tolerance must be in (0, 1), got ${tolerance}`);
  }
  const problem = buildSeparationProblem(X, n, p, y, trials, {
    columnNames: options.columnNames,
    aliasTolerance: options.aliasTolerance,
  });

  const notes: string[] = [];
  if (problem.skippedRows.length > 0) {
    notes.push(`${problem.skippedRows.length} row(s) with trials = 0 carry no information and were left out`);
  }
  if (problem.twoSidedRows > 0) {
    notes.push(`${problem.twoSidedRows} binomial row(s) with 0 < y < m count as both a success and a failure (x_iᵀβ = 0)`);
  }
  for (const note of aliasNotes(problem)) notes.push(note);

  const estimates: number[] = new Array<number>(p).fill(0);
  const aliased: boolean[] = new Array<boolean>(p).fill(false);
  for (const alias of problem.aliased) {
    estimates[alias.column] = Number.NaN;
    aliased[alias.column] = true;
  }
  const base = {
    columnNames: problem.columnNames.slice(),
    estimates,
    aliased,
    tolerance,
    notes,
  };
  const notSeparated = (objective: number): SeparationReport => ({
    separated: false,
    kind: "none",
    direction: null,
    objective,
    hyperplaneRows: [],
    ...base,
  });

  const r = problem.kept.length;
  if (r === 0 || problem.numRows === 0) {
    notes.push(r === 0 ? "no identifiable columns: nothing can diverge" : "no informative rows");
    return notSeparated(0);
  }

  const highs = await loadHighsSolver();
  const lp = SeparationLp.create(highs, problem, options.signal);
  /** Said before each answer: how many rows the solver needed (constraint generation on large data). */
  const noteRows = (): void => {
    if (lp.rowsInModel < problem.numRows) {
      notes.push(
        `LP solved by constraint generation: ${lp.rowsInModel} of ${problem.numRows} rows were needed in the solver; every other row satisfies the solution (exact for the full LP)`,
      );
    }
  };
  try {
    // Step 1: Konis's LP.
    const konis = lp.maximise(problem.baseCost);
    const objective = konis.objective;
    const largest = maxAbs(konis.direction);
    if (!(objective > tolerance && largest > 0.5)) {
      if (objective > tolerance || largest > 0.5) {
        notes.push(
          `inconsistent LP optimum (objective ${objective}, max |d| ${largest}); treated as no separation`,
        );
      }
      notes.push("Konis LP optimum is 0: the data overlap and all ML estimates are finite");
      noteRows();
      return notSeparated(Math.max(objective, 0));
    }

    // Step 2: a relative-interior direction of the separation cone.
    const interior = Float64Array.from(konis.direction);
    const witnesses: Float64Array[] = [konis.direction];
    const activities = rowActivities(problem, interior);
    let converged = false;
    for (let iteration = 0; iteration <= r; iteration++) {
      const tied = tiedRows(problem, activities, tolerance);
      if (tied.length === 0) {
        converged = true;
        break;
      }
      const more: LpSolution = lp.maximise(costOfRows(problem, tied));
      if (more.objective <= tolerance) {
        converged = true;
        break;
      }
      witnesses.push(more.direction);
      for (let t = 0; t < r; t++) interior[t] = interior[t]! + more.direction[t]!;
      rowActivities(problem, interior, activities);
    }
    if (!converged) notes.push(`the search for the hyperplane rows stopped after ${r + 1} LP solves`);
    const norm = maxAbs(interior);
    for (let t = 0; t < r; t++) interior[t] = interior[t]! / norm;
    rowActivities(problem, interior, activities);

    const hyperplaneRows: number[] = [];
    let worstViolation = 0;
    for (let k = 0; k < problem.numRows; k++) {
      const a = activities[k]!;
      if (problem.rowSign[k] === 0) {
        hyperplaneRows.push(problem.rowIndex[k]!);
        worstViolation = Math.max(worstViolation, Math.abs(a));
      } else if (a <= tolerance) {
        hyperplaneRows.push(problem.rowIndex[k]!);
        worstViolation = Math.max(worstViolation, -a);
      }
    }
    if (worstViolation > tolerance) {
      notes.push(`numerical warning: the separating direction violates a constraint by ${worstViolation}`);
    }

    // Step 3: classify each kept coefficient.
    const eitherWay: string[] = [];
    for (let t = 0; t < r; t++) {
      const column = problem.kept[t]!;
      const dt = interior[t]!;
      if (Math.abs(dt) <= tolerance) continue;
      const sigma = dt > 0 ? 1 : -1;
      let crosses = someWitnessCrosses(witnesses, t, sigma, tolerance);
      if (!crosses) {
        const cost = new Float64Array(r);
        cost[t] = -sigma;
        const opposite = lp.maximise(cost);
        witnesses.push(opposite.direction);
        crosses = sigma * opposite.direction[t]! < -tolerance;
      }
      if (crosses) eitherWay.push(problem.columnNames[column]!);
      else estimates[column] = sigma * Number.POSITIVE_INFINITY;
    }

    // The direction on the original scale: β_j = D_t / c_j keeps every s_i x_iᵀβ = s_i x̃_iᵀD.
    const direction = new Float64Array(p);
    for (let t = 0; t < r; t++) {
      const column = problem.kept[t]!;
      direction[column] = interior[t]! / problem.scale[column]!;
    }
    const directionNorm = maxAbs(direction);
    for (let j = 0; j < p; j++) direction[j] = direction[j]! / directionNorm;

    const kind: SeparationKind = hyperplaneRows.length === 0 ? "complete" : "quasi-complete";
    const infinite: string[] = [];
    for (let j = 0; j < p; j++) if (Math.abs(estimates[j]!) === Number.POSITIVE_INFINITY) infinite.push(problem.columnNames[j]!);
    if (eitherWay.length > 0) {
      notes.push(
        `finite but not pinned down by the data: ${eitherWay.join(", ")} (separating directions exist with ` +
          "either sign of these coefficients, so each can stay finite while the others diverge)",
      );
    }
    if (infinite.length === 0) {
      notes.push(
        "the data are separated, yet no single coefficient must diverge: each can stay finite along some " +
          "separating direction, though not all of them together",
      );
    }
    notes.push(
      `${kind} separation: ${hyperplaneRows.length} of ${problem.numRows} rows on the separating hyperplane; ` +
        `infinite estimates: ${infinite.length > 0 ? infinite.join(", ") : "none"} (${lp.solves} LP solves)`,
    );
    noteRows();
    return {
      separated: true,
      kind,
      direction,
      objective,
      hyperplaneRows,
      ...base,
    };
  } finally {
    lp.dispose();
  }
}
