/**
 * A proof that the fixed-effects logistic GLM has a finite maximiser — so X is not separated and no LP is
 * needed — from one IRLS fit, at any n (issue 14, item 2; issue 12, "a separation check that works at any n").
 *
 * ℓ(β) is concave with −∇²ℓ(β) = Xᵀ W(β) X, w_i = m_i μ_i (1 − μ_i). At the IRLS point β̂ with gradient g,
 * take a ball B(β̂, R). For β in it, |η_i(β) − η̂_i| ≤ R‖x_i‖₂, and μ(1 − μ) = expit′(η) decreases in |η|, so
 * w_i(β) ≥ w̲_i = m_i expit′(|η̂_i| + R‖x_i‖₂): on the ball −∇²ℓ ⪰ λ I with λ = λ_min(Xᵀ W̲ X). Along any ray
 * β̂ + t u (‖u‖ = 1) the directional derivative at t = R is at most gᵀu − λR ≤ ‖g‖ − λR. If ‖g‖ < λR it is
 * negative on the whole sphere, so the maximum of ℓ over the closed ball is not on the sphere: it is an
 * interior local maximum, hence (ℓ concave) a global maximiser of ℓ — finite. Under separation no such
 * ball exists: the gradient vanishes only as |β| → ∞, where the curvature vanishes with it, which is why
 * a small gradient alone proves nothing.
 *
 * Rounding is accounted for: the computed ‖g‖ is raised by a bound on its summation error, η̂_i by a bound
 * on its error, W̲ is rounded down, and λ is taken from a Cholesky factorisation of Xᵀ W̲ X − τ I that
 * succeeds, lowered by a bound on the Cholesky and accumulation errors (Demmel 1989; Higham 2002, §10.1).
 */
import type { ModelFrame } from "@glmmkit/core";
import { choleskyInPlace, solveWithCholesky, symmetricEigenvalues } from "@glmmkit/linalg";
import { binomialLink } from "@glmmkit/penalties";
import {
  binomialDerivatives,
  binomialLogLikKernel,
  crossProduct,
  derivativeScratch,
  halvingStep,
  type BinomialDesign,
} from "../jeffreys-glm/binomial-glm.js";

const EPSILON = 2 ** -53;
const MAX_IRLS_ITERATIONS = 50;
/** The ball moves each η_i by at most this much (so W̲ stays close to Ŵ). */
const ETA_RADIUS = 0.25;

export interface FiniteMaximiserCertificate {
  /** True when the bound holds: the GLM has a finite maximiser, so X is not separated. */
  readonly certified: boolean;
  /** The IRLS point β̂ (the ball's centre). */
  readonly beta: Float64Array;
  /** ‖g‖₂ at β̂, with its rounding bound added. */
  readonly gradientNorm: number;
  /** The ball's radius R. */
  readonly radius: number;
  /** The curvature bound λ on the ball. */
  readonly curvature: number;
  readonly iterations: number;
  /** How it ended, in words (for the notes). */
  readonly message: string;
}

/** max_i ‖x_i‖₂ over the rows of X (n × p, column-major). */
function largestRowNorm(design: BinomialDesign): Float64Array {
  const { X, n, p } = design;
  const norms = new Float64Array(n);
  for (let k = 0; k < p; k++) {
    const offset = k * n;
    for (let i = 0; i < n; i++) norms[i] = norms[i]! + X[offset + i]! * X[offset + i]!;
  }
  for (let i = 0; i < n; i++) norms[i] = Math.sqrt(norms[i]!) * (1 + 4 * EPSILON);
  return norms;
}

/** expit′(t) = e^{−t} / (1 + e^{−t})² for t ≥ 0, rounded down. */
function logisticDensityLowerBound(t: number): number {
  const e = Math.exp(-t);
  return ((e / (1 + e)) / (1 + e)) * (1 - 1e-12);
}

/**
 * λ with Xᵀ W̲ X ⪰ λ I proven by a successful Cholesky of Xᵀ W̲ X − τ I, τ just below its smallest
 * eigenvalue, minus a bound on the rounding of the accumulation and of the factorisation.
 */
function certifiedSmallestEigenvalue(M: Float64Array, p: number, n: number): number {
  const eigenvalues = symmetricEigenvalues(M.slice(), p);
  let smallest = Infinity;
  for (const v of eigenvalues) smallest = Math.min(smallest, v);
  if (!(smallest > 0)) return 0;
  let largestDiagonal = 0;
  for (let k = 0; k < p; k++) largestDiagonal = Math.max(largestDiagonal, M[k * p + k]!);
  const roundingBound = ((n + 2) * p + 2 * (p + 1) ** 2) * EPSILON * largestDiagonal;
  for (const fraction of [0.9, 0.5, 0.1]) {
    const tau = fraction * smallest;
    const shifted = M.slice();
    for (let k = 0; k < p; k++) shifted[k * p + k] = shifted[k * p + k]! - tau;
    if (choleskyInPlace(shifted, p)) return Math.max(0, tau - roundingBound);
  }
  return 0;
}

