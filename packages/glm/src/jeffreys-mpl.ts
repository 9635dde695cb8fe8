/**
 * Binomial GLMs penalised by a power of Jeffreys' prior (Kosmidis & Firth 2021):
 *
 *   l†(β; a) = l(β) + a log det(XᵀW(β)X)                                          (eq. 4)
 *
 * computed two independent ways:
 *  - `jeffreysMpl`: the JeffreysMPL algorithm of § 4 — repeated ML fits (fisherScoring) on adjusted
 *    binomial responses and totals (eq. 6 with the c of Theorem 3), which keep 0 ≤ ỹ ≤ m̃ so each fit is
 *    an ordinary, well-posed binomial ML problem;
 *  - `jeffreysNewton`: Newton–Raphson directly on l†, with the exact Hessian (observed information of l
 *    plus the Jeffreys penalty's Hessian from @glmmkit/penalties) — an independent check.
 *
 * The adjusted score (eq. 5): ∂l†/∂β_t = Σ_i (w_i/d_i) [y_i + 2a h_i (q_i − 1/2) − m_i π_i] x_it, with
 * d_i = m_i g(η_i), q_i = d′_i/w_i + π_i = π_i + g′(η_i)/ω(η_i) and h_i the leverages of W^{1/2}X.
 * Replacing y, m by ỹ = y + 2ah(q − 1/2 + πc), m̃ = m + 2ahc leaves ỹ − m̃π unchanged for any c;
 * Theorem 3's c = 1 + (q − 1/2){π − I(q ≤ 1/2)}/{π(1 − π)} gives 0 ≤ ỹ ≤ m̃. It simplifies to
 *   q ≤ 1/2:  ỹ = y + 2ahπ,                       m̃ = m + 2ah{1 + (1/2 − q)/π},
 *   q > 1/2:  ỹ = y + 2ah{π + (q − 1/2)/(1 − π)},   m̃ = m + 2ah{1 + (q − 1/2)/(1 − π)},
 * which is how it is evaluated (no π(1 − π) cancellation in the tails). An offset enters η throughout.
 */
import { choleskyWithRidge, solveWithCholesky } from "@glmmkit/linalg";
import { newLinkEvaluation } from "@glmmkit/math";
import { jeffreysPenalty, type JeffreysPenalty } from "@glmmkit/penalties";
import {
  binomialLogLikKernel,
  linearPredictor,
  rowDerivatives,
  transposeTimes,
  weightedCrossProduct,
  type BinomialData,
} from "./binomial-likelihood.js";
import { fisherScoring, halvingStep } from "./irls.js";

/** A Jeffreys-penalised problem: the data, the power a and the penalty a log det(XᵀWX). */
export interface JeffreysProblem {
  readonly data: BinomialData;
  readonly a: number;
  readonly penalty: JeffreysPenalty;
}

export function jeffreysProblem(data: BinomialData, a: number): JeffreysProblem {
  if (!(a > 0) || !Number.isFinite(a)) throw new Error(`Jeffreys-penalised GLM: a must be a finite number > 0, got ${a}`);
  const { X, n, p } = data.design;
  return { data, a, penalty: jeffreysPenalty(X, n, p, data.trials, p, { a, link: data.link, offset: data.offset }) };
}

export interface PenalisedSolution {
  readonly beta: Float64Array;
  readonly iterations: number;
  /** max_t |∂l†/∂β_t| at beta. */
  readonly maxAbsScore: number;
}

/** ∂l†/∂β = U(β) + a ∇ log det(XᵀWX) (eq. 5) into `out`; returns its max |·|. */
export function penalisedScoreOf(problem: JeffreysProblem, beta: Float64Array, out: Float64Array): number {
  const { data, penalty } = problem;
  const { n, p } = data.design;
  const dEta = new Float64Array(n);
  rowDerivatives(data, beta, dEta, new Float64Array(n));
  transposeTimes(data.design, dEta, out);
  const g = new Float64Array(p);
  penalty.gradient(beta, g);
  let maxAbs = 0;
  for (let k = 0; k < p; k++) {
    out[k] = out[k]! + g[k]!;
    maxAbs = Math.max(maxAbs, Math.abs(out[k]!));
  }
  return maxAbs;
}

/** The adjusted responses and totals of eq. (6) with Theorem 3's c, at β. */
export function adjustResponses(problem: JeffreysProblem, beta: Float64Array, yAdj: Float64Array, mAdj: Float64Array): void {
  const { data, a, penalty } = problem;
  const { y, trials, link } = data;
  const n = data.design.n;
  const h = new Float64Array(n);
  penalty.leverages(beta, h);
  const eta = new Float64Array(n);
  linearPredictor(data, beta, eta);
  const v = newLinkEvaluation();
  for (let i = 0; i < n; i++) {
    const twoAh = 2 * a * h[i]!;
    if (!(twoAh > 0)) {
      yAdj[i] = y[i]!;
      mAdj[i] = trials[i]!;
      continue;
    }
    link.evaluate(eta[i]!, v);
    const pi = v.mu;
    const piC = v.muComplement;
    // g/ω = π(1 − π)/g, formed from whichever of π, 1 − π is not the tiny one.
    const gOverOmega = pi <= 0.5 ? piC / v.dmuOverMu : pi / v.dmuOverMuComplement;
    // q − π = g′/ω = (g′/g)(g/ω).
    const qMinusPi = v.dlogDmu * gOverOmega;
    const q = pi + qMinusPi;
    if (q <= 0.5) {
      yAdj[i] = y[i]! + twoAh * pi;
      mAdj[i] = trials[i]! + twoAh * (1 + (0.5 - q) / pi);
    } else {
      const ratio = (q - 0.5) / piC;
      yAdj[i] = y[i]! + twoAh * (pi + ratio);
      mAdj[i] = trials[i]! + twoAh * (1 + ratio);
    }
  }
}

