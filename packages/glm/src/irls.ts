/**
 * Fisher scoring (IRLS) for a binomial GLM, optionally with a ridge −½ Σ λ_k β_k²: β ← β + s·δ with
 *   δ = (XᵀWX + Λ)⁻¹ (Xᵀf′ − Λβ),   W = diag(m ω(η)),
 * computed as the least-squares solution of [W^{1/2}X; Λ^{1/2}] δ ≈ [W^{−1/2}f′; −Λ^{1/2}β] by Householder
 * QR (linalg), so XᵀWX is never formed (R's glm.fit solves the same weighted least squares by QR), and
 * s halved until the objective does not decrease. Stops when max |score| ≤ tolerance, or when no step
 * improves the objective (reported as not converged unless the score is already within the tolerance).
 */
import { choleskyInPlace, householderQr, solveLeastSquaresFromQr, solveWithCholesky } from "@glmmkit/linalg";
import { binomialRow, newBinomialRowDerivatives, newLinkEvaluation, tableExp } from "@glmmkit/math";
import { linearPredictor, transposeTimes, weightedCrossProduct, type BinomialData } from "./binomial-likelihood.js";

/**
 * The running product of the binary rows' factors is taken to the log above this (< 2^1023 / 2⁶⁴). A module
 * constant here, not one imported from math: V8 folds a module's own const into the loop, not an import.
 */
const PRODUCT_FOLD_LIMIT = 2 ** 930;

export interface ScoringOptions {
  readonly maxIterations: number;
  readonly tolerance: number;
  /** Per-coefficient ridge strengths λ_k (length p), or null for none. */
  readonly ridge: Float64Array | null;
  /**
   * How each scoring direction is solved: "qr" (default) by QR of W^{1/2}X, or "normal-equations" by the
   * Cholesky factor of XᵀWX + Λ (p × p), which for a few columns costs one weighted cross product instead of
   * building and factoring an n × p matrix. Both converge to the same point — the stopping rule reads the
   * score, computed from the rows either way — but their iterates differ in the last bits. Normal equations
   * square the condition number; a direction whose factorisation fails falls back to QR.
   */
  readonly direction?: "qr" | "normal-equations";
}

export interface ScoringResult {
  readonly beta: Float64Array;
  /** The score of the objective at beta (Xᵀf′ − Λβ). */
  readonly score: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
  readonly maxAbsScore: number;
  /** Log-likelihood kernel (no log C(m, y)) at beta, minus the ridge. */
  readonly objective: number;
}

/**
 * The objective ℓ_kernel(β) − ½ Σ λ_k β_k² at β and, from the same pass over the rows, each row's score
 * f′ into `dEta` and Fisher weight m ω into `wFisher` (as `rowDerivatives`): every point the step-halving
 * accepts is where the next scoring direction is needed, so one pass serves both.
 */
function evaluateWithDerivatives(
  data: BinomialData,
  beta: Float64Array,
  ridge: Float64Array | null,
  eta: Float64Array,
  dEta: Float64Array,
  wFisher: Float64Array,
  scratch: Scratch,
): number {
  linearPredictor(data, beta, eta);
  const { y, trials, link } = data;
  let value: number;
  if (link.name === "logit") value = logitRowsWithDerivatives(data.design.n, eta, y, trials, dEta, wFisher);
  else {
    const { values, row } = scratch;
    value = 0;
    for (let i = 0; i < data.design.n; i++) {
      binomialRow(link, values, eta[i]!, y[i]!, trials[i]!, row);
      if (trials[i] !== 0) value += row.f;
      dEta[i] = row.fPrime;
      wFisher[i] = row.wFisher;
    }
  }
  if (ridge !== null) for (let k = 0; k < beta.length; k++) value -= 0.5 * ridge[k]! * beta[k]! * beta[k]!;
  return value;
}

/**
 * The logit rows of `evaluateWithDerivatives` in one loop (the canonical link in closed form, as math's
 * `binomialRow`): f = yη − m log(1 + e^η), f′ = y − mμ, m ω = m μ(1 − μ), with e = e^{−|η|}. Two of the
 * row's dear operations go (IMSA's β M-step runs this loop for every fit of every iteration):
 *  - e^{−|η|} comes from math's `tableExp` (within 3 ulp of Math.exp): f′ and m ω then differ from
 *    `binomialRow`'s in the last bits, which moves the iterates by rounding only — the fit still stops at
 *    max |score| ≤ tolerance;
 *  - the logs of the binary rows are summed as the log of the product of their factors 1 + e ∈ (1, 2],
 *    folded into the sum before the product could overflow: one log per pass instead of a log1p per row.
 *    Rows with m ≠ 1 add m log1p(e). The objective changes by rounding only: an absolute error of about
 *    n ε, and a factor 1 + e with e < ε/2 rounds to 1. Near a separated fit, where the objective is close
 *    to 0, that can exceed the step-halving test's relative slack and make the objective look flat, but
 *    the stopping rule reads the score, which this does not touch.
 * The test (irls.test.ts) checks objective and score against the `binomialRow` path.
 */
