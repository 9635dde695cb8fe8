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
 *
 * On large data IRLS starts from the fit to an evenly spaced subsample of the rows (its error, of order
 * 1/√(subsample), is inside IRLS's quadratic convergence: 3 full passes instead of 6 on 10⁶ rows). Where the
 * bound is checked does not depend on the start — only how fast IRLS gets there — and a start that does not
 * lead to convergence is dropped for β = 0.
 */
import type { ModelFrame } from "@glmmkit/core";
import { fitGlm } from "@glmmkit/glm";
import { choleskyInPlace, symmetricEigenvalues } from "@glmmkit/linalg";

const EPSILON = 2 ** -53;
const MAX_IRLS_ITERATIONS = 50;
/** The ball moves each η_i by at most this much (so W̲ stays close to Ŵ). */
const ETA_RADIUS = 0.25;
/** Data with at least this many rows start IRLS from a subsample's fit … */
const SUBSAMPLE_FROM_ROWS = 100_000;
/** … of about this many rows. */
const SUBSAMPLE_ROWS = 20_000;
/** A subsample fit with a linear predictor beyond this is not a start (nearly separated there). */
const SUBSAMPLE_MAX_ETA = 20;

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

/** ‖x_i‖₂ of every row of X (n × p, column-major), rounded up. */
function rowNorms(X: Float64Array, n: number, p: number): Float64Array {
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

/** Xᵀ diag(w) X (p × p, column-major, both triangles). */
function weightedGram(
  X: Float64Array,
  n: number,
  p: number,
  w: Float64Array,
  out: Float64Array
): void {
  for (let a = 0; a < p; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += X[a * n + i]! * w[i]! * X[b * n + i]!;
      out[a * p + b] = s;
      out[b * p + a] = s;
    }
  }
}

/**
 * IRLS's start on large data: the logistic GLM fitted to every k-th row (about SUBSAMPLE_ROWS of them), or
 * undefined when that fit does not converge to a finite point with moderate η (the subsample may be
 * separated or miss a rare column where the whole data are not).
 */
function subsampleStart(X: Float64Array, n: number, p: number, y: Float64Array, trials: Float64Array): Float64Array | undefined {
  const step = Math.ceil(n / SUBSAMPLE_ROWS);
  const m = Math.ceil(n / step);
  const subX = new Float64Array(m * p);
  const subY = new Float64Array(m);
  const subTrials = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const i = j * step;
    subY[j] = y[i]!;
    subTrials[j] = trials[i]!;
    for (let k = 0; k < p; k++) subX[k * m + j] = X[k * n + i]!;
  }
  let fit;
  try {
    fit = fitGlm({
      design: { X: subX, n: m, p },
      y: subY,
      trials: subTrials,
      link: "logit",
      maxIterations: 25,
      tolerance: 1e-6,
      standardErrors: false,
    });
  } catch {
    return undefined; // e.g. a column that is constant in the subsample
  }
  if (!fit.converged || !allFinite(fit.beta)) return undefined;
  for (let j = 0; j < m; j++) {
    let eta = 0;
    for (let k = 0; k < p; k++) eta += subX[k * m + j]! * fit.beta[k]!;
    if (Math.abs(eta) > SUBSAMPLE_MAX_ETA) return undefined;
  }
  return fit.beta;
}

/** Whether every entry is finite (a loop, not every() with an arrow made per call). */
function allFinite(values: Float64Array): boolean {
  for (let k = 0; k < values.length; k++) if (!Number.isFinite(values[k]!)) return false;
  return true;
}

/**
 * Fit the logistic GLM of the frame by the project's GLM engine (IRLS, at most 50 steps) and try the ball
 * bound at its estimate; under separation IRLS drifts and the bound cannot hold.
 */
export function certifyFiniteMaximiser(frame: Pick<ModelFrame, "X" | "n" | "p" | "y" | "trials">): FiniteMaximiserCertificate {
  const { n, p, y, trials, X } = frame;
  const norms = rowNorms(X, n, p);
  let maxRowNorm = 0;
  for (let i = 0; i < n; i++) maxRowNorm = Math.max(maxRowNorm, norms[i]!);
  const radius = ETA_RADIUS / maxRowNorm;
  const nothing = (message: string, beta: Float64Array = new Float64Array(p), iterations = 0): FiniteMaximiserCertificate => ({
    certified: false,
    beta,
    gradientNorm: Infinity,
    radius,
    curvature: 0,
    iterations,
    message,
  });
  if (p === 0 || !(maxRowNorm > 0)) return nothing("nothing to certify");
  const fitFrom = (start: Float64Array | undefined) =>
    fitGlm({
      design: { X, n, p },
      y,
      trials,
      link: "logit",
      maxIterations: MAX_IRLS_ITERATIONS,
      tolerance: 1e-9,
      standardErrors: false,
      fullRank: true,
      ...(start === undefined ? {} : { start }),
    });
  const start = n >= SUBSAMPLE_FROM_ROWS ? subsampleStart(X, n, p, y, trials) : undefined;
  let fit = fitFrom(start);
  if (start !== undefined && !(fit.converged && allFinite(fit.beta))) fit = fitFrom(undefined);
  const beta = fit.beta;
  if (!allFinite(beta)) return nothing("IRLS left the finite range (separated)", beta, fit.iterations);
  // ‖g‖ plus a bound on its summation error; η̂ raised by a bound on its error; W̲ rounded down.
  let gradientSquared = 0;
  for (let k = 0; k < p; k++) gradientSquared += fit.score[k]! * fit.score[k]!;
  let summationBound = 0;
  for (let k = 0; k < p; k++) {
    const column = k * n;
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.abs(X[column + i]!) * (y[i]! + trials[i]!);
    summationBound += s * s;
  }
  const gradientNorm = Math.sqrt(gradientSquared) + (n + p + 4) * EPSILON * Math.sqrt(summationBound);
  let largestBeta = 0;
  for (let k = 0; k < p; k++) largestBeta = Math.max(largestBeta, Math.abs(beta[k]!));
  const lowerWeights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let eta = 0;
    for (let k = 0; k < p; k++) eta += X[k * n + i]! * beta[k]!;
    const etaError = (p + 2) * EPSILON * norms[i]! * largestBeta * Math.sqrt(p);
    lowerWeights[i] = trials[i]! * logisticDensityLowerBound(Math.abs(eta) + radius * norms[i]! + etaError);
  }
  const lowerInformation = new Float64Array(p * p);
  weightedGram(X, n, p, lowerWeights, lowerInformation);
  const curvature = certifiedSmallestEigenvalue(lowerInformation, p, n);
  const certified = gradientNorm < curvature * radius;
  return {
    certified,
    beta,
    gradientNorm,
    radius,
    curvature,
    iterations: fit.iterations,
    message: certified
      ? `‖∇ℓ‖ = ${gradientNorm.toExponential(2)} < λ·R = ${(curvature * radius).toExponential(
          2,
        )} on a ball of radius ${radius.toExponential(2)} around the IRLS point`
      : fit.converged
      ? "IRLS converged but the bound does not hold (nearly separated)"
      : `the bound did not hold after ${fit.iterations} IRLS steps (separated or nearly so)`,
  };
}
