/**
 * The exact gradient of one cluster's Laplace term ℓ_j(θ) = h_j(û_j(θ), θ) − ½ log det H_F,j(û_j(θ), θ).
 *
 * Two matrices enter. The mode û is the true maximiser of h, so the implicit function theorem differentiates
 * it with the OBSERVED information H = I + Σ w_i z̃_i z̃_iᵀ, w = −f″: dû/dθ = H⁻¹ ∂(∂h/∂u)/∂θ. The
 * log-determinant is lme4's, of the EXPECTED information H_F = I + Σ w_F,i z̃_i z̃_iᵀ with the PIRLS weights
 * w_F = m ω(η) (Bates et al. 2015, § 5; for the canonical logit link H = H_F). Because ∂h/∂u = 0 at the mode,
 * dh/dθ = ∂h/∂θ; log det H_F depends on θ directly (through L, and through η at fixed u) and through û.
 * Writing z̃_i = Lᵀz_i, c_i = z̃_iᵀH_F⁻¹z̃_i, w'_i = dw_F,i/dη_i, r_z = Σ w'_i c_i z_i, v = H⁻¹ Lᵀ r_z,
 * g_z = Σ f'_i z_i, A = Σ w_i z_i z_iᵀ, A_F = Σ w_F,i z_i z_iᵀ and M = H_F⁻¹ Lᵀ A_F, the derivatives are
 *   ∂ℓ_j/∂β  = Σ_i x_i [ f'_i − ½ w'_i c_i + ½ w_i z̃_iᵀ v ],
 *   ∂ℓ_j/∂L_ab = g_z[a] û[b] − M_ba − ½ r_z[a] û[b] − ½ v[b] g_z[a] + ½ (A L v)[a] û[b]   (a ≥ b):
 * g_z[a] û[b] is ∂h/∂L_ab; −M_ba − ½ r_z[a] û[b] is −½ tr(H_F⁻¹ ∂H_F/∂L_ab) at fixed u (through L, then
 * through w_F(η)); the last two are −½ (Lᵀr_z)ᵀ dû/dL_ab with ∂g/∂L_ab = g_z[a] e_b − Lᵀ A e_a û[b]. Likewise
 * dû/dβ = −H⁻¹ Σ w_i z̃_i x_iᵀ gives the ½ w_i z̃_iᵀ v in β. ∂/∂ψ_aa = L_aa ∂/∂L_aa for the logged diagonal.
 * The β part is returned as per-row coefficients (the bracket) so the caller forms Xᵀs in one column pass.
 */
import { solveWithCholesky } from "@glmmkit/linalg";
import type { ClusterLayout } from "./cluster-layout.js";
import type { ModeWorkspace } from "./conditional-modes.js";

/** q-vectors and q×q matrices for one cluster's gradient; one per likelihood instance. */
export interface GradientScratch {
  readonly q: number;
  /** H_F⁻¹ and, for a non-canonical link, H⁻¹ (the same array for logit). */
  readonly hInverse: Float64Array;
  readonly hObservedInverse: Float64Array;
  readonly unit: Float64Array;
  readonly gz: Float64Array;
  readonly rz: Float64Array;
  readonly v: Float64Array;
  readonly Lv: Float64Array;
  readonly ALv: Float64Array;
  /** A = Σ w z zᵀ (observed) and A_F = Σ w_F z zᵀ (the same array for logit). */
  readonly A: Float64Array;
  readonly AFisher: Float64Array;
  readonly M: Float64Array;
  readonly LtA: Float64Array;
}

export function createGradientScratch(q: number, canonical: boolean): GradientScratch {
  const hInverse = new Float64Array(q * q);
  const A = new Float64Array(q * q);
  return {
    q,
    hInverse,
    hObservedInverse: canonical ? hInverse : new Float64Array(q * q),
    unit: new Float64Array(q),
    gz: new Float64Array(q),
    rz: new Float64Array(q),
    v: new Float64Array(q),
    Lv: new Float64Array(q),
    ALv: new Float64Array(q),
    A,
    AFisher: canonical ? A : new Float64Array(q * q),
    M: new Float64Array(q * q),
    LtA: new Float64Array(q * q),
  };
}

/** The inverse of a q×q matrix from its Cholesky factor, column by column (q is small). */
function inverseFromFactor(factor: Float64Array, q: number, unit: Float64Array, out: Float64Array): void {
  for (let c = 0; c < q; c++) {
    unit.fill(0);
    unit[c] = 1;
    solveWithCholesky(factor, q, unit);
    for (let r = 0; r < q; r++) out[c * q + r] = unit[r]!;
  }
}