function logitRowsWithDerivatives(n: number, eta: Float64Array, y: Float64Array, trials: Float64Array, dEta: Float64Array, wFisher: Float64Array): number {
  let value = 0;
  let product = 1;
  for (let i = 0; i < n; i++) {
    const h = eta[i]!;
    const m = trials[i]!;
    if (m === 0) {
      // An empty row (y = 0): no likelihood, score or weight, whatever η is.
      dEta[i] = 0;
      wFisher[i] = 0;
      continue;
    }
    const e = tableExp(h < 0 ? h : -h);
    const onePlus = 1 + e;
    value += y[i]! * h - (h > 0 ? m * h : 0);
    if (m === 1) {
      product *= onePlus;
      if (product > PRODUCT_FOLD_LIMIT) {
        value -= Math.log(product);
        product = 1;
      }
    } else value -= m * Math.log1p(e);
    dEta[i] = y[i]! - m * (h >= 0 ? 1 / onePlus : e / onePlus);
    wFisher[i] = (m * e) / (onePlus * onePlus);
  }
  return value - Math.log(product);
}

interface Scratch {
  readonly values: ReturnType<typeof newLinkEvaluation>;
  readonly row: ReturnType<typeof newBinomialRowDerivatives>;
}

/**
 * Step-halving ascent along `step`: the first s = 1, ½, ¼, …, 2⁻⁶⁰ at which f(β + s·step) is finite
 * and not below f(β) = `value` beyond rounding. Writes β + s·step to `trial` and returns its value,
 * or NaN when no s qualifies.
 */
export function halvingStep(
  beta: Float64Array,
  step: Float64Array,
  value: number,
  objective: (b: Float64Array) => number,
  trial: Float64Array,
  roundingSlack = 1e-14,
): number {
  const p = beta.length;
  for (let s = 1, halvings = 0; halvings <= 60; s *= 0.5, halvings++) {
    for (let k = 0; k < p; k++) trial[k] = beta[k]! + s * step[k]!;
    const trialValue = objective(trial);
    // Accept any non-decrease beyond rounding: near the optimum f is flat to rounding, relative `roundingSlack`.
    if (Number.isFinite(trialValue) && trialValue >= value - roundingSlack * (1 + Math.abs(value))) return trialValue;
  }
  return Number.NaN;
}

/**
 * One Fisher-scoring direction at β by QR of the stacked weighted design, into `work.step`; false when it is
 * rank deficient. The workspace's `A` ((n + p_ridge) × p) and `b` are overwritten.
 */
function scoringDirection(
  data: BinomialData,
  beta: Float64Array,
  ridge: Float64Array | null,
  dEta: Float64Array,
  wFisher: Float64Array,
  work: ScoringWorkspace,
): boolean {
  const { X, n, p } = data.design;
  const { A, b } = work;
  const rows = b.length;
  A.fill(0);
  b.fill(0);
  for (let i = 0; i < n; i++) {
    const w = wFisher[i]!;
    // A row without information (m = 0, or a weight underflowed far in a tail) carries no direction.
    if (!(w > 0)) continue;
    const root = Math.sqrt(w);
    b[i] = dEta[i]! / root;
    for (let k = 0; k < p; k++) A[k * rows + i] = root * X[k * n + i]!;
  }
  if (ridge !== null) {
    for (let k = 0; k < p; k++) {
      const root = Math.sqrt(ridge[k]!);
      A[k * rows + n + k] = root;
      b[n + k] = -root * beta[k]!;
    }
  }
  const qr = householderQr(A, rows, p, work.head, work.tau);
  if (qr === null) return false;
  solveLeastSquaresFromQr(qr, b, work.step);
  return true;
}

/**
 * The same direction δ = (XᵀWX + Λ)⁻¹ score from the normal equations (score = Xᵀf′ − Λβ at β, already
 * computed), into `work.step`; false when XᵀWX + Λ is not numerically positive definite.
 */
function normalEquationsDirection(data: BinomialData, ridge: Float64Array | null, wFisher: Float64Array, score: Float64Array, work: ScoringWorkspace): boolean {
  const p = data.design.p;
  const { information, step } = work;
  weightedCrossProduct(data.design, wFisher, information);
  if (ridge !== null) for (let k = 0; k < p; k++) information[k * p + k] = information[k * p + k]! + ridge[k]!;
  if (!choleskyInPlace(information, p)) return false;
  step.set(score);
  solveWithCholesky(information, p, step);
  for (let k = 0; k < p; k++) if (!Number.isFinite(step[k]!)) return false;
  return true;
}

