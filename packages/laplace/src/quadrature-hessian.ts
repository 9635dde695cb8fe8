/**
 * The exact Hessian of the adaptive Gauss–Hermite log-likelihood for one scalar random effect (nAGQ > 1),
 * θ = (β, ψ), L = e^ψ: one pass over the nodes (as a value evaluation) plus O(n (d² + K d)) row sums and
 * O(K d²) work per cluster — no differencing. It differentiates once more the gradient documented in
 * `adaptive-quadrature.ts`, where the nodes u_k = û + σ̂ z_k move with θ through the mode û and σ̂ = H^{-1/2}.
 *
 * Work in φ = (β, L) (η = a + L z u is linear in β and bilinear in (L, u)) and turn to ψ at the end. Per
 * cluster, ℓ_j = log σ̂ + log Σ_k ω_k e^{z_k²/2} e^{F_k}, F_k(φ) = h(u_k(φ), φ). With π_k the normalised
 * node weights, u_k,a = û_a + z_k σ̂_a and u_k,ab = û_ab + z_k σ̂_ab:
 *   ∂²ℓ_j/∂φ_a∂φ_b = (log σ̂)_ab + Σ_k π_k F_k,ab + Cov_π(F_a, F_b),
 *   F_k,a  = Σ_i f'_ik τ_ik,a − u_k u_k,a,           τ_ik,a = e_ia(u_k) + z̃_i u_k,a  (dη_ik/dφ_a),
 *   F_k,ab = −Σ_i w_ik τ_ik,a τ_ik,b + Σ_i f'_ik (ζ_ia u_k,b + ζ_ib u_k,a) + h'(u_k) u_k,ab − u_k,a u_k,b,
 * where z̃_i = L z_i, e_ia = ∂η_i/∂φ_a at fixed u (x_ia; z_i u for L), ζ_ia = ∂z̃_i/∂φ_a (0; z_i for L).
 * The mode and its curvature move as in `laplace-hessian.ts` (q = 1): û_a = (−Σ w z̃ e_a + Σ f' ζ_a)/H,
 * t_ia = e_ia(û) + z̃_i û_a, H û_ab = −Σ w' z̃ t_a t_b − Σ w [z̃ (ζ_a û_b + ζ_b û_a) + t_a ζ_b + t_b ζ_a],
 *   dH_a = Σ w' z̃² t_a + 2 Σ w z̃ ζ_a,
 *   d²H_ab = Σ w'' z̃² t_a t_b + Σ w' z̃² (ζ_a û_b + ζ_b û_a) + (Σ w' z̃³) û_ab + 2 Σ w' z̃ (t_a ζ_b + t_b ζ_a)
 *            + 2 Σ w ζ_a ζ_b,
 * (w' = w(1 − 2μ), w'' = w(1 − 6μ(1 − μ)): the third and fourth derivatives of the binomial-logit f), and
 * log σ̂ = −½ log H, σ̂_ab = σ̂ [(log σ̂)_ab + (log σ̂)_a (log σ̂)_b]. At node k, τ_ik = t_i + z_k δ_i with
 * δ_ia = z̃_i σ̂_a + ζ_ia σ̂, so Σ_k π_k Σ_i w_ik τ τᵀ needs only the row weights W_m,i = Σ_k π_k w_ik z_k^m
 * (m = 0, 1, 2); F_k,a = Σ_i f'_ik t_ia + z_k h'(u_k) σ̂_a + z_k σ̂ g_k [a = L] − u_k û_a with g_k = Σ_i f'_ik z_i.
 * With D = Σ π_k h'(u_k) and E = Σ π_k h'(u_k) z_k (the gradient's), everything is a row sum Σ_i γ_i t_i t_iᵀ
 * plus per-cluster outer products of d-vectors, and the rank-K covariance of the node scores F_k.
 * Finally ψ = log L: ∂²ℓ/∂ψ² = L² ∂²ℓ/∂L² + L ∂ℓ/∂L, ∂²ℓ/∂β∂ψ = L ∂²ℓ/∂β∂L.
 */
import { fillUpperFromLower } from "@glmmkit/linalg";
import type { ClusterLayout } from "./cluster-layout.js";
import type { ModeWorkspace } from "./conditional-modes.js";
import type { QuadratureRule } from "./adaptive-quadrature.js";
import { binomialLogitRow, type RowDerivatives } from "./binomial-logit.js";

