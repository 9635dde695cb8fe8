/**
 * Seeded test fixtures: a mulberry32 generator, random orthogonal and SPD matrices with a chosen
 * condition number, and conversions to/from ml-matrix (the independent oracle). Test-only; excluded
 * from the build.
 */
import { Matrix } from "ml-matrix";

import { createRng, type TestRng } from "./test-rng.js";

export { createRng, type TestRng };

/** rows×cols column-major matrix of independent standard normals. */
export function randomGaussian(rows: number, cols: number, rng: TestRng): Float64Array {
  const A = new Float64Array(rows * cols);
  for (let k = 0; k < A.length; k++) A[k] = rng.normal();
  return A;
}

/** Random n×n orthogonal matrix: modified Gram–Schmidt on a Gaussian matrix (applied twice for stability). */
export function randomOrthogonal(n: number, rng: TestRng): Float64Array {
  const Q = randomGaussian(n, n, rng);
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < j; k++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += Q[k * n + i] * Q[j * n + i];
        for (let i = 0; i < n; i++) Q[j * n + i] -= dot * Q[k * n + i];
      }
      let norm = 0;
      for (let i = 0; i < n; i++) norm += Q[j * n + i] * Q[j * n + i];
      norm = Math.sqrt(norm);
      for (let i = 0; i < n; i++) Q[j * n + i] /= norm;
    }
  }
  return Q;
}

/** Q diag(values) Qᵀ, exactly symmetric (lower triangle mirrored). */
export function matrixWithEigenvalues(values: ArrayLike<number>, Q: Float64Array): Float64Array {
  const n = values.length;
  const A = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let i = j; i < n; i++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += Q[k * n + i] * (values[k] as number) * Q[k * n + j];
      A[j * n + i] = sum;
      A[i * n + j] = sum;
    }
  }
  return A;
}

export interface RandomSpd {
  readonly A: Float64Array;
  /** The eigenvalues it was built with, ascending. */
  readonly eigenvalues: Float64Array;
  readonly condition: number;
}

/**
 * Random SPD n×n matrix with eigenvalues log-uniformly spread over [scale, scale·condition]
 * (the extremes included when n ≥ 2, so κ is exactly `condition`) and random eigenvectors.
 */
export function randomSpd(n: number, rng: TestRng, condition: number, scale = 1): RandomSpd {
  const eigenvalues = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const position = n === 1 ? rng.uniform() : k === 0 ? 0 : k === n - 1 ? 1 : rng.uniform();
    eigenvalues[k] = scale * Math.pow(condition, position);
  }
  eigenvalues.sort();
  return { A: matrixWithEigenvalues(eigenvalues, randomOrthogonal(n, rng)), eigenvalues, condition };
}

/** Random condition number, log-uniform on [1, 10^maxLog10]. */
export function randomCondition(rng: TestRng, maxLog10: number): number {
  return Math.pow(10, maxLog10 * rng.uniform());
}

export function toMl(A: Float64Array, rows: number, cols: number): Matrix {
  const M = new Matrix(rows, cols);
  for (let j = 0; j < cols; j++) {
    for (let i = 0; i < rows; i++) M.set(i, j, A[j * rows + i] as number);
  }
  return M;
}

export function fromMl(M: Matrix): Float64Array {
  const out = new Float64Array(M.rows * M.columns);
  for (let j = 0; j < M.columns; j++) {
    for (let i = 0; i < M.rows; i++) out[j * M.rows + i] = M.get(i, j);
  }
  return out;
}

/** Norm-wise relative error max|a − b| / max|b| (robust to tiny individual entries). */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch ${a.length} vs ${b.length}`);
  let difference = 0;
  let magnitude = 0;
  for (let k = 0; k < a.length; k++) {
    difference = Math.max(difference, Math.abs((a[k] as number) - (b[k] as number)));
    magnitude = Math.max(magnitude, Math.abs(b[k] as number));
  }
  return magnitude === 0 ? difference : difference / magnitude;
}

/** L Lᵀ for a lower-triangular n×n L (column-major). */
export function multiplyLowerByTranspose(L: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let k = 0; k <= Math.min(i, j); k++) sum += L[k * n + i] * L[k * n + j];
      out[j * n + i] = sum;
    }
  }
  return out;
}
