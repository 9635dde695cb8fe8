/**
 * Dense oracles for the sparse Cholesky tests — the package's dense Cholesky, inverse and log-det on
 * the expanded matrix (independent of the sparse code, and themselves checked against ml-matrix in
 * cholesky.test.ts and inverse.test.ts; ml-matrix's own inverse is ~10× slower at n ≈ 300) — and
 * random SPD values on random patterns.
 */
import { choleskyInPlace } from "../cholesky.js";
import { inverseFromCholesky } from "../inverse.js";
import { logDetFromCholesky } from "../log-determinant.js";
import { symmetricPatternFromEntries, type SymmetricPattern } from "../symmetric-pattern.js";
import type { TestRng } from "./test-rng.js";

/** The dense symmetric n×n matrix (column-major) of lower-triangle values on a pattern. */
export function expandSymmetric(pattern: SymmetricPattern, values: Float64Array): Float64Array {
  const { n, colPtr, rowIndex } = pattern;
  const dense = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let p = colPtr[j]; p < colPtr[j + 1]; p++) {
      const i = rowIndex[p];
      dense[j * n + i] = values[p];
      dense[i * n + j] = values[p];
    }
  }
  return dense;
}

/** y = A x for the symmetric matrix of lower-triangle values on a pattern (sparse, no densifying). */
export function symmetricMatVec(pattern: SymmetricPattern, values: Float64Array, x: Float64Array): Float64Array {
  const { n, colPtr, rowIndex } = pattern;
  const y = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    for (let p = colPtr[j]; p < colPtr[j + 1]; p++) {
      const i = rowIndex[p];
      y[i] += values[p] * x[j];
      if (i !== j) y[j] += values[p] * x[i];
    }
  }
  return y;
}

export interface DenseOracle {
  readonly logDet: number;
  /** Full A⁻¹, column-major. */
  readonly inverse: Float64Array;
}

/** Dense log-determinant and inverse of the expanded matrix (throws if it is not positive definite). */
export function denseOracle(pattern: SymmetricPattern, values: Float64Array): DenseOracle {
  const n = pattern.n;
  const factor = expandSymmetric(pattern, values);
  if (!choleskyInPlace(factor, n)) throw new Error("denseOracle: matrix is not positive definite");
  return { logDet: logDetFromCholesky(factor, n), inverse: inverseFromCholesky(factor, n) };
}

/**
 * Random SPD values on a pattern: off-diagonals N(0, 1), diagonal = row sum of |off-diagonals| plus a
 * positive margin (diagonally dominant), then D A D with D log-uniform on [10^−spread, 10^spread] so
 * the conditioning varies while the pattern stays.
 */
export function randomSpdValues(pattern: SymmetricPattern, rng: TestRng, spread = 2): Float64Array {
  const { n, colPtr, rowIndex } = pattern;
  const values = new Float64Array(rowIndex.length);
  const rowSums = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    for (let p = colPtr[j] + 1; p < colPtr[j + 1]; p++) {
      const v = rng.normal();
      values[p] = v;
      rowSums[rowIndex[p]] += Math.abs(v);
      rowSums[j] += Math.abs(v);
    }
  }
  const scale = new Float64Array(n);
  for (let j = 0; j < n; j++) scale[j] = Math.pow(10, spread * (2 * rng.uniform() - 1));
  for (let j = 0; j < n; j++) {
    for (let p = colPtr[j]; p < colPtr[j + 1]; p++) {
      const i = rowIndex[p];
      const base = i === j ? rowSums[j] + 0.01 + rng.uniform() : values[p];
      values[p] = base * scale[i] * scale[j];
    }
  }
  return values;
}

/** A random pattern: each off-diagonal pair present with probability `density`, plus a few dense rows. */
export function randomPatternEntries(n: number, density: number, denseRows: number, rng: TestRng): { rows: Int32Array; cols: Int32Array } {
  const rows: number[] = [];
  const cols: number[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = j + 1; i < n; i++) {
      if (rng.uniform() < density) {
        // Either triangle, sometimes twice, as callers may give them.
        if (rng.uniform() < 0.5) { rows.push(i); cols.push(j); } else { rows.push(j); cols.push(i); }
        if (rng.uniform() < 0.1) { rows.push(i); cols.push(j); }
      }
    }
  }
  for (let d = 0; d < denseRows && n > 0; d++) {
    const hub = rng.integer(0, n - 1);
    for (let j = 0; j < n; j++) if (j !== hub) { rows.push(hub); cols.push(j); }
  }
  return { rows: Int32Array.from(rows), cols: Int32Array.from(cols) };
}

/** The pattern of {@link randomPatternEntries}. */
export function randomSymmetricPattern(n: number, density: number, denseRows: number, rng: TestRng): SymmetricPattern {
  const { rows, cols } = randomPatternEntries(n, density, denseRows, rng);
  return symmetricPatternFromEntries(n, rows, cols);
}
