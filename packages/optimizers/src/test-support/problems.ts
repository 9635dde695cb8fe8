import type { Objective } from "../objective.js";

/** mulberry32: a small seeded uniform generator on [0, 1) for deterministic test data. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal by Box–Muller from a uniform source. */
export function normal(uniform: () => number): number {
  const u1 = 1 - uniform();
  const u2 = uniform();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Objective plus call counters, to check the minimiser's bookkeeping against the real calls. */
export interface CountingObjective extends Objective {
  calls: { value: number; gradient: number; hessian: number; valueAndGradient: number };
}

/**
 * Chained Rosenbrock f(x) = Σ_{i<n-1} 100 (x_{i+1} − x_i²)² + (1 − x_i)², minimum 0 at (1, …, 1).
 * `withHessian: false` leaves the Hessian out (Newton then differences the gradient).
 */
export function rosenbrock(dim: number, withHessian = true): CountingObjective {
  const calls = { value: 0, gradient: 0, hessian: 0, valueAndGradient: 0 };
  const objective: CountingObjective = {
    dim,
    calls,
    value(x) {
      calls.value++;
      let sum = 0;
      for (let i = 0; i < dim - 1; i++) {
        const a = x[i + 1]! - x[i]! * x[i]!;
        const b = 1 - x[i]!;
        sum += 100 * a * a + b * b;
      }
      return sum;
    },
    gradient(x, out) {
      calls.gradient++;
      out.fill(0);
      for (let i = 0; i < dim - 1; i++) {
        const a = x[i + 1]! - x[i]! * x[i]!;
        out[i] = out[i]! - 400 * x[i]! * a - 2 * (1 - x[i]!);
        out[i + 1] = out[i + 1]! + 200 * a;
      }
    },
  };
  if (withHessian) {
    objective.hessian = (x, out) => {
      calls.hessian++;
      out.fill(0);
      for (let i = 0; i < dim - 1; i++) {
        const xi = x[i]!;
        out[i * dim + i] = out[i * dim + i]! + 1200 * xi * xi - 400 * x[i + 1]! + 2;
        out[(i + 1) * dim + i + 1] = out[(i + 1) * dim + i + 1]! + 200;
        out[(i + 1) * dim + i] = -400 * xi;
        out[i * dim + i + 1] = -400 * xi;
      }
    };
  }
  return objective;
}

/** log(1 + e^η) without overflow or loss of precision for large |η|. */
export function log1pExp(eta: number): number {
  return eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
}

function expit(eta: number): number {
  if (eta >= 0) return 1 / (1 + Math.exp(-eta));
  const e = Math.exp(eta);
  return e / (1 + e);
}

export interface LogisticData {
  n: number;
  p: number;
  /** n×p column-major design with an intercept column. */
  design: Float64Array;
  response: Float64Array;
}

/** Seeded synthetic logistic-regression data: intercept + (p−1) standard normal covariates. */
export function logisticData(seed: number, n: number, trueBeta: readonly number[]): LogisticData {
  const p = trueBeta.length;
  const uniform = mulberry32(seed);
  const design = new Float64Array(n * p);
  const response = new Float64Array(n);
  for (let i = 0; i < n; i++) design[i] = 1;
  for (let j = 1; j < p; j++) for (let i = 0; i < n; i++) design[j * n + i] = normal(uniform);
  for (let i = 0; i < n; i++) {
    let eta = 0;
    for (let j = 0; j < p; j++) eta += design[j * n + i]! * trueBeta[j]!;
    response[i] = uniform() < expit(eta) ? 1 : 0;
  }
  return { n, p, design, response };
}

/**
 * Negative log-likelihood of logistic regression, Σ log(1 + e^η_i) − y_i η_i, its gradient
 * Xᵀ(μ − y) and Hessian Xᵀ diag(μ(1 − μ)) X; with a fused value-and-gradient when `fused`.
 */
export function logisticNegativeLogLikelihood(data: LogisticData, fused = false): CountingObjective {
  const { n, p, design, response } = data;
  const calls = { value: 0, gradient: 0, hessian: 0, valueAndGradient: 0 };
  const eta = new Float64Array(n);
  const linearPredictor = (beta: Float64Array): void => {
    eta.fill(0);
    for (let j = 0; j < p; j++) {
      const bj = beta[j]!;
      for (let i = 0; i < n; i++) eta[i] = eta[i]! + design[j * n + i]! * bj;
    }
  };
  const valueFromEta = (): number => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += log1pExp(eta[i]!) - response[i]! * eta[i]!;
    return sum;
  };
  const gradientFromEta = (out: Float64Array): void => {
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += design[j * n + i]! * (expit(eta[i]!) - response[i]!);
      out[j] = s;
    }
  };
  const objective: CountingObjective = {
    dim: p,
    calls,
    value(beta) {
      calls.value++;
      linearPredictor(beta);
      return valueFromEta();
    },
    gradient(beta, out) {
      calls.gradient++;
      linearPredictor(beta);
      gradientFromEta(out);
    },
    hessian(beta, out) {
      calls.hessian++;
      linearPredictor(beta);
      out.fill(0);
      for (let i = 0; i < n; i++) {
        const mu = expit(eta[i]!);
        const w = mu * (1 - mu);
        for (let j = 0; j < p; j++) {
          const wx = w * design[j * n + i]!;
          for (let k = 0; k < p; k++) out[j * p + k] = out[j * p + k]! + wx * design[k * n + i]!;
        }
      }
    },
  };
  if (fused) {
    objective.valueAndGradient = (beta, out) => {
      calls.valueAndGradient++;
      linearPredictor(beta);
      gradientFromEta(out);
      return valueFromEta();
    };
  }
  return objective;
}