/**
 * Maximum penalised likelihood by JeffreysMPL (K&F 2021, § 4): at the current β compute the adjusted
 * ỹ, m̃, then refit the binomial ML model to them (Fisher scoring, warm-started); repeat until the
 * penalised score is below `tolerance`. Without a start, the ML fit to y + 0.01, m + 0.02 (§ 4).
 */
export function jeffreysMpl(
  problem: JeffreysProblem,
  start: Float64Array | undefined,
  tolerance: number,
  maxIterations: number,
  innerMaxIterations = 100,
): PenalisedSolution {
  const { data } = problem;
  const { n, p } = data.design;
  let beta: Float64Array;
  if (start !== undefined) {
    beta = Float64Array.from(start);
  } else {
    // "A satisfactory starting value … is the maximum likelihood estimate … after adding a small
    // positive constant and twice that constant to the actual binomial responses and totals."
    const shifted: BinomialData = {
      ...data,
      y: Float64Array.from(data.y, (v) => v + 0.01),
      trials: Float64Array.from(data.trials, (v) => v + 0.02),
    };
    beta = fisherScoring(shifted, new Float64Array(p), { maxIterations: 200, tolerance: 1e-8, ridge: null }).beta;
  }
  const yAdj = new Float64Array(n);
  const mAdj = new Float64Array(n);
  const adjusted: BinomialData = { ...data, y: yAdj, trials: mAdj };
  const score = new Float64Array(p);
  let iterations = 0;
  let maxAbs = penalisedScoreOf(problem, beta, score);
  while (maxAbs > tolerance && iterations < maxIterations) {
    adjustResponses(problem, beta, yAdj, mAdj);
    beta = fisherScoring(adjusted, beta, { maxIterations: innerMaxIterations, tolerance: tolerance / 10, ridge: null }).beta;
    iterations++;
    maxAbs = penalisedScoreOf(problem, beta, score);
  }
  return { beta, iterations, maxAbsScore: maxAbs };
}

/**
 * The same estimate by Newton–Raphson on l† directly: step (J − ∇²P)⁻¹ ∇l†, J the observed information
 * of l, with a ridge added while J − ∇²P is not positive definite and step-halving on l†.
 */
export function jeffreysNewton(
  problem: JeffreysProblem,
  start: Float64Array | undefined,
  tolerance: number,
  maxIterations: number,
): PenalisedSolution {
  const { data, penalty } = problem;
  const { n, p } = data.design;
  const objective = (b: Float64Array): number => binomialLogLikKernel(data, b) + penalty.value(b);
  let beta = start !== undefined ? Float64Array.from(start) : new Float64Array(p);
  let f = objective(beta);
  if (!Number.isFinite(f)) throw new Error("Jeffreys-penalised GLM (Newton): the penalised log-likelihood is not finite at the start");
  const grad = new Float64Array(p);
  const penaltyGrad = new Float64Array(p);
  const observed = new Float64Array(p * p);
  const penaltyHess = new Float64Array(p * p);
  const system = new Float64Array(p * p);
  const step = new Float64Array(p);
  const trial = new Float64Array(p);
  const dEta = new Float64Array(n);
  const wObserved = new Float64Array(n);
  let iterations = 0;
  let maxAbs = Infinity;
  for (;;) {
    rowDerivatives(data, beta, dEta, new Float64Array(n), wObserved);
    transposeTimes(data.design, dEta, grad);
    weightedCrossProduct(data.design, wObserved, observed);
    penalty.gradient(beta, penaltyGrad);
    penalty.hessian(beta, penaltyHess);
    maxAbs = 0;
    for (let k = 0; k < p; k++) {
      grad[k] = grad[k]! + penaltyGrad[k]!;
      maxAbs = Math.max(maxAbs, Math.abs(grad[k]!));
    }
    if (maxAbs <= tolerance || iterations >= maxIterations) break;
    // Negative Hessian of l†: J − ∇²P; ridge it until it is positive definite, trying
    // τ = 0, then c·1e-10, c·1e-9, …, c·1e10 with c = 1 + max|diag|.
    let maxDiag = 0;
    for (let k = 0; k < p * p; k++) system[k] = observed[k]! - penaltyHess[k]!;
    for (let k = 0; k < p; k++) maxDiag = Math.max(maxDiag, Math.abs(system[k * p + k]!));
    let factor: Float64Array;
    try {
      factor = choleskyWithRidge(system, p, { initialRidge: 1e-10 * (1 + maxDiag), growth: 10, maxAttempts: 21 }).L;
    } catch (cause) {
      throw new Error("Jeffreys-penalised GLM (Newton): could not regularise the Hessian", { cause });
    }
    step.set(grad);
    solveWithCholesky(factor, p, step);
    iterations++;
    const fTrial = halvingStep(beta, step, f, objective, trial);
    if (Number.isNaN(fTrial)) break;
    beta = Float64Array.from(trial);
    f = fTrial;
  }
  return { beta, iterations, maxAbsScore: maxAbs };
}
