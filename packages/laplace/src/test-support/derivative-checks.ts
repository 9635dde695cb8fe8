/** Finite-difference references for the exact derivatives of ℓ(θ) (tests only). */
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

/** ∇ℓ from central differences of the value alone, Richardson-extrapolated: (4 D(h/2) − D(h)) / 3. */
export function valueGradient(likelihood: GlmmLikelihood, theta: Float64Array, h = 1e-3): Float64Array {
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