/**
 * The buffers of Fisher scoring for an n × p design (with or without a ridge): IMSA's M-step refits the same
 * design thousands of times with a new offset, and allocating n-vectors per fit is what the collector then
 * spends its time on. A workspace serves one fit at a time; the arithmetic is the same with or without one.
 */
export class ScoringWorkspace {
  readonly eta: Float64Array;
  /** Per-row f′ and m ω at the current and at the trial point (their roles swap within a fit). */
  readonly dEta: Float64Array;
  readonly wFisher: Float64Array;
  readonly trialDEta: Float64Array;
  readonly trialWFisher: Float64Array;
  readonly trial: Float64Array;
  readonly step: Float64Array;
  readonly A: Float64Array;
  readonly b: Float64Array;
  readonly head: Float64Array;
  readonly tau: Float64Array;
  /** XᵀWX + Λ and then its Cholesky factor (p × p), for normal-equation directions. */
  readonly information: Float64Array;
  readonly scratch: Scratch = { values: newLinkEvaluation(), row: newBinomialRowDerivatives() };

  constructor(
    readonly n: number,
    readonly p: number,
    readonly withRidge: boolean,
  ) {
    const rows = n + (withRidge ? p : 0);
    this.eta = new Float64Array(n);
    this.dEta = new Float64Array(n);
    this.wFisher = new Float64Array(n);
    this.trialDEta = new Float64Array(n);
    this.trialWFisher = new Float64Array(n);
    this.trial = new Float64Array(p);
    this.step = new Float64Array(p);
    this.A = new Float64Array(rows * p);
    this.b = new Float64Array(rows);
    this.head = new Float64Array(p);
    this.tau = new Float64Array(p);
    this.information = new Float64Array(p * p);
  }
}

export function fisherScoring(
  data: BinomialData,
  start: ArrayLike<number>,
  options: ScoringOptions,
  work = new ScoringWorkspace(data.design.n, data.design.p, options.ridge !== null),
): ScoringResult {
  const { n, p } = data.design;
  const { ridge, tolerance, maxIterations } = options;
  if (work.n !== n || work.p !== p || work.withRidge !== (ridge !== null)) {
    throw new Error(`fisherScoring: the workspace is for n = ${work.n}, p = ${work.p}${work.withRidge ? " with a ridge" : ""}, not this problem`);
  }
  // A loop, not Float64Array.from with an arrow: an arrow made per fit loses its optimised code at every
  // full collection, and a study's thousands of fits compile it again and again.
  const beta = new Float64Array(p);
  for (let k = 0; k < p; k++) beta[k] = start[k]!;
  const score = new Float64Array(p);
  // The current point's and the trial point's per-row derivatives, swapped when a trial is accepted.
  let dEta = work.dEta;
  let wFisher = work.wFisher;
  let trialDEta = work.trialDEta;
  let trialWFisher = work.trialWFisher;
  const { trial, eta, scratch } = work;
  // The rounding error of a sum of n log-likelihood terms grows like √n ε (relative): with a fixed 1e-14 a
  // step a few ulps from the optimum of 10⁶+ rows looks like a decrease, and halving it never ends.
  const slack = Math.max(1e-14, 8 * Number.EPSILON * Math.sqrt(n));
  let value = evaluateWithDerivatives(data, beta, ridge, eta, dEta, wFisher, scratch);
  if (!Number.isFinite(value)) throw new Error("binomial GLM: the log-likelihood is not finite at the starting values");
  const objective = (point: Float64Array) => evaluateWithDerivatives(data, point, ridge, eta, trialDEta, trialWFisher, scratch);
  let iterations = 0;
  let maxAbs = Infinity;
  for (;;) {
    transposeTimes(data.design, dEta, score);
    maxAbs = 0;
    for (let k = 0; k < p; k++) {
      if (ridge !== null) score[k] = score[k]! - ridge[k]! * beta[k]!;
      maxAbs = Math.max(maxAbs, Math.abs(score[k]!));
    }
    if (maxAbs <= tolerance || iterations >= maxIterations) break;
    const solved =
      (options.direction === "normal-equations" && normalEquationsDirection(data, ridge, wFisher, score, work)) ||
      scoringDirection(data, beta, ridge, dEta, wFisher, work);
    if (!solved) break;
    const step = work.step;
    iterations++;
    // The last point halvingStep evaluates is the one it accepts, so the trial buffers hold its derivatives.
    const trialValue = halvingStep(beta, step, value, objective, trial, slack);
    if (Number.isNaN(trialValue)) break;
    beta.set(trial);
    value = trialValue;
    [dEta, trialDEta] = [trialDEta, dEta];
    [wFisher, trialWFisher] = [trialWFisher, wFisher];
  }
  return { beta, score, iterations, converged: maxAbs <= tolerance, maxAbsScore: maxAbs, objective: value };
}
