/** Finite-difference references for the exact derivatives of ℓ(θ) (tests only). */
import { symmetriseInPlace } from "@glmmkit/linalg";
import type { GlmmLikelihood } from "../glmm-likelihood.js";
import { mulberry32 } from "./synthetic-frame.js";

/** max_k |a_k − b_k| / max_k |b_k|: the error relative to the largest entry of the reference. */
export function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let k = 0; k < a.length; k++) {
    num = Math.max(num, Math.abs(a[k]! - b[k]!));
    den = Math.max(den, Math.abs(b[k]!));
  }
  return num / Math.max(den, 1e-300);
}

/** A seeded random θ: β uniform on (−βRange, βRange), ψ uniform on (ψLow, ψLow + ψWidth). */
export function randomTheta(
  dim: number,
  p: number,
  seed: number,
  { betaRange = 1, psiLow = -0.3, psiWidth = 0.8 }: { betaRange?: number; psiLow?: number; psiWidth?: number } = {},
): Float64Array {
  const rand = mulberry32(seed);
  const theta = new Float64Array(dim);
  for (let k = 0; k < dim; k++) theta[k] = k < p ? betaRange * (2 * rand() - 1) : psiLow + psiWidth * rand();
  return theta;
}

/**
 * ∇²ℓ from second differences of the value alone (no gradient code involved), Richardson-extrapolated:
 * (4 D(h) − D(2h)) / 3 removes the O(h²) error of the four-point stencil D.
 */
export function valueSecondDifferences(likelihood: GlmmLikelihood, theta: Float64Array, h = 2e-3): Float64Array {
  const d = theta.length;
  const value = (a: number, sa: number, b: number, sb: number) => {
    const t = theta.slice();
    t[a] += sa;
    t[b] += sb;
    return likelihood.logLik(t);
  };
  const stencil = (a: number, b: number, step: number) =>
    (value(a, step, b, step) - value(a, step, b, -step) - value(a, -step, b, step) + value(a, -step, b, -step)) /
    (4 * step * step);
  const out = new Float64Array(d * d);
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const v = (4 * stencil(a, b, h) - stencil(a, b, 2 * h)) / 3;
      out[b * d + a] = v;
      out[a * d + b] = v;
    }
  }
  return out;
}

/** ∇²ℓ from central differences of the exact gradient, Richardson-extrapolated, symmetrised. */
export function gradientDifferences(likelihood: GlmmLikelihood, theta: Float64Array, h = 1e-3): Float64Array {
  const d = theta.length;
  const plus = new Float64Array(d);
  const minus = new Float64Array(d);
  const column = (k: number, step: number, out: Float64Array) => {
    const t = theta.slice();
    t[k] = theta[k]! + step;
    likelihood.logLikAndGradient(t, plus);
    t[k] = theta[k]! - step;
    likelihood.logLikAndGradient(t, minus);
    for (let r = 0; r < d; r++) out[r] = (plus[r]! - minus[r]!) / (2 * step);
  };
  const coarse = new Float64Array(d);
  const fine = new Float64Array(d);
  const out = new Float64Array(d * d);
  for (let k = 0; k < d; k++) {
    column(k, h, coarse);
    column(k, h / 2, fine);
    for (let r = 0; r < d; r++) out[k * d + r] = (4 * fine[r]! - coarse[r]!) / 3;
  }
  return symmetriseInPlace(out, d);
}

export interface HessianErrors {
  /** maxRelativeError against central differences of the exact gradient. */
  readonly againstGradient: number;
  /** maxRelativeError against second differences of the value. */
  readonly againstValue: number;
  /** max |H_ab − H_ba|. */
  readonly asymmetry: number;
}

/** The exact ∇²ℓ(θ) (`likelihood.hessian`) against both difference references. */
export function exactHessianErrors(likelihood: GlmmLikelihood, theta: Float64Array): HessianErrors {
  const d = likelihood.dim;
  const exact = new Float64Array(d * d);
  likelihood.hessian(theta, exact);
  let asymmetry = 0;
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) asymmetry = Math.max(asymmetry, Math.abs(exact[a * d + b]! - exact[b * d + a]!));
  return {
    againstGradient: maxRelativeError(exact, gradientDifferences(likelihood, theta)),
    againstValue: maxRelativeError(exact, valueSecondDifferences(likelihood, theta)),
    asymmetry,
  };
}
/** ∇ℓ from central differences of the value alone, Richardson-extrapolated: (4 D(h/2) − D(h)) / 3. */
export function valueGradient(
  likelihood: GlmmLikelihood,
  theta: Float64Array,
  h = 1e-3
): Float64Array {
  const g = new Float64Array(theta.length);
  for (let k = 0; k < theta.length; k++) {
    const d = (step: number) => {
      const a = theta.slice();
      const b = theta.slice();
      a[k] += step;
      b[k] -= step;
      return (likelihood.logLik(a) - likelihood.logLik(b)) / (2 * step);
    };
    g[k] = (4 * d(h / 2) - d(h)) / 3;
  }
  return g;
}
