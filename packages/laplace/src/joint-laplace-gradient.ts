/**
 * The exact gradient of the Laplace log-likelihood ℓ(θ) = h(û(θ), θ) − ½ log det H_F(û(θ), θ) for any
 * number of random-effects terms (the multi-term form of `laplace-gradient.ts`, which derives the terms).
 *
 * Because ∂h/∂u = 0 at the mode, dh/dθ = ∂h/∂θ. The log-determinant, of the expected information
 * H_F = I + Z̃ᵀW_F Z̃ (lme4's PIRLS weights w_F = m ω(η)), depends on θ through Λ and through û (the weights
 * w_F,i(η_i)), with dû/dθ = H⁻¹ ∂g/∂θ (implicit function theorem, g = Z̃ᵀf' − u, H = I + Z̃ᵀWZ̃ the observed
 * information, w = −f″; H = H_F for logit). Writing
 *   s_i = H_F⁻¹ z̃_i  (only its entries at row i's R positions are needed),  c_i = z̃_iᵀ s_i,
 *   w'_i = dw_F,i/dη_i,  r = Σ_i w'_i c_i z̃_i,  v = H⁻¹ r,
 * the derivatives are, for β and for the entry (a, b), a ≥ b, of term t's Cholesky factor L_t
 * (row i in level j of term t, z_{i,t} its covariates, u_{tj} its spherical effects):
 *   ∂ℓ/∂β_k    = Σ_i x_ik κ_i,          κ_i = f'_i − ½ w'_i c_i + ½ w_i z̃_iᵀv,
 *   ∂ℓ/∂L_t,ab = Σ_i z_{i,t,a} [ κ_i u_{tj,b} − w_F,i s_{i,(tj,b)} − ½ f'_i v_{tj,b} ],
 * and ∂/∂ψ_aa = L_aa ∂/∂L_aa for the logged diagonal. The entries of H_F⁻¹ that s_i needs are pairs of
 * positions sharing row i, all inside H's pattern: the selected inverse supplies them (Takahashi), so the
 * cost is one selected inverse, one solve and two passes over the rows. When H is not positive definite
 * at the mode (possible only for a non-log-concave link such as cauchit) the gradient is NaN.
 */
import { psiIndex } from "@glmmkit/core";
import type { JointModeWorkspace } from "./joint-conditional-modes.js";
import type { PenalisedSystem } from "./penalised-system.js";
import type { RandomEffectsStructure } from "./random-effects-structure.js";

/** Scratch for the gradient, owned by one likelihood instance. */
export interface JointGradientScratch {
  readonly selectedInverse: Float64Array;
  /** n × R: s_i at row i's positions. */
  readonly rowS: Float64Array;
  readonly rowKappa: Float64Array;
  /** Q: r, then v = H⁻¹ r in place. */
  readonly v: Float64Array;
  /** Per term: ∂ℓ/∂L_t (q × q, column-major, lower triangle used). */
  readonly dL: Float64Array[];
}

export function createJointGradientScratch(structure: RandomEffectsStructure, system: PenalisedSystem): JointGradientScratch {
  const { n, R, Q, terms } = structure;
  return {
    selectedInverse: new Float64Array(system.patternSize),
    rowS: new Float64Array(n * R),
    rowKappa: new Float64Array(n),
    v: new Float64Array(Q),
    dL: terms.map(({ q }) => new Float64Array(q * q)),
  };
}

export function jointLaplaceGradient(
  structure: RandomEffectsStructure,
  factors: readonly Float64Array[],
  modes: Float64Array,
  ws: JointModeWorkspace,
  system: PenalisedSystem,
  observed: PenalisedSystem,
  scratch: JointGradientScratch,
  gradient: Float64Array,
): void {
  const { n, p, R, X, rowPositions, rowZ, rowPairIndex, terms } = structure;
  const { zTilde, fPrime, w, mu, wFisher, wFisherPrime } = ws;
  const canonical = ws.rows.canonical;
  if (!ws.observedPositiveDefinite) {
    gradient.fill(Number.NaN);
    return;
  }
  const { selectedInverse: Sinv, rowS, rowKappa: kappa, v, dL } = scratch;
  const pairs = (R * (R + 1)) / 2;
  system.selectedInverse(Sinv);

  // Pass 1: s_i, c_i and r = Σ w'_i c_i z̃_i (stored in v, then solved in place).
  v.fill(0);
  for (let i = 0; i < n; i++) {
    const base = i * R;
    // s_i = (H_F⁻¹)_{row i's positions} z̃_i from the row-packed lower triangle (pairs (r, k), k ≤ r, in
    // the order rowPairIndex stores them): each entry of the inverse is read once and used for both halves.
    let slot = i * pairs;
    for (let r = 0; r < R; r++) rowS[base + r] = 0;
    for (let r = 0; r < R; r++) {
      const zr = zTilde[base + r]!;
      let sr = 0;
      for (let k = 0; k < r; k++) {
        const entry = Sinv[rowPairIndex[slot++]!]!;
        sr += entry * zTilde[base + k]!;
        rowS[base + k] += entry * zr;
      }
      rowS[base + r] += sr + Sinv[rowPairIndex[slot++]!]! * zr;
    }
    let c = 0;
    for (let r = 0; r < R; r++) c += zTilde[base + r]! * rowS[base + r]!;
    // dw_F/dη: for logit w_F = w = mμ(1 − μ), whose derivative is w(1 − 2μ).
    const wPrime = canonical ? w[i]! * (1 - 2 * mu[i]!) : wFisherPrime[i]!;
    const wc = wPrime * c;
    for (let r = 0; r < R; r++) v[rowPositions[base + r]!] += wc * zTilde[base + r]!;
    kappa[i] = fPrime[i]! - 0.5 * wc;
  }
  observed.solveInPlace(v);

  // Pass 2: κ_i, the β coefficients, and the ∂/∂L sums.
  for (const d of dL) d.fill(0);
  for (let i = 0; i < n; i++) {
    const base = i * R;
    let zv = 0;
    for (let r = 0; r < R; r++) zv += zTilde[base + r]! * v[rowPositions[base + r]!]!;
    const k = kappa[i]! + 0.5 * w[i]! * zv;
    kappa[i] = k;
    const wi = wFisher[i]!;
    const halfF = 0.5 * fPrime[i]!;
    for (let t = 0; t < terms.length; t++) {
      const { q, rowOffset } = terms[t]!;
      const d = dL[t]!;
      const first = rowPositions[base + rowOffset]!; // position of (level, column 0)
      for (let a = 0; a < q; a++) {
        const za = rowZ[base + rowOffset + a]!;
        if (za === 0) continue;
        for (let b = 0; b <= a; b++) {
          d[b * q + a] += za * (k * modes[first + b]! - wi * rowS[base + rowOffset + b]! - halfF * v[first + b]!);
        }
      }
    }
  }
  for (let c = 0; c < p; c++) {
    const col = c * n;
    let s = 0;
    for (let i = 0; i < n; i++) s += X[col + i]! * kappa[i]!;
    gradient[c] = s;
  }
  terms.forEach(({ q, psiOffset }, t) => {
    const L = factors[t]!;
    const d = dL[t]!;
    for (let b = 0; b < q; b++) {
      for (let a = b; a < q; a++) {
        const value = d[b * q + a]!;
        gradient[psiOffset + psiIndex(q, a, b)] = a === b ? value * L[b * q + b]! : value;
      }
    }
  });
}
