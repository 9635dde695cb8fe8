/**
 * Running means, variances and covariances of vectors in one pass (Welford 1962; the vector form of
 * Chan, Golub & LeVeque 1983): after x_n, mean_n = mean_{n−1} + (x_n − mean_{n−1})/n and
 * S_n = S_{n−1} + (x_n − mean_{n−1})(x_n − mean_n)ᵀ, so the sample covariance is S_n/(n − 1) without
 * the cancellation of Σx² − n·mean².
 */
export class RunningCovariance {
  private count = 0;
  private readonly mean: Float64Array;
  /** Σ (x − mean_{n−1})(x − mean_n)ᵀ, dim × dim column-major (only the diagonal when `diagonalOnly`). */
  private readonly scatter: Float64Array;
  private readonly delta: Float64Array;

  constructor(
    readonly dim: number,
    readonly diagonalOnly = false,
  ) {
    this.mean = new Float64Array(dim);
    this.scatter = new Float64Array(diagonalOnly ? dim : dim * dim);
    this.delta = new Float64Array(dim);
  }

  get n(): number {
    return this.count;
  }

  add(x: ArrayLike<number>): void {
    const d = this.dim;
    this.count++;
    const inverse = 1 / this.count;
    for (let k = 0; k < d; k++) {
      const before = x[k] - this.mean[k];
      this.delta[k] = before;
      this.mean[k] += before * inverse;
    }
    if (this.diagonalOnly) {
      for (let k = 0; k < d; k++) this.scatter[k] += this.delta[k] * (x[k] - this.mean[k]);
      return;
    }
    for (let c = 0; c < d; c++) {
      const after = x[c] - this.mean[c];
      for (let r = 0; r < d; r++) this.scatter[c * d + r] += this.delta[r] * after;
    }
  }

  restart(): void {
    this.count = 0;
    this.mean.fill(0);
    this.scatter.fill(0);
  }

  /** The running mean (copied into `out`). */
  meanInto(out: Float64Array): Float64Array {
    out.set(this.mean);
    return out;
  }

  /** Sample variances S_kk/(n − 1) (NaN for n < 2). */
  varianceInto(out: Float64Array): Float64Array {
    const d = this.dim;
    const den = this.count - 1;
    for (let k = 0; k < d; k++) {
      const s = this.diagonalOnly ? this.scatter[k] : this.scatter[k * d + k];
      out[k] = den > 0 ? s / den : Number.NaN;
    }
    return out;
  }

  /** Sample covariance S/(n − 1), dim × dim column-major and exactly symmetric (NaN for n < 2). */
  covarianceInto(out: Float64Array): Float64Array {
    if (this.diagonalOnly) throw new Error("RunningCovariance: only the diagonal is kept");
    const d = this.dim;
    const den = this.count - 1;
    for (let c = 0; c < d; c++) {
      for (let r = c; r < d; r++) {
        const v = den > 0 ? (0.5 * (this.scatter[c * d + r] + this.scatter[r * d + c])) / den : Number.NaN;
        out[c * d + r] = v;
        out[r * d + c] = v;
      }
    }
    return out;
  }
}
