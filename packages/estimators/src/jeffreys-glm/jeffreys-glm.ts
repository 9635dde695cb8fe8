/**
 * Binomial GLMs penalised by a power of Jeffreys' prior (Kosmidis & Firth 2021):
 *
 *   l†(β; a) = l(β) + a log det(XᵀW(β)X)                                          (eq. 4)
 *
 * computed two independent ways:
 *  - `fitJeffreysGlm`: the JeffreysMPL algorithm of § 4 — repeated ML fits on adjusted binomial
 *    responses and totals (eq. 6 with the c of Theorem 3), which keep 0 ≤ ỹ ≤ m̃ so each fit is
 *    an ordinary, well-posed binomial ML problem;
 *  - `fitJeffreysGlmNewton`: Newton–Raphson directly on l†, with the exact Hessian (observed
 *    information of l plus the Jeffreys penalty's Hessian from @glmmkit/penalties).
 *
 * The adjusted score (eq. 5): ∂l†/∂β_t = Σ_i (w_i/d_i) [y_i + 2a h_i (q_i − 1/2) − m_i π_i] x_it, with
 * d_i = m_i g(η_i), q_i = d′_i/w_i + π_i = π_i + g′(η_i)/ω(η_i) and h_i the leverages of W^{1/2}X.
 * Replacing y, m by ỹ = y + 2ah(q − 1/2 + πc), m̃ = m + 2ahc leaves ỹ − m̃π unchanged for any c;
 * Theorem 3's c = 1 + (q − 1/2){π − I(q ≤ 1/2)}/{π(1 − π)} gives 0 ≤ ỹ ≤ m̃. It simplifies to
 *   q ≤ 1/2:  ỹ = y + 2ahπ,                       m̃ = m + 2ah{1 + (1/2 − q)/π},
 *   q > 1/2:  ỹ = y + 2ah{π + (q − 1/2)/(1 − π)},   m̃ = m + 2ah{1 + (q − 1/2)/(1 − π)},
 * which is how it is evaluated (no π(1 − π) cancellation in the tails).
 *
 * Standard errors: (RᵀR)⁻¹ from the QR of W^{1/2}X at the estimate (§ 4), i.e. the inverse
 * expected information of the unpenalised model at the penalised estimate — brglm2's convention.
 */
import { choleskyWithRidge, solveWithCholesky } from "@glmmkit/linalg";
import { logChoose } from "@glmmkit/math";
import { binomialLink, jeffreysPenalty, newLinkEvaluation } from "@glmmkit/penalties";
import type { BinomialLink, JeffreysPenalty, LinkName } from "@glmmkit/penalties";
import {
  binomialDerivatives,
  checkFullColumnRank,
  binomialLogLikKernel,
  fisherScoring,
  halvingStep,
  inverseFisherInformation,
  linearPredictor,
  validateBinomialData,
} from "./binomial-glm.js";
import type { BinomialDesign } from "./binomial-glm.js";

/** Link, power a and stopping rule of a Jeffreys-penalised GLM fit. */
export interface JeffreysGlmOptions {
  /** Power of the Jeffreys prior, a > 0; default 1/2 (Firth's bias reduction for logit). */
  readonly a?: number;
  /** Link function; default "logit". */
  readonly link?: LinkName | BinomialLink;
  /** Stop when max_t |∂l†/∂β_t| ≤ tol; default 1e-10. */
  readonly tol?: number;
  /** Maximum outer iterations (ML refits for JeffreysMPL, Newton steps for the direct solve). */
  readonly maxIter?: number;
  /** Fisher-scoring iterations allowed in each ML refit of JeffreysMPL; default 100. */
  readonly innerMaxIter?: number;
  /** Starting β; default: the ML fit to y + 0.01, m + 0.02 (K&F 2021, § 4) for JeffreysMPL, 0 for Newton. */
  readonly start?: Float64Array;
}

/** A Jeffreys-penalised GLM fit. */
export interface JeffreysGlmFit {
  readonly beta: Float64Array;
  /** √diag of (RᵀR)⁻¹, R from the QR of W^{1/2}X at the estimate. */
  readonly se: Float64Array;
  /** (RᵀR)⁻¹ (p × p, column-major): inverse Fisher information of the unpenalised model. */
  readonly vcov: Float64Array;
  /** Unpenalised binomial log-likelihood at the estimate, including Σ log C(m_i, y_i). */
  readonly logLik: number;
  /** logLik + a log det(XᵀWX). */
  readonly penalisedLogLik: number;
  /** Outer iterations: ML refits (JeffreysMPL) or Newton steps. */
  readonly iterations: number;
  readonly converged: boolean;
  /** max_t |∂l†/∂β_t| at the estimate. */
  readonly maxAbsScore: number;
  readonly a: number;
  readonly link: LinkName;
  readonly algorithm: "JeffreysMPL" | "newton";
}

