/**
 * Adaptive Gauss–Hermite quadrature for one scalar random effect (q = 1), centred at the mode û and
 * scaled by σ̂ = H^{-1/2} as in lme4's nAGQ > 1:
 *   ℓ_j = log σ̂ + log Σ_k ω_k exp(h(u_k) + z_k²/2),  u_k = û + σ̂ z_k,
 * with (z_k, ω_k) the rule for ∫ g(z) φ(z) dz. Its exact gradient follows the moving nodes:
 *   dℓ_j/dt = (1 + E σ̂) d log σ̂/dt + Σ_k π_k ∂h/∂t(u_k) + D dû/dt,
 * π_k the normalised node weights, D = Σ π_k h'(u_k), E = Σ π_k h'(u_k) z_k, d log σ̂/dt = −½ (dH_F/dt)/H_F.
 * As lme4, σ̂ comes from the PIRLS (expected-information) weights, H_F = 1 + L² Σ w_F,i z_i², while the mode
 * moves with the observed H = 1 + L² Σ w_i z_i², w = −f″ (the same for logit; see laplace-gradient.ts).
 * With L = e^ψ, A = Σ w_i z_i², A_F = Σ w_F,i z_i², S₃ = Σ w'_F,i z_i³ and g_z = Σ f'_i z_i at the mode:
 *   dû/dβ = −(L/H) Σ_i w_i z_i x_i,   dH_F/dβ = L² Σ_i w'_F,i z_i² x_i + L³ S₃ dû/dβ,
 *   dû/dψ = L (g_z − L A û)/H,       dH_F/dψ = 2L²A_F + L³ S₃ (û + dû/dψ).
 */
import type { ClusterLayout } from "./cluster-layout.js";
import type { ModeWorkspace } from "./conditional-modes.js";

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
  const { nodes, logNodeWeight, logTerm, nodeProbability, fPrimeAtNodes } = quad;
  const K = nodes.length;
  const i0 = start[j]!;
  const i1 = start[j + 1]!;
  const count = i1 - i0;
  const { row, fisherRow, rows } = ws;
  const H = ws.clusterFactor[j]! * ws.clusterFactor[j]!; // the 1×1 Cholesky factor is √H_F
  const sigmaHat = 1 / Math.sqrt(H);

  let maxLog = -Infinity;
  for (let k = 0; k < K; k++) {
    const u = uHat + sigmaHat * nodes[k]!;
    let h = -0.5 * u * u;
    for (let i = i0; i < i1; i++) {
      const zt = L * Z[i]!;
      rows.evaluate(a[i]! + zt * u, y[i]!, m[i]!, row, fisherRow);
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
  // Mode quantities; w_F′ = w (1 − 2μ) for logit.
  const canonical = rows.canonical;
  const observedH = canonical ? H : ws.clusterObservedFactor[j]! * ws.clusterObservedFactor[j]!;
  let A = 0;
  let AFisher = 0;
  let S3 = 0;
  let gz = 0;
  for (let i = i0; i < i1; i++) {
    const z = Z[i]!;
    const wi = ws.w[i]!;
    const wPrime = canonical ? wi * (1 - 2 * ws.mu[i]!) : ws.wFisherPrime[i]!;
    A += wi * z * z;
    AFisher += ws.wFisher[i]! * z * z;
    S3 += wPrime * z * z * z;
    gz += ws.fPrime[i]! * z;
  }
  const K1 = -(1 + E * sigmaHat) / (2 * H);
  const uBetaFactor = (K1 * L * L * L * S3 + D) * (L / observedH);
  for (let r = 0; r < count; r++) {
    const i = i0 + r;
    const z = Z[i]!;
    const wi = ws.w[i]!;
    const wPrime = canonical ? wi * (1 - 2 * ws.mu[i]!) : ws.wFisherPrime[i]!;
    let weighted = 0;
    for (let k = 0; k < K; k++) weighted += nodeProbability[k]! * fPrimeAtNodes[r * K + k]!;
    rowCoefficient[i] = weighted + K1 * L * L * wPrime * z * z - uBetaFactor * wi * z;
  }
  const uPsi = (L * (gz - L * A * uHat)) / observedH;
  const Hpsi = 2 * L * L * AFisher + L * L * L * S3 * (uHat + uPsi);
  psiGradient[0] += K1 * Hpsi + psiDirect + D * uPsi;
  return value;
}
