/**
 * Central differences with one Richardson extrapolation, (4 D(h/2) − D(h)) / 3, whose error is
 * O(h⁴): accurate enough to check analytic derivatives to a relative 1e-5 and better.
 */

export function richardson(f: (t: number) => number, h: number): number {
  const d = (step: number) => (f(step) - f(-step)) / (2 * step);
  return (4 * d(h / 2) - d(h)) / 3;
}

/** Numerical gradient of `value` at x; `steps[k]` is the step for coordinate k. */
export function numericalGradient(value: (x: Float64Array) => number, x: Float64Array, steps: ArrayLike<number>): Float64Array {
  const dim = x.length;
  const out = new Float64Array(dim);
  const y = Float64Array.from(x);
  for (let k = 0; k < dim; k++) {
    out[k] = richardson((t) => {
      y[k] = x[k]! + t;
      const v = value(y);
      y[k] = x[k]!;
      return v;
    }, steps[k]!);
  }
  return out;
}

/** Numerical Hessian (column-major) from differences of an analytic gradient. */
export function numericalHessian(
  gradient: (x: Float64Array, out: Float64Array) => void,
  x: Float64Array,
  steps: ArrayLike<number>,
): Float64Array {
  const dim = x.length;
  const out = new Float64Array(dim * dim);
  const y = Float64Array.from(x);
  const g = new Float64Array(dim);
  for (let k = 0; k < dim; k++) {
    for (let r = 0; r < dim; r++) {
      out[k * dim + r] = richardson((t) => {
        y[k] = x[k]! + t;
        gradient(y, g);
        y[k] = x[k]!;
        return g[r]!;
      }, steps[k]!);
    }
  }
  return out;
}

/** max |a − b| / max(max |b|, floor): a norm-relative error that tolerates near-zero entries. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-12): number {
  let diff = 0;
  let scale = floor;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / scale;
}