/** Writes ∇²ℓ(θ) of the scalar-term adaptive Gauss–Hermite likelihood; owns its scratch. */
export class QuadratureHessian {
  private readonly d: number;
  private readonly K: number;
  private readonly nodes: Float64Array;
  /** log ω_k + z_k²/2. */
  private readonly logNodeWeight: Float64Array;
  /** Rows × nodes of the current cluster: f' and w at u_k. */
  private readonly fPrimeAtNodes: Float64Array;
  private readonly wAtNodes: Float64Array;
  private readonly nodeLog: Float64Array;
  private readonly nodeProbability: Float64Array;
  private readonly nodeScoreZ: Float64Array;
  private readonly nodeSlope: Float64Array;
  /** Y_k = Σ_i f'_ik t_i, then the node scores F_k (d × K, column k). */
  private readonly scores: Float64Array;
  private readonly t: Float64Array;
  private readonly uHat: Float64Array;
  private readonly sigmaHat: Float64Array;
  private readonly dH: Float64Array;
  private readonly weightedZX: Float64Array;
  private readonly sumW1ZtT: Float64Array;
  private readonly sumW1ZT: Float64Array;
  private readonly sumWpZtZT: Float64Array;
  private readonly sumWZT: Float64Array;
  private readonly zetaVector: Float64Array;
  private readonly meanScore: Float64Array;
  /** Σ γ_i t_i t_iᵀ over all rows (lower triangle). */
  private readonly rowGram: Float64Array;
  private readonly row: RowDerivatives = { f: 0, fPrime: 0, w: 0, mu: 0 };

  constructor(
    private readonly layout: ClusterLayout,
    rule: QuadratureRule,
  ) {
    const { p, J, start } = layout;
    const d = p + 1;
    const K = rule.nodes.length;
    this.d = d;
    this.K = K;
    this.nodes = Float64Array.from(rule.nodes);
    this.logNodeWeight = new Float64Array(K);
    for (let k = 0; k < K; k++) this.logNodeWeight[k] = Math.log(rule.weights[k]!) + 0.5 * this.nodes[k]! * this.nodes[k]!;
    let largest = 0;
    for (let j = 0; j < J; j++) largest = Math.max(largest, start[j + 1]! - start[j]!);
    this.fPrimeAtNodes = new Float64Array(largest * K);
    this.wAtNodes = new Float64Array(largest * K);
    this.nodeLog = new Float64Array(K);
    this.nodeProbability = new Float64Array(K);
    this.nodeScoreZ = new Float64Array(K);
    this.nodeSlope = new Float64Array(K);
    this.scores = new Float64Array(d * K);
    this.t = new Float64Array(d);
    this.uHat = new Float64Array(d);
    this.sigmaHat = new Float64Array(d);
    this.dH = new Float64Array(d);
    this.weightedZX = new Float64Array(p);
    this.sumW1ZtT = new Float64Array(d);
    this.sumW1ZT = new Float64Array(d);
    this.sumWpZtZT = new Float64Array(d);
    this.sumWZT = new Float64Array(d);
    this.zetaVector = new Float64Array(d);
    this.meanScore = new Float64Array(d);
    this.rowGram = new Float64Array(d * d);
  }