export function laplaceClusterGradient(
  layout: ClusterLayout,
  j: number,
  L: Float64Array,
  modes: Float64Array,
  ws: ModeWorkspace,
  rowCoefficient: Float64Array,
  psiGradient: Float64Array,
  scratch: GradientScratch,
): void {
  const { q, Z, start } = layout;
  const { zTilde, fPrime, w, mu, wFisher, wFisherPrime } = ws;
  const canonical = ws.rows.canonical;
  const { hInverse, hObservedInverse, unit, gz, rz, v, Lv, ALv, A, AFisher, M, LtA } = scratch;
  const uOffset = j * q;

  inverseFromFactor(ws.clusterFactor.subarray(j * q * q, (j + 1) * q * q), q, unit, hInverse);
  if (!canonical) inverseFromFactor(ws.clusterObservedFactor.subarray(j * q * q, (j + 1) * q * q), q, unit, hObservedInverse);

  gz.fill(0);
  rz.fill(0);
  A.fill(0);
  if (!canonical) AFisher.fill(0);
  const i0 = start[j]!;
  const i1 = start[j + 1]!;
  // First pass: c_i, g_z, r_z, A (and A_F).
  for (let i = i0; i < i1; i++) {
    const zi = i * q;
    let c = 0;
    for (let col = 0; col < q; col++) {
      let t = 0;
      for (let r = 0; r < q; r++) t += hInverse[col * q + r]! * zTilde[zi + r]!;
      c += zTilde[zi + col]! * t;
    }
    const wi = w[i]!;
    // dw_F/dη: for logit w_F = w = mμ(1 − μ), whose derivative is w(1 − 2μ).
    const wPrime = canonical ? wi * (1 - 2 * mu[i]!) : wFisherPrime[i]!;
    for (let r = 0; r < q; r++) {
      const zr = Z[zi + r]!;
      gz[r] += fPrime[i]! * zr;
      rz[r] += wPrime * c * zr;
      for (let col = 0; col < q; col++) A[col * q + r] += wi * zr * Z[zi + col]!;
    }
    if (!canonical) {
      const wf = wFisher[i]!;
      for (let r = 0; r < q; r++) for (let col = 0; col < q; col++) AFisher[col * q + r] += wf * Z[zi + r]! * Z[zi + col]!;
    }
    // Stash c_i · w'_i temporarily in the row coefficient; completed in the second pass.
    rowCoefficient[i] = fPrime[i]! - 0.5 * wPrime * c;
  }
  // v = H⁻¹ Lᵀ r_z (the observed information: dû/dθ).
  for (let c = 0; c < q; c++) {
    let t = 0;
    for (let r = c; r < q; r++) t += L[c * q + r]! * rz[r]!;
    unit[c] = t;
  }
  for (let r = 0; r < q; r++) {
    let t = 0;
    for (let c = 0; c < q; c++) t += hObservedInverse[c * q + r]! * unit[c]!;
    v[r] = t;
  }
  // Second pass: complete the β coefficients with ½ w_i z̃_iᵀ v.
  for (let i = i0; i < i1; i++) {
    const zi = i * q;
    let t = 0;
    for (let c = 0; c < q; c++) t += zTilde[zi + c]! * v[c]!;
    rowCoefficient[i] += 0.5 * w[i]! * t;
  }
  // A L v and M = H_F⁻¹ Lᵀ A_F.
  for (let r = 0; r < q; r++) {
    let t = 0;
    for (let c = 0; c <= r; c++) t += L[c * q + r]! * v[c]!;
    Lv[r] = t;
  }
  for (let r = 0; r < q; r++) {
    let t = 0;
    for (let c = 0; c < q; c++) t += A[c * q + r]! * Lv[c]!;
    ALv[r] = t;
  }
  for (let col = 0; col < q; col++) {
    for (let r = 0; r < q; r++) {
      let t = 0;
      for (let k = r; k < q; k++) t += L[r * q + k]! * AFisher[col * q + k]!; // (Lᵀ A_F)_{r,col}
      LtA[col * q + r] = t;
    }
  }
  for (let col = 0; col < q; col++) {
    for (let r = 0; r < q; r++) {
      let t = 0;
      for (let k = 0; k < q; k++) t += hInverse[k * q + r]! * LtA[col * q + k]!;
      M[col * q + r] = t;
    }
  }
  let k = 0;
  for (let b = 0; b < q; b++) {
    const ub = modes[uOffset + b]!;
    for (let aRow = b; aRow < q; aRow++) {
      let d =
        gz[aRow]! * ub -
        M[aRow * q + b]! -
        0.5 * rz[aRow]! * ub -
        0.5 * v[b]! * gz[aRow]! +
        0.5 * ALv[aRow]! * ub;
      if (aRow === b) d *= L[b * q + b]!;
      psiGradient[k++] += d;
    }
  }
}
