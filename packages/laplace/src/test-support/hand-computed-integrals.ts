/**
 * Independent oracles for a scalar random-intercept model (tests only), written from the definitions and
 * sharing no code with the library: a tiny hand-written data set, each cluster's log-integrand
 *   h_j(u) = Σ_i [log C(m_i, y_i) + y_i η_i − m_i log(1 + e^{η_i})] − u²/2,   η_i = x_iᵀβ + σ z_i u,
 * its mode by Newton's method, closed-form Gauss–Hermite rules for the standard normal (roots of the
 * probabilists' Hermite polynomials He_k, k ≤ 5), the adaptive k-node sum
 *   ℓ_j ≈ log σ̂ + log Σ_k ω_k exp(h_j(û + σ̂ z_k) + z_k²/2),   σ̂ = (−h_j''(û))^{-1/2},
 * and the exact integral ℓ_j = log ∫ exp(h_j(u)) du / √(2π) by composite Simpson on a fine wide grid.
 */
import type { ModelFrame } from "@glmmkit/core";

export interface TinyRow {
  readonly cluster: number;
  /** Fixed-effects covariates (the first is the intercept's 1). */
  readonly x: readonly number[];
  /** Random-effect covariate (1 for a random intercept). */
  readonly z: number;
  readonly y: number;
  readonly m: number;
}

/**
 * Eight rows in three clusters, binary and binomial (m = 3) responses, one covariate; cluster 1 has no
 * successes and cluster 2 nearly only successes, so the integrands are skewed and node counts matter.
 */
export const tinyRows: readonly TinyRow[] = [
  { cluster: 0, x: [1, -0.8], z: 1, y: 1, m: 1 },
  { cluster: 0, x: [1, 0.3], z: 1, y: 2, m: 3 },
  { cluster: 0, x: [1, 1.1], z: 1, y: 1, m: 1 },
  { cluster: 1, x: [1, -1.5], z: 1, y: 0, m: 1 },
  { cluster: 1, x: [1, 0.4], z: 1, y: 0, m: 3 },
  { cluster: 2, x: [1, 0.9], z: 1, y: 3, m: 3 },
  { cluster: 2, x: [1, -0.2], z: 1, y: 1, m: 1 },
  { cluster: 2, x: [1, 2.0], z: 1, y: 1, m: 1 },
];

/** β and σ at which the tests evaluate the tiny data (a large σ: the integrands are far from Gaussian). */
export const tinyParameters = { beta: [-0.4, 0.7], sigma: 2.2 } as const;

/** A scalar random-effect model frame for `rows` (clusters numbered 0 … J − 1). */
export function tinyFrame(rows: readonly TinyRow[]): ModelFrame {
  const n = rows.length;
  const p = rows[0]!.x.length;
  const J = Math.max(...rows.map((r) => r.cluster)) + 1;
  const X = new Float64Array(n * p);
  rows.forEach((r, i) => r.x.forEach((v, c) => (X[c * n + i] = v)));
  return {
    formula: "tiny",
    responseName: "y",
    n,
    y: Float64Array.from(rows, (r) => r.y),
    trials: Float64Array.from(rows, (r) => r.m),
    binary: rows.every((r) => r.m === 1),
    p,
    X,
    betaNames: Array.from({ length: p }, (_, c) => (c === 0 ? "(Intercept)" : `x${c}`)),
    terms: [
      {
        group: "g",
        termNames: ["(Intercept)"],
        q: 1,
        levels: Array.from({ length: J }, (_, j) => `g${j}`),
        groupIndex: Int32Array.from(rows, (r) => r.cluster),
        Z: Float64Array.from(rows, (r) => r.z),
      },
    ],
    rowsRead: n,
  };
}

/** log C(m, y) by direct summation (small counts only). */
function logBinomialCoefficient(m: number, y: number): number {
  let s = 0;
  for (let k = 1; k <= y; k++) s += Math.log(m - y + k) - Math.log(k);
  return s;
}

/** log(1 + e^η) without overflow. */
function softplus(eta: number): number {
  return Math.max(eta, 0) + Math.log1p(Math.exp(-Math.abs(eta)));
}

export interface ClusterIntegrand {
  /** h_j(u). */
  value(u: number): number;
  /** h_j'(u) and −h_j''(u). */
  slopeAndCurvature(u: number): { slope: number; curvature: number };
}