  /**
   * Writes ∇²ℓ(θ) (d × d column-major) at the modes and PIRLS state in `ws`; `a` holds x_iᵀβ per row and
   * `L` = e^ψ.
   */
  compute(a: Float64Array, L: number, modes: Float64Array, ws: ModeWorkspace, out: Float64Array): void {
    const { n, p, J, start, X, Z, y, m } = this.layout;
    const { d, K, nodes, logNodeWeight, fPrimeAtNodes: fNode, wAtNodes: wNode, row } = this;
    const { nodeLog, nodeProbability: prob, nodeScoreZ: gzNode, nodeSlope: hPrime, scores: F, t } = this;
    const { uHat: U, sigmaHat: S, dH, weightedZX: WZX, sumW1ZtT, sumW1ZT, sumWpZtZT, sumWZT } = this;
    const { zetaVector: V, meanScore: Fbar, rowGram } = this;
    const Lp = p; // index of the L direction
    out.fill(0);
    rowGram.fill(0);
    let gradientL = 0;

    for (let j = 0; j < J; j++) {
      const i0 = start[j]!;
      const i1 = start[j + 1]!;
      const u = modes[j]!;
      const root = ws.clusterFactor[j]!;
      const H = root * root;
      const sigma = 1 / root;

      // Mode sums: Σ w z̃ z, Σ f' z, Σ w z̃ x, Σ w' z̃³, Σ w' z̃² z, Σ w z².
      let Bw = 0;
      let gz = 0;
      let S3 = 0;
      let sWpZt2Z = 0;
      let sWZZ = 0;
      WZX.fill(0);
      for (let i = i0; i < i1; i++) {
        const z = Z[i]!;
        const zt = L * z;
        const wi = ws.w[i]!;
        const wPrime = wi * (1 - 2 * ws.mu[i]!);
        Bw += wi * zt * z;
        gz += ws.fPrime[i]! * z;
        S3 += wPrime * zt * zt * zt;
        sWpZt2Z += wPrime * zt * zt * z;
        sWZZ += wi * z * z;
        const wz = wi * zt;
        for (let k = 0; k < p; k++) WZX[k] += wz * X[k * n + i]!;
      }
      for (let k = 0; k < p; k++) U[k] = -WZX[k]! / H;
      U[Lp] = (gz - Bw * u) / H;

      // Nodes: F_k's value, f' and w per row, the node weights π_k.
      let maxLog = -Infinity;
      for (let k = 0; k < K; k++) {
        const uk = u + sigma * nodes[k]!;
        let h = -0.5 * uk * uk;
        let g = 0;
        for (let i = i0; i < i1; i++) {
          const z = Z[i]!;
          binomialLogitRow(a[i]! + L * z * uk, y[i]!, m[i]!, row);
          h += row.f;
          g += row.fPrime * z;
          fNode[(i - i0) * K + k] = row.fPrime;
          wNode[(i - i0) * K + k] = row.w;
        }
        gzNode[k] = g;
        hPrime[k] = L * g - uk;
        const logTerm = logNodeWeight[k]! + h;
        nodeLog[k] = logTerm;
        if (logTerm > maxLog) maxLog = logTerm;
      }
      let total = 0;
      for (let k = 0; k < K; k++) {
        prob[k] = Math.exp(nodeLog[k]! - maxLog);
        total += prob[k]!;
      }
      let D = 0;
      let E = 0;
      let m1 = 0;
      let m2 = 0;
      let gBar = 0;
      let gzBar = 0;
      for (let k = 0; k < K; k++) {
        const pk = prob[k]! / total;
        prob[k] = pk;
        const zk = nodes[k]!;
        D += pk * hPrime[k]!;
        E += pk * hPrime[k]! * zk;
        m1 += pk * zk;
        m2 += pk * zk * zk;
        gBar += pk * gzNode[k]!;
        gzBar += pk * gzNode[k]! * zk;
      }
      const K1 = -(1 + E * sigma) / (2 * H);
      const cU = K1 * S3 + D;
      const cHH = ((1 + E * sigma) / 2 + (E * sigma) / 4) / (H * H);

      // Rows at the mode: t_i, the row sums, and Y_k = Σ_i f'_ik t_i (held in F).
      dH.fill(0);
      sumW1ZtT.fill(0);
      sumW1ZT.fill(0);
      sumWpZtZT.fill(0);
      sumWZT.fill(0);
      F.fill(0);
      let sW2Zt2 = 0;
      let sW2ZtZ = 0;
      let sW2ZZ = 0;
      for (let i = i0; i < i1; i++) {
        const r = i - i0;
        const z = Z[i]!;
        const zt = L * z;
        const wi = ws.w[i]!;
        const mi = ws.mu[i]!;
        const wPrime = wi * (1 - 2 * mi);
        const wSecond = wi * (1 - 6 * mi * (1 - mi));
        let W0 = 0;
        let W1 = 0;
        let W2 = 0;
        for (let k = 0; k < K; k++) {
          const pw = prob[k]! * wNode[r * K + k]!;
          const zk = nodes[k]!;
          W0 += pw;
          W1 += pw * zk;
          W2 += pw * zk * zk;
        }
        for (let k = 0; k < p; k++) t[k] = X[k * n + i]! + zt * U[k]!;
        t[Lp] = z * u + zt * U[Lp]!;
        const gamma = K1 * wSecond * zt * zt - (cU * wPrime * zt) / H - W0;
        const cH = wPrime * zt * zt;
        const cW1Zt = W1 * zt;
        const cW1Z = W1 * z;
        const cWpZtZ = wPrime * zt * z;
        const cWZ = wi * z;
        for (let l = 0; l < d; l++) {
          const tl = t[l]!;
          const gtl = gamma * tl;
          for (let k = l; k < d; k++) rowGram[l * d + k] += gtl * t[k]!;
          dH[l] += cH * tl;
          sumW1ZtT[l] += cW1Zt * tl;
          sumW1ZT[l] += cW1Z * tl;
          sumWpZtZT[l] += cWpZtZ * tl;
          sumWZT[l] += cWZ * tl;
        }
        for (let k = 0; k < K; k++) {
          const f1 = fNode[r * K + k]!;
          const col = k * d;
          for (let l = 0; l < d; l++) F[col + l] += f1 * t[l]!;
        }
        sW2Zt2 += W2 * zt * zt;
        sW2ZtZ += W2 * zt * z;
        sW2ZZ += W2 * z * z;
      }
      dH[Lp] += 2 * Bw;
      for (let l = 0; l < d; l++) S[l] = (-0.5 * sigma * dH[l]!) / H; // σ̂_a = σ̂ (log σ̂)_a

      // Node scores F_k = Y_k + z_k h'(u_k) σ̂_vec + z_k σ̂ g_k e_L − u_k û_vec, their mean and covariance.
      Fbar.fill(0);
      for (let k = 0; k < K; k++) {
        const zk = nodes[k]!;
        const uk = u + sigma * zk;
        const col = k * d;
        const slope = zk * hPrime[k]!;
        for (let l = 0; l < d; l++) F[col + l] += slope * S[l]! - uk * U[l]!;
        F[col + Lp] += zk * sigma * gzNode[k]!;
        for (let l = 0; l < d; l++) Fbar[l] += prob[k]! * F[col + l]!;
      }
      for (let k = 0; k < K; k++) {
        const col = k * d;
        for (let l = 0; l < d; l++) F[col + l] -= Fbar[l]!;
      }
      // ∂ℓ_j/∂L = (log σ̂)_L + Σ π_k F_k,L.
      gradientL += (-0.5 * dH[Lp]!) / H + Fbar[Lp]!;

      // The ζ terms, all of the form V e_Lᵀ + e_L Vᵀ.
      for (let l = 0; l < d; l++) {
        V[l] =
          K1 * (sWpZt2Z * U[l]! + 2 * sumWpZtZT[l]!) -
          (cU / H) * (Bw * U[l]! + sumWZT[l]!) -
          sigma * sumW1ZT[l]! -
          sigma * sW2ZtZ * S[l]! +
          gBar * U[l]! +
          gzBar * S[l]!;
      }
      for (let l = 0; l < d; l++) {
        for (let k = l; k < d; k++) {
          let cov = 0;
          for (let node = 0; node < K; node++) cov += prob[node]! * F[node * d + k]! * F[node * d + l]!;
          let v =
            cHH * dH[k]! * dH[l]! -
            (sumW1ZtT[k]! * S[l]! + S[k]! * sumW1ZtT[l]!) -
            sW2Zt2 * S[k]! * S[l]! -
            (U[k]! * U[l]! + m1 * (U[k]! * S[l]! + S[k]! * U[l]!) + m2 * S[k]! * S[l]!) +
            cov;
          if (k === Lp) v += V[l]!;
          if (l === Lp) v += V[k]!;
          out[l * d + k] += v;
        }
      }
      out[Lp * d + Lp] += 2 * K1 * sWZZ - sigma * sigma * sW2ZZ;
    }

    for (let l = 0; l < d; l++) for (let k = l; k < d; k++) out[l * d + k] += rowGram[l * d + k]!;
    // From L to ψ = log L.
    for (let l = 0; l < Lp; l++) out[l * d + Lp] *= L;
    out[Lp * d + Lp] = L * L * out[Lp * d + Lp]! + L * gradientL;
    fillUpperFromLower(out, d);
  }
}