interface Problem {
  readonly design: BinomialDesign;
  readonly y: Float64Array;
  readonly trials: Float64Array;
  readonly a: number;
  readonly link: BinomialLink;
  readonly penalty: JeffreysPenalty;
}

function setUp(
  X: Float64Array,
  n: number,
  p: number,
  y: Float64Array,
  trials: Float64Array,
  options: JeffreysGlmOptions,
  what: string,
): Problem {
  validateBinomialData(X, n, p, y, trials, what);
  checkFullColumnRank(X, n, p, what);
  const a = options.a ?? 0.5;
  if (!(a > 0) || !Number.isFinite(a)) throw new Error(`${what}: a must be a finite number > 0, got ${a}`);
  const link = binomialLink(options.link ?? "logit");
  if (options.start !== undefined && options.start.length !== p) {
    throw new Error(`${what}: start has length ${options.start.length}, expected p = ${p}`);
  }
  return { design: { X, n, p }, y, trials, a, link, penalty: jeffreysPenalty(X, n, p, trials, p, { a, link }) };
}

function penalisedScoreOf(problem: Problem, beta: Float64Array, out: Float64Array): number {
  const p = problem.design.p;
  binomialDerivatives(problem.design, problem.y, problem.trials, beta, problem.link, out, null);
  const g = new Float64Array(p);
  problem.penalty.gradient(beta, g);
  let maxAbs = 0;
  for (let k = 0; k < p; k++) {
    out[k] = out[k]! + g[k]!;
    maxAbs = Math.max(maxAbs, Math.abs(out[k]!));
  }
  return maxAbs;
}

/** ∂l†/∂β = U(β) + a ∇ log det(XᵀWX) (eq. 5 of K&F 2021). */
export function penalisedScore(
  X: Float64Array,
  n: number,
  p: number,
  y: Float64Array,
  trials: Float64Array,
  beta: Float64Array,
  options: Pick<JeffreysGlmOptions, "a" | "link"> = {},
): Float64Array {
  const problem = setUp(X, n, p, y, trials, options, "penalisedScore");
  const out = new Float64Array(p);
  penalisedScoreOf(problem, beta, out);
  return out;
}

/** The adjusted responses and totals of eq. (6) with Theorem 3's c, at β. */
export function jeffreysAdjustedResponses(
  X: Float64Array,
  n: number,
  p: number,
  y: Float64Array,
  trials: Float64Array,
  beta: Float64Array,
  options: Pick<JeffreysGlmOptions, "a" | "link"> = {},
): { y: Float64Array; trials: Float64Array } {
  const problem = setUp(X, n, p, y, trials, options, "jeffreysAdjustedResponses");
  const yAdj = new Float64Array(n);
  const mAdj = new Float64Array(n);
  adjustResponses(problem, beta, yAdj, mAdj);
  return { y: yAdj, trials: mAdj };
}

