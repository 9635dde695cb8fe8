/**
 * Summaries of an information matrix (the negative Hessian of a maximised objective): its eigenvalues
 * for the diagnostics, and its inverse as the covariance of the estimates when it is positive definite.
 */
import { choleskyInPlace, inverseFromCholesky, symmetricEigenvalues } from "@glmmkit/linalg";

export interface InformationSummary {
  readonly minEigenvalue: number;
  readonly maxEigenvalue: number;
  /** max / min eigenvalue; Infinity when the smallest is not positive. */
  readonly condition: number;
  /** Inverse (dim × dim column-major), or null when not positive definite. */
  readonly inverse: Float64Array | null;
}

export function summariseInformation(information: Float64Array, dim: number): InformationSummary {
  if (dim === 0) return { minEigenvalue: Number.NaN, maxEigenvalue: Number.NaN, condition: Number.NaN, inverse: null };
  for (let k = 0; k < dim * dim; k++) {
    if (!Number.isFinite(information[k]!)) {
      return { minEigenvalue: Number.NaN, maxEigenvalue: Number.NaN, condition: Infinity, inverse: null };
    }
  }
  const eigen = symmetricEigenvalues(information.slice(), dim);
  const minEigenvalue = eigen[0]!;
  const maxEigenvalue = eigen[dim - 1]!;
  const condition = minEigenvalue > 0 ? maxEigenvalue / minEigenvalue : Infinity;
  const inverse = minEigenvalue > 0 ? inverseIfPositiveDefinite(information, dim) : null;
  return { minEigenvalue, maxEigenvalue, condition, inverse };
}

/** Smallest eigenvalue of the correlation matrix D^{-1/2} V D^{-1/2} of a covariance V (scale-free). */
export function correlationMinEigenvalue(vcov: Float64Array, dim: number): number {
  const C = new Float64Array(dim * dim);
  for (let a = 0; a < dim; a++) {
    for (let b = 0; b < dim; b++) {
      C[b * dim + a] = vcov[b * dim + a]! / Math.sqrt(vcov[a * dim + a]! * vcov[b * dim + b]!);
    }
  }
  return symmetricEigenvalues(C, dim)[0]!;
}

/** (information)⁻¹ when the matrix is positive definite (Cholesky succeeds), else null; no eigenvalues. */
export function inverseIfPositiveDefinite(information: Float64Array, dim: number): Float64Array | null {
  const factor = information.slice();
  return choleskyInPlace(factor, dim) ? inverseFromCholesky(factor, dim) : null;
}
