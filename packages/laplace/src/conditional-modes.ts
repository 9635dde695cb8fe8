/**
 * PIRLS for one grouping factor: the conditional modes û_j = argmax_u h_j(u), h_j(u) = Σ_i f_i(η_i) − ½ uᵀu,
 * η_i = a_i + z̃_iᵀ u with z̃_i = Lᵀ z_i (a_i = offset_i + x_iᵀβ). Given θ the clusters are independent, so the
 * penalised least-squares system of lme4 (Ruth, eq. 8–9) splits into J q×q Newton problems: u ← u + H⁻¹ g
 * with g = Σ f'_i z̃_i − u and H = I + Σ w_i z̃_i z̃_iᵀ, w = −f″, with step-halving on the penalised
 * deviance −2 h_j. For the canonical logit link H is also the expected information and h_j is strictly
 * concave. For another link the observed H may fail to be positive definite away from the mode (cauchit's
 * likelihood is not log-concave): the step then uses the expected information H_F = I + Σ w_F z̃ z̃ᵀ (always
 * positive definite, so still an ascent direction, as lme4's IRLS does), and step-halving keeps h rising;
 * where h has several local maxima (cauchit, far from the data) PIRLS finds the one its warm start leads
 * to, as lme4's does.
 * At the mode the workspace holds H_F's factor (lme4's log-determinant uses the PIRLS weights w_F) and,
 * for a non-canonical link, H's factor as well (the gradient's dû/dθ = H⁻¹ ∂g/∂θ).
 */
import { choleskyInPlace, logDetFromCholesky, solveWithCholesky } from "@glmmkit/linalg";
import { newBinomialRowDerivatives, type BinomialRowDerivatives } from "@glmmkit/math";
import type { RowDerivatives } from "./binomial-logit.js";
import type { ClusterLayout } from "./cluster-layout.js";
import type { PirlsStatistics } from "./likelihood-engine.js";
import type { LinkRows } from "./link-rows.js";

export interface ModeWorkspace {
  /** Per row, at the modes: η_i, f'_i, w_i = −f″_i, μ_i (permuted row order). */
  readonly eta: Float64Array;
  readonly fPrime: Float64Array;
  readonly w: Float64Array;
  readonly mu: Float64Array;
  /** Per row m ω(η) and its η-derivative; `wFisher` is `w` itself for the canonical link. */
  readonly wFisher: Float64Array;
  readonly wFisherPrime: Float64Array;
  readonly rows: LinkRows;
  /** n × q row-major z̃_i = Lᵀ z_i for the current L. */
  readonly zTilde: Float64Array;
  /** h_j(û_j) per cluster. */
  readonly clusterH: Float64Array;
  /** log det H_j per cluster. */
  readonly clusterLogDet: Float64Array;
  /** Cholesky factors of the expected-information H_F,j at the modes, J blocks of q×q (column-major). */
  readonly clusterFactor: Float64Array;
  /** Cholesky factors of the observed H_j at the modes (the same array as clusterFactor for logit; NaN if not positive definite). */
  readonly clusterObservedFactor: Float64Array;
  /** q-vectors / q×q scratch. */
  readonly gradient: Float64Array;
  readonly step: Float64Array;
  readonly trial: Float64Array;
  readonly hessian: Float64Array;
  /** H_F of the cluster being solved (non-canonical links). */
  readonly hessianFisher: Float64Array;
  /** One row's f, f', w, μ, and the link kernel's full output (reused: the hot loop allocates nothing). */
  readonly row: RowDerivatives;
  readonly fisherRow: BinomialRowDerivatives;
}

const MAX_ITERATIONS = 100;
const MAX_HALVINGS = 40;

export function createModeWorkspace(layout: ClusterLayout, rows: LinkRows): ModeWorkspace {
  const { n, q, J } = layout;
  const w = new Float64Array(n);
  const clusterFactor = new Float64Array(J * q * q);
  return {
    eta: new Float64Array(n),
    fPrime: new Float64Array(n),
    w,
    mu: new Float64Array(n),
    wFisher: rows.canonical ? w : new Float64Array(n),
    wFisherPrime: new Float64Array(rows.canonical ? 0 : n),
    rows,
    zTilde: new Float64Array(n * q),
    clusterH: new Float64Array(J),
    clusterLogDet: new Float64Array(J),
    clusterFactor,
    clusterObservedFactor: rows.canonical ? clusterFactor : new Float64Array(J * q * q),
    gradient: new Float64Array(q),
    step: new Float64Array(q),
    trial: new Float64Array(q),
    hessian: new Float64Array(q * q),
    hessianFisher: new Float64Array(rows.canonical ? 0 : q * q),
    row: { f: 0, fPrime: 0, w: 0, mu: 0 },
    fisherRow: newBinomialRowDerivatives(),
  };
}

/**
 * Evaluate h_j at u (given as `modes[j*q ..]` or `trial`), filling the rows' η, f', w, μ (and w_F, w_F′)
 * and the cluster's gradient g and Hessian H = −∂²h/∂u∂uᵀ (q×q, lower triangle then mirrored; also H_F
 * for a non-canonical link).
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
  const { zTilde, eta, fPrime, w, mu, gradient: g, hessian: H, row, rows, fisherRow } = ws;
  const canonical = rows.canonical;
  const HF = ws.hessianFisher;
  g.fill(0);
  H.fill(0);
  if (!canonical) HF.fill(0);
  let h = 0;
  for (let i = start[j]!; i < start[j + 1]!; i++) {
    let e = a[i]!;
    const zi = i * q;
    for (let c = 0; c < q; c++) e += zTilde[zi + c]! * u[uOffset + c]!;
    rows.evaluate(e, y[i]!, m[i]!, row, fisherRow);
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
    if (!canonical) {
      ws.wFisher[i] = fisherRow.wFisher;
      ws.wFisherPrime[i] = fisherRow.wFisherPrime;
      for (let c = 0; c < q; c++) {
        const wz = fisherRow.wFisher * zTilde[zi + c]!;
        for (let r = c; r < q; r++) HF[c * q + r] += wz * zTilde[zi + r]!;
      }
    }
  }
  for (let c = 0; c < q; c++) {
    const uc = u[uOffset + c]!;
    h -= 0.5 * uc * uc;
    g[c] -= uc;
    H[c * q + c] += 1;
    for (let r = c + 1; r < q; r++) H[r * q + c] = H[c * q + r]!;
    if (!canonical) {
      HF[c * q + c] += 1;
      for (let r = c + 1; r < q; r++) HF[r * q + c] = HF[c * q + r]!;
    }
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
      // Newton step δ = H⁻¹ g; for logit H is positive definite (I plus a positive semidefinite sum), for
      // another link it may not be, and then the expected information H_F gives the (ascent) step.
      for (let k = 0; k < q; k++) step[k] = g[k]!;
      if (choleskyInPlace(H, q)) {
        solveWithCholesky(H, q, step);
      } else {
        choleskyInPlace(ws.hessianFisher, q);
        solveWithCholesky(ws.hessianFisher, q, step);
      }
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
    factor.set(ws.rows.canonical ? H : ws.hessianFisher);
    choleskyInPlace(factor, q);
    ws.clusterLogDet[j] = logDetFromCholesky(factor, q);
    if (!ws.rows.canonical) {
      const observed = ws.clusterObservedFactor.subarray(j * q * q, (j + 1) * q * q);
      observed.set(H);
      if (!choleskyInPlace(observed, q)) observed.fill(Number.NaN);
    }
  }
  return { iterations, unconvergedClusters: unconverged };
}