function adjustResponses(problem: Problem, beta: Float64Array, yAdj: Float64Array, mAdj: Float64Array): void {
  const { design, y, trials, a, link, penalty } = problem;
  const n = design.n;
  const h = new Float64Array(n);
  penalty.leverages(beta, h);
  const eta = new Float64Array(n);
  linearPredictor(design, beta, eta);
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

function finish(problem: Problem, beta: Float64Array, iterations: number, maxAbsScore: number, tol: number, algorithm: JeffreysGlmFit["algorithm"]): JeffreysGlmFit {
  const { design, y, trials, a, link, penalty } = problem;
  const p = design.p;
  const vcov = inverseFisherInformation(design, trials, beta, link) ?? new Float64Array(p * p).fill(NaN);
  const se = Float64Array.from({ length: p }, (_, k) => Math.sqrt(vcov[k * p + k]!));
  let constant = 0;
  for (let i = 0; i < design.n; i++) constant += logChoose(trials[i]!, y[i]!);
  const logLik = constant + binomialLogLikKernel(design, y, trials, beta, link);
  return {
    beta,
    se,
    vcov,
    logLik,
    penalisedLogLik: logLik + penalty.value(beta),
    iterations,
    converged: maxAbsScore <= tol,
    maxAbsScore,
    a,
    link: link.name,
    algorithm,
  };
}

/**
 * Maximum penalised likelihood by JeffreysMPL (K&F 2021, § 4): at the current β compute the
 * adjusted ỹ, m̃, then refit the binomial ML model to them (Fisher scoring, warm-started);
 * repeat until the penalised score is below `tol`.
 */
export function fitJeffreysGlm(
  X: Float64Array,
  n: number,
  p: number,
  y: Float64Array,
  trials: Float64Array,
  options: JeffreysGlmOptions = {},
): JeffreysGlmFit {
  const problem = setUp(X, n, p, y, trials, options, "fitJeffreysGlm");
  const tol = options.tol ?? 1e-10;
  const maxIter = options.maxIter ?? 1000;
  const innerMaxIter = options.innerMaxIter ?? 100;
  const { design, link } = problem;
  let beta: Float64Array;
  if (options.start !== undefined) {
    beta = Float64Array.from(options.start);
  } else {
    // "A satisfactory starting value … is the maximum likelihood estimate … after adding a small
    // positive constant and twice that constant to the actual binomial responses and totals."
    const yStart = Float64Array.from(y, (v) => v + 0.01);
    const mStart = Float64Array.from(trials, (v) => v + 0.02);
    beta = fisherScoring(design, yStart, mStart, link, new Float64Array(p), 200, 1e-8).beta;
  }
  const yAdj = new Float64Array(n);
  const mAdj = new Float64Array(n);
  const score = new Float64Array(p);
  let iterations = 0;
  let maxAbs = penalisedScoreOf(problem, beta, score);
  while (maxAbs > tol && iterations < maxIter) {
    adjustResponses(problem, beta, yAdj, mAdj);
    beta = fisherScoring(design, yAdj, mAdj, link, beta, innerMaxIter, tol / 10).beta;
    iterations++;
    maxAbs = penalisedScoreOf(problem, beta, score);
  }
  return finish(problem, beta, iterations, maxAbs, tol, "JeffreysMPL");
}

/**
 * The same estimate by Newton–Raphson on l† directly: step (J − ∇²P)⁻¹ ∇l†, J the observed
 * information of l, with a ridge added while J − ∇²P is not positive definite and step-halving
 * on l†. An independent check on JeffreysMPL.
 */
export function fitJeffreysGlmNewton(
  X: Float64Array,
  n: number,
  p: number,
  y: Float64Array,
  trials: Float64Array,
  options: JeffreysGlmOptions = {},
): JeffreysGlmFit {
  const problem = setUp(X, n, p, y, trials, options, "fitJeffreysGlmNewton");
  const tol = options.tol ?? 1e-10;
  const maxIter = options.maxIter ?? 200;
  const { design, link, penalty } = problem;
  const objective = (b: Float64Array): number =>
    binomialLogLikKernel(design, problem.y, problem.trials, b, link) + penalty.value(b);

  let beta = options.start !== undefined ? Float64Array.from(options.start) : new Float64Array(p);
  let f = objective(beta);
  if (!Number.isFinite(f)) throw new Error("fitJeffreysGlmNewton: the penalised log-likelihood is not finite at the start");
  const grad = new Float64Array(p);
  const penaltyGrad = new Float64Array(p);
  const observed = new Float64Array(p * p);
  const penaltyHess = new Float64Array(p * p);
  const system = new Float64Array(p * p);
  const step = new Float64Array(p);
  const trial = new Float64Array(p);
  let iterations = 0;
  let maxAbs = Infinity;
  for (;;) {
    binomialDerivatives(design, problem.y, problem.trials, beta, link, grad, null, observed);
    penalty.gradient(beta, penaltyGrad);
    penalty.hessian(beta, penaltyHess);
    maxAbs = 0;
    for (let k = 0; k < p; k++) {
      grad[k] = grad[k]! + penaltyGrad[k]!;
      maxAbs = Math.max(maxAbs, Math.abs(grad[k]!));
    }
    if (maxAbs <= tol || iterations >= maxIter) break;
    // Negative Hessian of l†: J − ∇²P; ridge it until it is positive definite, trying
    // τ = 0, then c·1e-10, c·1e-9, …, c·1e10 with c = 1 + max|diag|.
    let maxDiag = 0;
    for (let k = 0; k < p * p; k++) system[k] = observed[k]! - penaltyHess[k]!;
    for (let k = 0; k < p; k++) maxDiag = Math.max(maxDiag, Math.abs(system[k * p + k]!));
    let factor: Float64Array;
    try {
      factor = choleskyWithRidge(system, p, { initialRidge: 1e-10 * (1 + maxDiag), growth: 10, maxAttempts: 21 }).L;
    } catch (cause) {
      throw new Error("fitJeffreysGlmNewton: could not regularise the Hessian", { cause });
    }
    step.set(grad);
    solveWithCholesky(factor, p, step);
    iterations++;
    const fTrial = halvingStep(beta, step, f, objective, trial);
    if (Number.isNaN(fTrial)) break;
    beta = Float64Array.from(trial);
    f = fTrial;
  }
  return finish(problem, beta, iterations, maxAbs, tol, "newton");
}