/**
 * Fit the logistic GLM of the frame by IRLS (the GLM engine's Fisher scoring with step-halving) and try
 * the ball bound after each step; stop when it holds, when IRLS stalls, or after 50 iterations.
 */
export function certifyFiniteMaximiser(frame: Pick<ModelFrame, "X" | "n" | "p" | "y" | "trials">): FiniteMaximiserCertificate {
  const { n, p, y, trials } = frame;
  const design: BinomialDesign = { X: frame.X, n, p };
  const link = binomialLink("logit");
  const beta = new Float64Array(p);
  const trial = new Float64Array(p);
  const score = new Float64Array(p);
  const fisher = new Float64Array(p * p);
  const step = new Float64Array(p);
  const scratch = derivativeScratch(n, false);
  const etaScratch = new Float64Array(n);
  const rowNorms = largestRowNorm(design);
  let maxRowNorm = 0;
  for (let i = 0; i < n; i++) maxRowNorm = Math.max(maxRowNorm, rowNorms[i]!);
  const radius = ETA_RADIUS / maxRowNorm;
  const lowerWeights = new Float64Array(n);
  const lowerInformation = new Float64Array(p * p);
  const kernel = (b: Float64Array) => binomialLogLikKernel(design, y, trials, b, link, etaScratch);
  let logLik = kernel(beta);
  let last = { gradientNorm: Infinity, curvature: 0 };
  const result = (certified: boolean, iterations: number, message: string): FiniteMaximiserCertificate => ({
    certified,
    beta,
    gradientNorm: last.gradientNorm,
    radius,
    curvature: last.curvature,
    iterations,
    message,
  });
  if (p === 0 || !(maxRowNorm > 0) || !Number.isFinite(logLik)) return result(false, 0, "nothing to certify");

  /** The bound at β (after binomialDerivatives at β): true when it holds. */
  const boundHolds = (): boolean => {
    // ‖g‖ plus a bound on its summation error; η̂ raised by a bound on its error; W̲ rounded down.
    let gradientSquared = 0;
    for (let k = 0; k < p; k++) gradientSquared += score[k]! * score[k]!;
    let summationBound = 0;
    for (let k = 0; k < p; k++) {
      const column = k * n;
      let s = 0;
      for (let i = 0; i < n; i++) s += Math.abs(frame.X[column + i]!) * (y[i]! + trials[i]!);
      summationBound += s * s;
    }
    const gradientNorm = Math.sqrt(gradientSquared) + (n + p + 4) * EPSILON * Math.sqrt(summationBound);
    let largestBeta = 0;
    for (let k = 0; k < p; k++) largestBeta = Math.max(largestBeta, Math.abs(beta[k]!));
    const eta = scratch.eta;
    for (let i = 0; i < n; i++) {
      const etaError = (p + 2) * EPSILON * rowNorms[i]! * largestBeta * Math.sqrt(p);
      lowerWeights[i] = trials[i]! * logisticDensityLowerBound(Math.abs(eta[i]!) + radius * rowNorms[i]! + etaError);
    }
    crossProduct(design, lowerWeights, lowerInformation);
    last = { gradientNorm, curvature: certifiedSmallestEigenvalue(lowerInformation, p, n) };
    return gradientNorm < last.curvature * radius;
  };

  for (let iteration = 0; iteration <= MAX_IRLS_ITERATIONS; iteration++) {
    binomialDerivatives(design, y, trials, beta, link, score, fisher, null, scratch);
    step.set(score);
    const factor = fisher.slice();
    if (!choleskyInPlace(factor, p)) return result(false, iteration, "the GLM's information is singular at the IRLS point");
    solveWithCholesky(factor, p, step);
    let largestStep = 0;
    let largestBeta = 0;
    for (let k = 0; k < p; k++) {
      largestStep = Math.max(largestStep, Math.abs(step[k]!));
      largestBeta = Math.max(largestBeta, Math.abs(beta[k]!));
    }
    // The bound is tried once Newton's step is small (IRLS has all but converged), and at the last step.
    if (largestStep < 1e-2 * (1 + largestBeta) || iteration === MAX_IRLS_ITERATIONS) {
      if (boundHolds()) {
        return result(true, iteration, `‖∇ℓ‖ = ${last.gradientNorm.toExponential(2)} < λ·R = ${(last.curvature * radius).toExponential(2)} on a ball of radius ${radius.toExponential(2)} around the IRLS point`);
      }
      if (largestStep < 1e-12 * (1 + largestBeta)) return result(false, iteration, "IRLS converged but the bound does not hold (nearly separated)");
    }
    if (iteration === MAX_IRLS_ITERATIONS) break;
    const next = halvingStep(beta, step, logLik, kernel, trial);
    if (Number.isNaN(next)) return result(false, iteration, "IRLS stalled before the bound held");
    beta.set(trial);
    logLik = next;
  }
  return result(false, MAX_IRLS_ITERATIONS, "the bound did not hold within 50 IRLS steps (separated or nearly so)");
}