export function clusterIntegrand(rows: readonly TinyRow[], cluster: number, beta: readonly number[], sigma: number): ClusterIntegrand {
  const own = rows.filter((r) => r.cluster === cluster);
  const offset = own.map((r) => r.x.reduce((s, v, c) => s + v * beta[c]!, 0));
  const constant = own.reduce((s, r) => s + logBinomialCoefficient(r.m, r.y), 0);
  return {
    value(u) {
      let h = constant - 0.5 * u * u;
      own.forEach((r, k) => {
        const eta = offset[k]! + sigma * r.z * u;
        h += r.y * eta - r.m * softplus(eta);
      });
      return h;
    },
    slopeAndCurvature(u) {
      let slope = -u;
      let curvature = 1;
      own.forEach((r, k) => {
        const eta = offset[k]! + sigma * r.z * u;
        const mu = 1 / (1 + Math.exp(-eta));
        slope += sigma * r.z * (r.y - r.m * mu);
        curvature += sigma * sigma * r.z * r.z * r.m * mu * (1 - mu);
      });
      return { slope, curvature };
    },
  };
}

/** The mode û of a strictly concave h by Newton's method from 0, and −h''(û). */
export function clusterMode(h: ClusterIntegrand): { mode: number; curvature: number } {
  let u = 0;
  for (let it = 0; it < 200; it++) {
    const { slope, curvature } = h.slopeAndCurvature(u);
    const step = slope / curvature;
    u += step;
    if (Math.abs(step) < 1e-15 * (1 + Math.abs(u))) break;
  }
  return { mode: u, curvature: h.slopeAndCurvature(u).curvature };
}

export interface NormalRule {
  readonly nodes: readonly number[];
  readonly weights: readonly number[];
}

/** Gauss–Hermite rules for ∫ g(z) φ(z) dz: nodes are the roots of He_k, weights k!/(k He_{k−1}(z))². */
export const closedFormRules: Readonly<Record<number, NormalRule>> = {
  1: { nodes: [0], weights: [1] },
  2: { nodes: [-1, 1], weights: [0.5, 0.5] },
  3: { nodes: [-Math.sqrt(3), 0, Math.sqrt(3)], weights: [1 / 6, 2 / 3, 1 / 6] },
  4: {
    nodes: [-Math.sqrt(3 + Math.sqrt(6)), -Math.sqrt(3 - Math.sqrt(6)), Math.sqrt(3 - Math.sqrt(6)), Math.sqrt(3 + Math.sqrt(6))],
    weights: [(3 - Math.sqrt(6)) / 12, (3 + Math.sqrt(6)) / 12, (3 + Math.sqrt(6)) / 12, (3 - Math.sqrt(6)) / 12],
  },
  5: {
    nodes: [-Math.sqrt(5 + Math.sqrt(10)), -Math.sqrt(5 - Math.sqrt(10)), 0, Math.sqrt(5 - Math.sqrt(10)), Math.sqrt(5 + Math.sqrt(10))],
    weights: [(7 - 2 * Math.sqrt(10)) / 60, (7 + 2 * Math.sqrt(10)) / 60, 8 / 15, (7 + 2 * Math.sqrt(10)) / 60, (7 - 2 * Math.sqrt(10)) / 60],
  },
};

function clusterCount(rows: readonly TinyRow[]): number {
  return Math.max(...rows.map((r) => r.cluster)) + 1;
}

/** Σ_j of the adaptive rule's value for cluster j (the rule's k = 1 is the Laplace approximation). */
export function handAdaptiveQuadrature(rows: readonly TinyRow[], beta: readonly number[], sigma: number, rule: NormalRule): number {
  let total = 0;
  for (let j = 0; j < clusterCount(rows); j++) {
    const h = clusterIntegrand(rows, j, beta, sigma);
    const { mode, curvature } = clusterMode(h);
    const scale = 1 / Math.sqrt(curvature);
    const terms = rule.nodes.map((z, k) => Math.log(rule.weights[k]!) + h.value(mode + scale * z) + 0.5 * z * z);
    const largest = Math.max(...terms);
    total += Math.log(scale) + largest + Math.log(terms.reduce((s, t) => s + Math.exp(t - largest), 0));
  }
  return total;
}

/** Σ_j log ∫ exp(h_j(u)) du / √(2π), composite Simpson with step 1/256 (default) over û ± 40. */
export function exactLogLik(
  rows: readonly TinyRow[],
  beta: readonly number[],
  sigma: number,
  grid: { step: number; halfWidth: number } = { step: 1 / 256, halfWidth: 40 },
): number {
  let total = 0;
  const { step, halfWidth } = grid;
  const intervals = 2 * Math.round(halfWidth / step);
  for (let j = 0; j < clusterCount(rows); j++) {
    const h = clusterIntegrand(rows, j, beta, sigma);
    const { mode } = clusterMode(h);
    const top = h.value(mode);
    let sum = 0;
    for (let k = 0; k <= intervals; k++) {
      const simpson = k === 0 || k === intervals ? 1 : k % 2 === 1 ? 4 : 2;
      sum += simpson * Math.exp(h.value(mode - halfWidth + k * step) - top);
    }
    total += top + Math.log((sum * step) / 3) - 0.5 * Math.log(2 * Math.PI);
  }
  return total;
}
