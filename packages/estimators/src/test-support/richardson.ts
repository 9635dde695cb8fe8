/** Central differences with one Richardson step, (4 D(h/2) − D(h)) / 3, error O(h⁴): checks of exact derivatives. */

/** ∂f/∂x_k at x. */
export function partialDerivative(f: (x: Float64Array) => number, x: Float64Array, k: number, h = 1e-3): number {
  const y = Float64Array.from(x);
  const d = (step: number) => {
    y[k] = x[k]! + step;
    const up = f(y);
    y[k] = x[k]! - step;
    const down = f(y);
    y[k] = x[k]!;
    return (up - down) / (2 * step);
  };
  return (4 * d(h / 2) - d(h)) / 3;
}

/** ∇f at x. */
export function numericalGradient(f: (x: Float64Array) => number, x: Float64Array, h = 1e-3): Float64Array {
  return Float64Array.from(x, (_, k) => partialDerivative(f, x, k, h));
}
