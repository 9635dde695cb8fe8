import { mulberry32, normal } from "./problems.js";
import type { CountingObjective } from "./problems.js";

/** Strictly convex quadratic f(x) = ½ xᵀAx − bᵀx with seeded SPD A = BᵀB + I and b. */
export function convexQuadratic(seed: number, dim: number): CountingObjective & { a: Float64Array; b: Float64Array } {
  const uniform = mulberry32(seed);
  const raw = Array.from({ length: dim * dim }, () => normal(uniform));
  const a = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j < dim; j++) {
      let s = i === j ? 1 : 0;
      for (let k = 0; k < dim; k++) s += raw[k * dim + i]! * raw[k * dim + j]!;
      a[j * dim + i] = s;
    }
  }
  const b = Float64Array.from({ length: dim }, () => normal(uniform));
  const calls = { value: 0, gradient: 0, hessian: 0, valueAndGradient: 0 };
  const ax = (x: Float64Array, out: Float64Array): void => {
    out.fill(0);
    for (let j = 0; j < dim; j++) for (let i = 0; i < dim; i++) out[i] = out[i]! + a[j * dim + i]! * x[j]!;
  };
  const scratch = new Float64Array(dim);
  return {
    dim,
    a,
    b,
    calls,
    value(x) {
      calls.value++;
      ax(x, scratch);
      let f = 0;
      for (let i = 0; i < dim; i++) f += 0.5 * x[i]! * scratch[i]! - b[i]! * x[i]!;
      return f;
    },
    gradient(x, out) {
      calls.gradient++;
      ax(x, out);
      for (let i = 0; i < dim; i++) out[i] = out[i]! - b[i]!;
    },
    hessian(_x, out) {
      calls.hessian++;
      out.set(a);
    },
  };
}

/**
 * Double well f(x, y) = x⁴/4 − x²/2 + y²/2 + 0.1·x·y: Hessian [[3x² − 1, 0.1], [0.1, 1]] is
 * indefinite for |x| small; local minima near x = ±1.
 */
export function doubleWell(): CountingObjective {
  const calls = { value: 0, gradient: 0, hessian: 0, valueAndGradient: 0 };
  return {
    dim: 2,
    calls,
    value(v) {
      calls.value++;
      const x = v[0]!;
      const y = v[1]!;
      return (x * x * x * x) / 4 - (x * x) / 2 + (y * y) / 2 + 0.1 * x * y;
    },
    gradient(v, out) {
      calls.gradient++;
      const x = v[0]!;
      const y = v[1]!;
      out[0] = x * x * x - x + 0.1 * y;
      out[1] = y + 0.1 * x;
    },
    hessian(v, out) {
      calls.hessian++;
      const x = v[0]!;
      out[0] = 3 * x * x - 1;
      out[1] = 0.1;
      out[2] = 0.1;
      out[3] = 1;
    },
  };
}

/**
 * f(x) = Σ x_i − log x_i (minimum n at x = 1), NaN for x_i < 0 (Math.log of a negative number),
 * +∞ at 0. Records how many evaluations fell outside the domain.
 */
export function logBarrier(dim: number): CountingObjective & { outsideDomain: number } {
  const calls = { value: 0, gradient: 0, hessian: 0, valueAndGradient: 0 };
  const objective = {
    dim,
    calls,
    outsideDomain: 0,
    value(x: Float64Array) {
      calls.value++;
      let f = 0;
      for (let i = 0; i < dim; i++) f += x[i]! - Math.log(x[i]!);
      if (!Number.isFinite(f)) objective.outsideDomain++;
      return f;
    },
    gradient(x: Float64Array, out: Float64Array) {
      calls.gradient++;
      for (let i = 0; i < dim; i++) out[i] = 1 - 1 / x[i]!;
    },
    hessian(x: Float64Array, out: Float64Array) {
      calls.hessian++;
      out.fill(0);
      for (let i = 0; i < dim; i++) out[i * dim + i] = 1 / (x[i]! * x[i]!);
    },
  };
  return objective;
}

/**
 * f(x) = 1e4 + ½ (x − c)² evaluated in floating point: within 1e-6 of c the decrease is below
 * the rounding of f (ulp(1e4) ≈ 1.8e-12), so values tie while the gradient x − c does not.
 */
export function flatAtRounding(center: number): CountingObjective {
  const calls = { value: 0, gradient: 0, hessian: 0, valueAndGradient: 0 };
  return {
    dim: 1,
    calls,
    value(x) {
      calls.value++;
      const d = x[0]! - center;
      return 1e4 + 0.5 * d * d;
    },
    gradient(x, out) {
      calls.gradient++;
      out[0] = x[0]! - center;
    },
    hessian(_x, out) {
      calls.hessian++;
      out[0] = 1;
    },
  };
}

/**
 * f(x, y) = (x − 1)² + y² on the half-plane y ≥ 0 (NaN below), with a deliberately inexact
 * Hessian [[2, 1], [1, 2]] (positive definite, like a Fisher-information approximation). From a
 * point on y = 0 the Newton direction −H⁻¹∇f points into y < 0, so every Newton trial is NaN
 * while steepest descent stays on the boundary line.
 */
export function boundaryWithInexactHessian(): CountingObjective & { outsideDomain: number } {
  const calls = { value: 0, gradient: 0, hessian: 0, valueAndGradient: 0 };
  const objective = {
    dim: 2,
    calls,
    outsideDomain: 0,
    value(v: Float64Array) {
      calls.value++;
      if (v[1]! < 0) {
        objective.outsideDomain++;
        return Number.NaN;
      }
      return (v[0]! - 1) ** 2 + v[1]! ** 2;
    },
    gradient(v: Float64Array, out: Float64Array) {
      calls.gradient++;
      out[0] = 2 * (v[0]! - 1);
      out[1] = 2 * v[1]!;
    },
    hessian(_v: Float64Array, out: Float64Array) {
      calls.hessian++;
      out.set([2, 1, 1, 2]);
    },
  };
  return objective;
}
