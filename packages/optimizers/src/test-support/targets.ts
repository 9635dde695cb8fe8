/**
 * Known targets for the samplers' tests and their exact moments: a correlated Gaussian (moments given) and
 * the posterior of a small Bayesian logistic regression (moments by adaptive Gauss–Hermite product
 * quadrature around the mode — an answer that shares no code with any sampler).
 */
import { expit, createRng, log1pexp, standardNormalRule } from "@glmmkit/math";
import { choleskyInPlace, solveLower, solveLowerTranspose } from "@glmmkit/linalg";
import type { LogDensity } from "../log-density.js";
import { minimizeNewton } from "../newton.js";
import { objectiveFromLogDensity } from "../log-density.js";

export interface ExactMoments {
  readonly mean: Float64Array;
  /** dim × dim column-major. */
  readonly covariance: Float64Array;
}

/** N(mean, covariance) as a LogDensity (precision by Cholesky solves). */
export function gaussianTarget(mean: Float64Array, covariance: Float64Array): LogDensity & { moments: ExactMoments } {
  const d = mean.length;
  const L = Float64Array.from(covariance);
  if (!choleskyInPlace(L, d)) throw new Error("gaussianTarget: covariance is not positive definite");
  const r = new Float64Array(d);
  const evaluate = (x: Float64Array, out: Float64Array | null) => {
    for (let k = 0; k < d; k++) r[k] = x[k]! - mean[k]!;
    solveLower(L, d, r);
    let q = 0;
    for (let k = 0; k < d; k++) q += r[k]! * r[k]!;
    if (out !== null) {
      solveLowerTranspose(L, d, r);
      for (let k = 0; k < d; k++) out[k] = -r[k]!;
    }
    return -0.5 * q;
  };
  return {
    dim: d,
    logDensity: (x) => evaluate(x, null),
    gradient: (x, out) => void evaluate(x, out),
    logDensityAndGradient: (x, out) => evaluate(x, out),
    moments: { mean, covariance },
  };
}

/** A correlated, badly scaled 3-dimensional Gaussian (correlations 0.8 and −0.3, SDs 1, 3 and 0.2). */
export function correlatedGaussian(): LogDensity & { moments: ExactMoments } {
  const sd = [1, 3, 0.2];
  const corr = [
    [1, 0.8, 0],
    [0.8, 1, -0.3],
    [0, -0.3, 1],
  ];
  const cov = new Float64Array(9);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) cov[j * 3 + i] = corr[i]![j]! * sd[i]! * sd[j]!;
  return gaussianTarget(Float64Array.of(1, -2, 0.5), cov);
}

/**
 * Posterior of β in logit P(y = 1) = β₀ + β₁ x with independent N(0, 2.5²) priors, on 40 simulated rows
 * (x ~ N(0, 1), β = (−0.5, 1.2)).
 */
export function logisticRegressionPosterior(): LogDensity & { moments: ExactMoments } {
  const n = 40;
  const rng = createRng("logistic-regression-target");
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = rng.normal();
    y[i] = rng.bernoulli(expit(-0.5 + 1.2 * x[i]!));
  }
  const priorPrecision = 1 / (2.5 * 2.5);
  const evaluate = (beta: Float64Array, out: Float64Array | null) => {
    let lp = -0.5 * priorPrecision * (beta[0]! * beta[0]! + beta[1]! * beta[1]!);
    let g0 = -priorPrecision * beta[0]!;
    let g1 = -priorPrecision * beta[1]!;
    for (let i = 0; i < n; i++) {
      const eta = beta[0]! + beta[1]! * x[i]!;
      lp += y[i]! * eta - log1pexp(eta);
      const r = y[i]! - expit(eta);
      g0 += r;
      g1 += r * x[i]!;
    }
    if (out !== null) {
      out[0] = g0;
      out[1] = g1;
    }
    return lp;
  };
  const target: LogDensity = {
    dim: 2,
    logDensity: (b) => evaluate(b, null),
    gradient: (b, out) => void evaluate(b, out),
    logDensityAndGradient: (b, out) => evaluate(b, out),
  };
  return { ...target, moments: quadratureMoments(target, 48) };
}

/**
 * Mean and covariance of a 2-dimensional density by a K × K Gauss–Hermite product rule on θ = m + C z,
 * m the mode and C C ᵀ the inverse Hessian of −log π there: E[g] = Σ w_k g(θ_k) r_k / Σ w_k r_k with
 * r_k = π(θ_k) / φ(z_k) (normalising constants cancel).
 */
export function quadratureMoments(target: LogDensity, K: number): ExactMoments {
  const objective = objectiveFromLogDensity(target);
  const optimum = minimizeNewton(objective, new Float64Array(2), { gradientTolerance: 1e-10 });
  const m = optimum.x;
  const C = Float64Array.from(optimum.hessian!);
  choleskyInPlace(C, 2);
  // C ← L⁻ᵀ so that C Cᵀ = H⁻¹: columns of L⁻ᵀ.
  const e0 = Float64Array.of(1, 0);
  const e1 = Float64Array.of(0, 1);
  solveLowerTranspose(C, 2, e0);
  solveLowerTranspose(C, 2, e1);
  const rule = standardNormalRule(K);
  const logMode = target.logDensity(m);
  let total = 0;
  const s1 = [0, 0];
  const s2 = [0, 0, 0];
  for (let a = 0; a < K; a++) {
    for (let b = 0; b < K; b++) {
      const za = rule.nodes[a]!;
      const zb = rule.nodes[b]!;
      const t0 = m[0]! + e0[0]! * za + e1[0]! * zb;
      const t1 = m[1]! + e0[1]! * za + e1[1]! * zb;
      const lp = target.logDensity(Float64Array.of(t0, t1));
      const w = rule.weights[a]! * rule.weights[b]! * Math.exp(lp - logMode + 0.5 * (za * za + zb * zb));
      total += w;
      s1[0] += w * t0;
      s1[1] += w * t1;
      s2[0] += w * t0 * t0;
      s2[1] += w * t0 * t1;
      s2[2] += w * t1 * t1;
    }
  }
  const mean = Float64Array.of(s1[0]! / total, s1[1]! / total);
  const c01 = s2[1]! / total - mean[0]! * mean[1]!;
  const covariance = Float64Array.of(s2[0]! / total - mean[0]! ** 2, c01, c01, s2[2]! / total - mean[1]! ** 2);
  return { mean, covariance };
}
