/** Gradient callback of an `Objective`. */
export type GradientFunction = (x: Float64Array, out: Float64Array) => void;

/**
 * Hessian by central differences of the gradient, column j = (∇f(x + h e_j) − ∇f(x − h e_j)) / 2h,
 * then symmetrised as (H + Hᵀ)/2. The step h_j = ε^(1/3)·max(1, |x_j|) balances the O(h²)
 * truncation error against the O(ε/h) rounding error (Nocedal & Wright 2006, §8.1).
 * Costs 2·dim gradient evaluations; writes dim×dim column-major into `out`.
 */
export function finiteDifferenceHessian(
  gradient: GradientFunction,
  x: Float64Array,
  out: Float64Array,
): void {
  const n = x.length;
  const point = Float64Array.from(x);
  const forward = new Float64Array(n);
  const backward = new Float64Array(n);
  const relativeStep = Math.cbrt(Number.EPSILON);
  for (let j = 0; j < n; j++) {
    const xj = x[j]!;
    // Round the step so that (xj + h) − (xj − h) is exactly 2h in floating point.
    const up = xj + relativeStep * Math.max(1, Math.abs(xj));
    const step = up - xj;
    point[j] = xj + step;
    gradient(point, forward);
    point[j] = xj - step;
    gradient(point, backward);
    point[j] = xj;
    const col = j * n;
    for (let i = 0; i < n; i++) out[col + i] = (forward[i]! - backward[i]!) / (2 * step);
  }
  for (let j = 0; j < n; j++) {
    for (let i = j + 1; i < n; i++) {
      const mean = 0.5 * (out[j * n + i]! + out[i * n + j]!);
      out[j * n + i] = mean;
      out[i * n + j] = mean;
    }
  }
}
