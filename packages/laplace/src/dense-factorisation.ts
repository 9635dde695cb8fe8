/**
 * A `SymmetricFactorisation` on a dense Q × Q copy of the matrix (Cholesky from @glmmkit/linalg). Its cost
 * grows as Q³, so it serves as the independent oracle for the sparse factorisation in tests, not as the
 * engine behind real fits.
 */
import {
  choleskyInPlace,
  inverseFromCholesky,
  logDetFromCholesky,
  solveLower,
  solveLowerTranspose,
  solveWithCholesky,
  type SymmetricPattern,
} from "@glmmkit/linalg";
import type { SymmetricFactorisation } from "./penalised-system.js";

export class DenseFactorisation implements SymmetricFactorisation {
  private readonly factor: Float64Array;
  private readonly n: number;

  constructor(private readonly pattern: SymmetricPattern) {
    this.n = pattern.n;
    this.factor = new Float64Array(this.n * this.n);
  }

  refactor(values: Float64Array): boolean {
    const { n, factor, pattern } = this;
    factor.fill(0);
    for (let c = 0; c < n; c++) {
      for (let k = pattern.colPtr[c]!; k < pattern.colPtr[c + 1]!; k++) factor[c * n + pattern.rowIndex[k]!] = values[k]!;
    }
    return choleskyInPlace(factor, n);
  }

  solveInPlace(rhs: Float64Array): void {
    solveWithCholesky(this.factor, this.n, rhs);
  }

  logDet(): number {
    return logDetFromCholesky(this.factor, this.n);
  }

  solveTransposedFactor(e: Float64Array, out: Float64Array, scale: Float64Array | null): void {
    out.set(e);
    solveLowerTranspose(this.factor, this.n, out);
    if (scale !== null) for (let k = 0; k < this.n; k++) out[k] *= scale[k]!;
  }

  solveFactor(v: Float64Array, out: Float64Array, scale: Float64Array | null): void {
    out.set(v);
    if (scale !== null) for (let k = 0; k < this.n; k++) out[k] *= scale[k]!;
    solveLower(this.factor, this.n, out);
  }

  quadraticForm(v: Float64Array): number {
    const { n, factor } = this;
    let sum = 0;
    for (let j = 0; j < n; j++) {
      let t = 0;
      for (let i = j; i < n; i++) t += factor[j * n + i]! * v[i]!;
      sum += t * t;
    }
    return sum;
  }

  inverseOnPattern(out: Float64Array): void {
    const { n, pattern } = this;
    const inverse = inverseFromCholesky(this.factor, n);
    for (let c = 0; c < n; c++) {
      for (let k = pattern.colPtr[c]!; k < pattern.colPtr[c + 1]!; k++) out[k] = inverse[c * n + pattern.rowIndex[k]!]!;
    }
  }
}

export const denseFactorisation = (pattern: SymmetricPattern): SymmetricFactorisation => new DenseFactorisation(pattern);
