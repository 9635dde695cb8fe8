/**
 * Fisher scoring (IRLS) for a binomial GLM, optionally with a ridge −½ Σ λ_k β_k²: β ← β + s·δ with
 *   δ = (XᵀWX + Λ)⁻¹ (Xᵀf′ − Λβ),   W = diag(m ω(η)),
 * computed as the least-squares solution of [W^{1/2}X; Λ^{1/2}] δ ≈ [W^{−1/2}f′; −Λ^{1/2}β] by Householder
 * QR (linalg), so XᵀWX is never formed (R's glm.fit solves the same weighted least squares by QR), and
 * s halved until the objective does not decrease. Stops when max |score| ≤ tolerance, or when no step
 * improves the objective (reported as not converged unless the score is already within the tolerance).
 */
import { householderQr, solveLeastSquaresFromQr } from "@glmmkit/linalg";
import { binomialRow, newBinomialRowDerivatives, newLinkEvaluation } from "@glmmkit/math";
import { linearPredictor, transposeTimes, type BinomialData } from "./binomial-likelihood.js";

export interface ScoringOptions {
  readonly maxIterations: number;
  readonly tolerance: number;
  /** Per-coefficient ridge strengths λ_k (length p), or null for none. */
  readonly ridge: Float64Array | null;
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
  const { values, row } = scratch;
  let value = 0;
  for (let i = 0; i < data.design.n; i++) {
    binomialRow(link, values, eta[i]!, y[i]!, trials[i]!, row);
    if (trials[i] !== 0) value += row.f;
    dEta[i] = row.fPrime;
    wFisher[i] = row.wFisher;
  }
  if (ridge !== null) for (let k = 0; k < beta.length; k++) value -= 0.5 * ridge[k]! * beta[k]! * beta[k]!;
  return value;
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
 * One Fisher-scoring direction at β by QR of the stacked weighted design; null when it is rank deficient.
 * `A` ((n + p_ridge) × p) and `b` are the caller's buffers, overwritten.
 */
function scoringDirection(
  data: BinomialData,
  beta: Float64Array,
  ridge: Float64Array | null,
  dEta: Float64Array,
  wFisher: Float64Array,
  A: Float64Array,
  b: Float64Array,
): Float64Array | null {
  const { X, n, p } = data.design;
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
  const qr = householderQr(A, rows, p);
  return qr === null ? null : solveLeastSquaresFromQr(qr, b);
}

export function fisherScoring(data: BinomialData, start: ArrayLike<number>, options: ScoringOptions): ScoringResult {
  const { n, p } = data.design;
  const { ridge, tolerance, maxIterations } = options;
  const beta = Float64Array.from({ length: p }, (_, k) => start[k]!);
  const score = new Float64Array(p);
  // The current point's and the trial point's per-row derivatives, swapped when a trial is accepted.
  let dEta = new Float64Array(n);
  let wFisher = new Float64Array(n);
  let trialDEta = new Float64Array(n);
  let trialWFisher = new Float64Array(n);
  const trial = new Float64Array(p);
  const eta = new Float64Array(n);
  const rows = n + (ridge === null ? 0 : p);
  const A = new Float64Array(rows * p);
  const b = new Float64Array(rows);
  const scratch: Scratch = { values: newLinkEvaluation(), row: newBinomialRowDerivatives() };
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
    const step = scoringDirection(data, beta, ridge, dEta, wFisher, A, b);
    if (step === null) break;
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
