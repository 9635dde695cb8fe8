/**
 * PIRLS for one grouping factor: the conditional modes û_j = argmax_u h_j(u), h_j(u) = Σ_i f_i(η_i) − ½ uᵀu,
 * η_i = a_i + z̃_iᵀ u with z̃_i = Lᵀ z_i. Given θ the clusters are independent, so the penalised least-squares
 * system of lme4 (Ruth, eq. 8–9) splits into J q×q Newton problems: u ← u + H⁻¹ g with
 * g = Σ f'_i z̃_i − u and H = I + Σ w_i z̃_i z̃_iᵀ, with step-halving on the penalised deviance −2 h_j.
 * The logit link is canonical, so H is also the observed information and h_j is strictly concave.
 */
import { choleskyInPlace, logDetFromCholesky, solveWithCholesky } from "@glmmkit/linalg";
import { binomialLogitRow, type RowDerivatives } from "./binomial-logit.js";
import type { ClusterLayout } from "./cluster-layout.js";
import type { PirlsStatistics } from "./likelihood-engine.js";

export interface ModeWorkspace {
  /** Per row, at the modes: η_i, f'_i, w_i, μ_i (permuted row order). */
  readonly eta: Float64Array;
  readonly fPrime: Float64Array;
  readonly w: Float64Array;
  readonly mu: Float64Array;
  /** n × q row-major z̃_i = Lᵀ z_i for the current L. */
  readonly zTilde: Float64Array;
  /** h_j(û_j) per cluster. */
  readonly clusterH: Float64Array;
  /** log det H_j per cluster. */
  readonly clusterLogDet: Float64Array;
  /** Cholesky factors of H_j at the modes, J blocks of q×q (column-major). */
  readonly clusterFactor: Float64Array;
  /** q-vectors / q×q scratch. */
  readonly gradient: Float64Array;
  readonly step: Float64Array;
  readonly trial: Float64Array;
  readonly hessian: Float64Array;
  /** One row's f, f', w, μ (reused, so the hot loop allocates nothing). */
  readonly row: RowDerivatives;
}

const MAX_ITERATIONS = 100;
const MAX_HALVINGS = 40;

export function createModeWorkspace(layout: ClusterLayout): ModeWorkspace {
  const { n, q, J } = layout;
  return {
    eta: new Float64Array(n),
    fPrime: new Float64Array(n),
    w: new Float64Array(n),
    mu: new Float64Array(n),
    zTilde: new Float64Array(n * q),
    clusterH: new Float64Array(J),
    clusterLogDet: new Float64Array(J),
    clusterFactor: new Float64Array(J * q * q),
    gradient: new Float64Array(q),
    step: new Float64Array(q),
    trial: new Float64Array(q),
    hessian: new Float64Array(q * q),
    row: { f: 0, fPrime: 0, w: 0, mu: 0 },
  };
}

/**
 * Evaluate h_j at u (given as `modes[j*q ..]` or `trial`), filling the rows' η, f', w, μ and
 * the cluster's gradient g and Hessian H = −∂²h/∂u∂uᵀ (q×q, lower triangle then mirrored).
 */
function evaluateCluster(
  layout: ClusterLayout,
  j: number,
  a: Float64Array,
  u: Float64Array,
  uOffset: number,
  ws: ModeWorkspace,
): number {
  const { q, y, m, start } = layout;
  const { zTilde, eta, fPrime, w, mu, gradient: g, hessian: H, row } = ws;
  g.fill(0);
  H.fill(0);
  let h = 0;
  for (let i = start[j]!; i < start[j + 1]!; i++) {
    let e = a[i]!;
    const zi = i * q;
    for (let c = 0; c < q; c++) e += zTilde[zi + c]! * u[uOffset + c]!;
    binomialLogitRow(e, y[i]!, m[i]!, row);
    eta[i] = e;
    fPrime[i] = row.fPrime;
    w[i] = row.w;
    mu[i] = row.mu;
    h += row.f;
    for (let c = 0; c < q; c++) {
      const zc = zTilde[zi + c]!;
      g[c] += row.fPrime * zc;
      const wz = row.w * zc;
      for (let r = c; r < q; r++) H[c * q + r] += wz * zTilde[zi + r]!;
    }
  }
  for (let c = 0; c < q; c++) {
    const uc = u[uOffset + c]!;
    h -= 0.5 * uc * uc;
    g[c] -= uc;
    H[c * q + c] += 1;
    for (let r = c + 1; r < q; r++) H[r * q + c] = H[c * q + r]!;
  }
  return h;
}

function maxAbs(v: Float64Array): number {
  let s = 0;
  for (let k = 0; k < v.length; k++) s = Math.max(s, Math.abs(v[k]!));
  return s;
}

/**
 * Solve for every cluster's mode, warm-started from `modes` (updated in place). On return the workspace
 * holds, for each cluster, h_j(û_j), log det H_j and the Cholesky factor of H_j, and per row the
 * quantities at the modes. Returns the total iterations and the number of clusters that hit the limit.
 */
export function solveConditionalModes(
  layout: ClusterLayout,
  a: Float64Array,
  L: Float64Array,
  modes: Float64Array,
  ws: ModeWorkspace,
  tolerance: number,
): PirlsStatistics {
  const { n, q, J, Z } = layout;
  // z̃_i = Lᵀ z_i (L lower triangular, column-major).
  const zTilde = ws.zTilde;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < q; c++) {
      let s = 0;
      for (let r = c; r < q; r++) s += L[c * q + r]! * Z[i * q + r]!;
      zTilde[i * q + c] = s;
    }
  }
  let iterations = 0;
  let unconverged = 0;
  const { step, trial, hessian: H, gradient: g, clusterFactor } = ws;
  for (let j = 0; j < J; j++) {
    const uOffset = j * q;
    let h = evaluateCluster(layout, j, a, modes, uOffset, ws);
    let converged = false;
    for (let it = 0; it < MAX_ITERATIONS; it++) {
      if (maxAbs(g) < tolerance) {
        converged = true;
        break;
      }
      iterations++;
      // Newton step δ = H⁻¹ g (H is positive definite: I plus a positive semidefinite sum).
      for (let k = 0; k < q; k++) step[k] = g[k]!;
      choleskyInPlace(H, q);
      solveWithCholesky(H, q, step);
      let t = 1;
      let accepted = false;
      for (let halving = 0; halving < MAX_HALVINGS; halving++) {
        for (let k = 0; k < q; k++) trial[k] = modes[uOffset + k]! + t * step[k]!;
        const hTrial = evaluateCluster(layout, j, a, trial, 0, ws);
        // h is strictly concave: a Newton step that lowers it (beyond rounding) is too long.
        if (hTrial >= h - 1e-13 * (1 + Math.abs(h))) {
          for (let k = 0; k < q; k++) modes[uOffset + k] = trial[k]!;
          h = hTrial;
          accepted = true;
          break;
        }
        t *= 0.5;
      }
      if (!accepted) {
        // No increase is possible at this precision: we are at the mode up to rounding.
        h = evaluateCluster(layout, j, a, modes, uOffset, ws);
        converged = maxAbs(g) < Math.sqrt(tolerance);
        break;
      }
    }
    if (!converged) unconverged++;
    ws.clusterH[j] = h;
    const factor = clusterFactor.subarray(j * q * q, (j + 1) * q * q);
    factor.set(H);
    choleskyInPlace(factor, q);
    ws.clusterLogDet[j] = logDetFromCholesky(factor, q);
  }
  return { iterations, unconvergedClusters: unconverged };
}
