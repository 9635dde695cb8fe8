/**
 * Adaptive Gauss–Hermite quadrature for one scalar random effect (q = 1), centred at the mode û and
 * scaled by σ̂ = H^{-1/2} as in lme4's nAGQ > 1:
 *   ℓ_j = log σ̂ + log Σ_k ω_k exp(h(u_k) + z_k²/2),  u_k = û + σ̂ z_k,
 * with (z_k, ω_k) the rule for ∫ g(z) φ(z) dz. Its exact gradient follows the moving nodes:
 *   dℓ_j/dt = (1 + E σ̂) d log σ̂/dt + Σ_k π_k ∂h/∂t(u_k) + D dû/dt,
 * π_k the normalised node weights, D = Σ π_k h'(u_k), E = Σ π_k h'(u_k) z_k, d log σ̂/dt = −½ (dH/dt)/H.
 * With L = e^ψ, A = Σ w_i z_i², S₃ = Σ w'_i z_i³ and g_z = Σ f'_i z_i at the mode:
 *   dû/dβ = −(L/H) Σ_i w_i z_i x_i,   dH/dβ = L² Σ_i w'_i z_i² x_i + L³ S₃ dû/dβ,
 *   dû/dψ = L (g_z − L A û)/H,       dH/dψ = 2L²A + L³ S₃ (û + dû/dψ).
 */
import type { ClusterLayout } from "./cluster-layout.js";
import type { ModeWorkspace } from "./conditional-modes.js";
import { binomialLogitRow, type RowDerivatives } from "./binomial-logit.js";

export interface QuadratureRule {
  readonly nodes: ArrayLike<number>;
  readonly weights: ArrayLike<number>;
}

export interface QuadratureWorkspace {
  readonly nodes: Float64Array;
  /** log ω_k + z_k²/2. */
  readonly logNodeWeight: Float64Array;
  readonly logTerm: Float64Array;
  readonly nodeProbability: Float64Array;
  /** f'_i at every node, rows × nodes for the largest cluster. */
  readonly fPrimeAtNodes: Float64Array;
  /** One row's f, f', w, μ (reused). */
  readonly row: RowDerivatives;
}

export function createQuadratureWorkspace(layout: ClusterLayout, rule: QuadratureRule): QuadratureWorkspace {
  const K = rule.nodes.length;
  let largest = 0;
  for (let j = 0; j < layout.J; j++) largest = Math.max(largest, layout.start[j + 1]! - layout.start[j]!);
  const nodes = Float64Array.from(rule.nodes);
  const logNodeWeight = new Float64Array(K);
  for (let k = 0; k < K; k++) logNodeWeight[k] = Math.log(rule.weights[k]!) + 0.5 * nodes[k]! * nodes[k]!;
  return {
    nodes,
    logNodeWeight,
    logTerm: new Float64Array(K),
    nodeProbability: new Float64Array(K),
    fPrimeAtNodes: new Float64Array(largest * K),
    row: { f: 0, fPrime: 0, w: 0, mu: 0 },
  };
}

/**
 * One cluster's AGQ log-likelihood term (without the binomial constant). When `rowCoefficient` is given,
 * writes the per-row β-gradient coefficients for this cluster's rows and adds ∂ℓ_j/∂ψ to psiGradient[0].
 */
export function adaptiveQuadratureCluster(
  layout: ClusterLayout,
  j: number,
  a: Float64Array,
  L: number,
  uHat: number,
  ws: ModeWorkspace,
  quad: QuadratureWorkspace,
  rowCoefficient: Float64Array | null,
  psiGradient: Float64Array | null,
): number {
  const { Z, y, m, start } = layout;
  const { nodes, logNodeWeight, logTerm, nodeProbability, fPrimeAtNodes, row } = quad;
  const K = nodes.length;
  const i0 = start[j]!;
  const i1 = start[j + 1]!;
  const rows = i1 - i0;
  const H = ws.clusterFactor[j]! * ws.clusterFactor[j]!; // the 1×1 Cholesky factor is √H
  const sigmaHat = 1 / Math.sqrt(H);

  let maxLog = -Infinity;
  for (let k = 0; k < K; k++) {
    const u = uHat + sigmaHat * nodes[k]!;
    let h = -0.5 * u * u;
    for (let i = i0; i < i1; i++) {
      const zt = L * Z[i]!;
      binomialLogitRow(a[i]! + zt * u, y[i]!, m[i]!, row);
      h += row.f;
      fPrimeAtNodes[(i - i0) * K + k] = row.fPrime;
    }
    const t = logNodeWeight[k]! + h;
    logTerm[k] = t;
    if (t > maxLog) maxLog = t;
  }
  let total = 0;
  for (let k = 0; k < K; k++) {
    const e = Math.exp(logTerm[k]! - maxLog);
    nodeProbability[k] = e;
    total += e;
  }
  const value = Math.log(sigmaHat) + maxLog + Math.log(total);
  if (rowCoefficient === null || psiGradient === null) return value;

  for (let k = 0; k < K; k++) nodeProbability[k]! /= total;
  // D, E and the ψ-part Σ_k π_k L u_k Σ_i f'_ik z_i.
  let D = 0;
  let E = 0;
  let psiDirect = 0;
  for (let k = 0; k < K; k++) {
    const u = uHat + sigmaHat * nodes[k]!;
    let gzNode = 0;
    for (let i = i0; i < i1; i++) gzNode += fPrimeAtNodes[(i - i0) * K + k]! * Z[i]!;
    const hPrime = L * gzNode - u;
    const pk = nodeProbability[k]!;
    D += pk * hPrime;
    E += pk * hPrime * nodes[k]!;
    psiDirect += pk * L * u * gzNode;
  }
  // Mode quantities.
  let A = 0;
  let S3 = 0;
  let gz = 0;
  for (let i = i0; i < i1; i++) {
    const z = Z[i]!;
    const wi = ws.w[i]!;
    A += wi * z * z;
    S3 += wi * (1 - 2 * ws.mu[i]!) * z * z * z;
    gz += ws.fPrime[i]! * z;
  }
  const K1 = -(1 + E * sigmaHat) / (2 * H);
  const uBetaFactor = (K1 * L * L * L * S3 + D) * (L / H);
  for (let r = 0; r < rows; r++) {
    const i = i0 + r;
    const z = Z[i]!;
    const wi = ws.w[i]!;
    let weighted = 0;
    for (let k = 0; k < K; k++) weighted += nodeProbability[k]! * fPrimeAtNodes[r * K + k]!;
    rowCoefficient[i] = weighted + K1 * L * L * wi * (1 - 2 * ws.mu[i]!) * z * z - uBetaFactor * wi * z;
  }
  const uPsi = (L * (gz - L * A * uHat)) / H;
  const Hpsi = 2 * L * L * A + L * L * L * S3 * (uHat + uPsi);
  psiGradient[0] += K1 * Hpsi + psiDirect + D * uPsi;
  return value;
}
