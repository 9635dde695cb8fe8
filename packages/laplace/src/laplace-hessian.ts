/**
 * The exact Hessian ∇²ℓ(θ) of the Laplace log-likelihood for one grouping factor with q correlated effects
 * (any q), θ = (β, ψ), in one O(n d²) pass plus q×q and d×d work per cluster (d = dim θ): no differencing,
 * no n_j × n_j matrix. It differentiates once more the gradient documented in `laplace-gradient.ts`.
 *
 * Work in φ = (β, L) (the lower-triangle entries L_ab, a ≥ b) and turn to ψ at the end. Per cluster, with
 * η_i = x_iᵀβ + z̃_iᵀu, z̃_i = Lᵀz_i, h(u) = Σ f(η_i) − ½uᵀu, H = I + Σ w_i z̃_i z̃_iᵀ and
 * ℓ_j = h(û) − ½ log det H(û), η is linear in β and bilinear in (L, u), so for a direction k:
 *   e_ik = ∂η_i/∂φ_k at fixed u  (x_ik for β_k;  z_ia û_b for L_ab),
 *   ζ_ik = ∂z̃_i/∂φ_k             (0 for β_k;     z_ia e_b for L_ab),
 *   û_k  = H⁻¹ ∂²h/∂u∂φ_k = H⁻¹ (−Σ w_i z̃_i e_ik + Σ f'_i ζ_ik)      (implicit function theorem),
 *   t_ik = dη̂_i/dφ_k = e_ik + z̃_iᵀû_k                                 (the mode moves with φ).
 * Differentiating h_u(û(φ), φ) = 0 twice gives the second derivative of the mode,
 *   H û_kl = −Σ w'_i t_ik t_il z̃_i − Σ w_i [(ζ_ikᵀû_l + ζ_ilᵀû_k) z̃_i + t_ik ζ_il + t_il ζ_ik],
 * with the derivatives of the binomial-logit f: f'' = −w, f''' = −w' = −w(1 − 2μ),
 * f'''' = −w'' = −w(1 − 6μ(1 − μ)). The h-part is d²h(û) = −Σ w t_k t_l + Σ f'(ζ_kᵀû_l + ζ_lᵀû_k) − û_kᵀû_l
 * (the û_kl term drops: h_u = 0 at the mode), and the log-determinant part is
 *   d²(−½ log det H) = ½ tr(H⁻¹ dH_l H⁻¹ dH_k) − ½ tr(H⁻¹ d²H_kl),
 *   dH_k = Σ w'_i t_ik z̃_i z̃_iᵀ + Σ w_i (ζ_ik z̃_iᵀ + z̃_i ζ_ikᵀ).
 * Collecting terms, with c_i = z̃_iᵀH⁻¹z̃_i, v = H⁻¹ Σ w'_i c_i z̃_i (as in the gradient):
 *   ∂²ℓ_j/∂φ_k∂φ_l = Σ_i α_i t_ik t_il − û_kᵀû_l + ½ ⟨N_k, N_l⟩
 *                   + Σ_i s_i (ζ_ikᵀû_l + ζ_ilᵀû_k) + Σ_i (t_ik ζ_ilᵀρ_i + t_il ζ_ikᵀρ_i) − Σ_i w_i ζ_ikᵀH⁻¹ζ_il,
 *   α_i = −w_i − ½ w''_i c_i + ½ w'_i z̃_iᵀv,   s_i = f'_i − ½ w'_i c_i + ½ w_i z̃_iᵀv (the gradient's row
 *   coefficient),   ρ_i = −w'_i H⁻¹z̃_i + ½ w_i v,   N_k = R⁻¹ dH_k R⁻ᵀ (H = RRᵀ, Cholesky).
 * The trace term ⟨N_k, N_l⟩ = tr(H⁻¹dH_k H⁻¹dH_l) is the low-rank part of the a-space Hessian: with
 * s̃_i = R⁻¹z̃_i, N_k = Σ w'_i t_ik s̃_i s̃_iᵀ + (for L_ab) R⁻¹e_b m_aᵀ + m_a (R⁻¹e_b)ᵀ, m_a = R⁻¹ Σ w_i z_ia z̃_i,
 * so it is an inner product of q(q+1)/2 features (s̃_a², √2 s̃_a s̃_b) per direction: rank q(q+1)/2 per cluster.
 * Since ζ is zero for β and z_ia e_b for L_ab, the ζ sums reduce to per-cluster q-vectors and q×q matrices.
 * Finally ψ_aa = log L_aa: ∂²ℓ/∂ψ_aa∂φ_l = L_aa ∂²ℓ/∂L_aa∂φ_l, plus L_aa ∂ℓ/∂L_aa on the diagonal, where
 * ∂ℓ_j/∂L_ab = Σ f'_i e_i,ab − ½ tr N_ab.
 */
import { fillUpperFromLower } from "@glmmkit/linalg";
import type { ClusterLayout } from "./cluster-layout.js";
import type { ModeWorkspace } from "./conditional-modes.js";

/** Rows per chunk of the row sums (a few tens of kB of scratch for d ≈ 20). */
const CHUNK = 128;

/** Writes ∇²ℓ(θ) of the one-factor Laplace likelihood; owns its scratch (one per likelihood instance). */
export class LaplaceHessian {
  private readonly q: number;
  private readonly p: number;
  /** Number of ψ entries q(q+1)/2, also the number of features of a symmetric q×q matrix. */
  private readonly nPsi: number;
  private readonly d: number;
  /** Row a and column b of ψ entry m (column-major lower triangle, as parameter-layout.ts). */
  private readonly psiRow: Int32Array;
  private readonly psiCol: Int32Array;
  /** Per cluster, q×q: R⁻¹, H⁻¹, Σ w z zᵀ, B = Lᵀ Σ w z zᵀ; q-vectors. */
  private readonly rInverse: Float64Array;
  private readonly hInverse: Float64Array;
  private readonly weightedZZ: Float64Array;
  private readonly B: Float64Array;
  private readonly scaledZ: Float64Array;
  private readonly hz: Float64Array;
  private readonly rho: Float64Array;
  private readonly r: Float64Array;
  private readonly v: Float64Array;
  private readonly gz: Float64Array;
  private readonly sz: Float64Array;
  private readonly hu: Float64Array;
  private readonly features: Float64Array;
  private readonly m: Float64Array;
  /** û_k for every direction: q × d, column-major. */
  private readonly uHat: Float64Array;
  /** Σ_i w_i z̃_i x_iᵀ, q × p. */
  private readonly weightedZX: Float64Array;
  /** N: features × d (column k holds the features of N_k). */
  private readonly N: Float64Array;
  /** Row vector t_i (length d). */
  private readonly t: Float64Array;
  /** Σ α_i t_i t_iᵀ (lower triangle), Σ_i t_i κ_iᵀ (d × nPsi), ∂ℓ/∂L (nPsi). */
  private readonly rowGram: Float64Array;
  private readonly cross: Float64Array;
  private readonly gradientL: Float64Array;
  /**
   * A chunk of rows (any clusters) of t_i, α_i t_i and κ_i, column-major: the global sums Σ α t tᵀ and Σ t κᵀ
   * are formed as column dot products over the chunk (accumulators stay in registers) rather than as one
   * rank-one update per row.
   */
  private readonly chunkT: Float64Array;
  private readonly chunkAlphaT: Float64Array;
  private readonly chunkKappa: Float64Array;
  private chunkRows = 0;

  constructor(private readonly layout: ClusterLayout) {
    const { p, q } = layout;
    this.q = q;
    this.p = p;
    this.nPsi = (q * (q + 1)) / 2;
    this.d = p + this.nPsi;
    this.psiRow = new Int32Array(this.nPsi);
    this.psiCol = new Int32Array(this.nPsi);
    let k = 0;
    for (let b = 0; b < q; b++) {
      for (let a = b; a < q; a++) {
        this.psiRow[k] = a;
        this.psiCol[k] = b;
        k++;
      }
    }
    this.rInverse = new Float64Array(q * q);
    this.hInverse = new Float64Array(q * q);
    this.weightedZZ = new Float64Array(q * q);
    this.B = new Float64Array(q * q);
    this.scaledZ = new Float64Array(q);
    this.hz = new Float64Array(q);
    this.rho = new Float64Array(q);
    this.r = new Float64Array(q);
    this.v = new Float64Array(q);
    this.gz = new Float64Array(q);
    this.sz = new Float64Array(q);
    this.hu = new Float64Array(q);
    this.features = new Float64Array(this.nPsi);
    this.m = new Float64Array(q);
    this.uHat = new Float64Array(q * this.d);
    this.weightedZX = new Float64Array(q * p);
    this.N = new Float64Array(this.nPsi * this.d);
    this.t = new Float64Array(this.d);
    this.rowGram = new Float64Array(this.d * this.d);
    this.cross = new Float64Array(this.d * this.nPsi);
    this.gradientL = new Float64Array(this.nPsi);
    this.chunkT = new Float64Array(CHUNK * this.d);
    this.chunkAlphaT = new Float64Array(CHUNK * this.d);
    this.chunkKappa = new Float64Array(CHUNK * this.nPsi);
  }

  /** Writes ∇²ℓ(θ) (d × d column-major) at the modes and PIRLS state held in `ws` for the factor L. */
  compute(L: Float64Array, modes: Float64Array, ws: ModeWorkspace, out: Float64Array): void {
    const { n, J, start, X, Z } = this.layout;
    const { q, p, d, nPsi, psiRow, psiCol } = this;
    const { rInverse: Ri, hInverse: Hi, weightedZZ: Aw, B, scaledZ: sTilde, hz, rho, r, v, gz, sz, hu } = this;
    const { features, m, uHat: U, weightedZX: WZX, N, t, chunkT, chunkAlphaT, chunkKappa } = this;
    const { rowGram, cross, gradientL } = this;
    const { zTilde, fPrime, w, mu } = ws;
    out.fill(0);
    rowGram.fill(0);
    cross.fill(0);
    gradientL.fill(0);
    this.chunkRows = 0;

    for (let j = 0; j < J; j++) {
      const i0 = start[j]!;
      const i1 = start[j + 1]!;
      const uOffset = j * q;
      this.invertFactor(ws.clusterFactor, j * q * q);

      // First pass: r = Σ w' c z̃, g_z = Σ f' z, Σ w z zᵀ, Σ w z̃ xᵀ.
      r.fill(0);
      gz.fill(0);
      Aw.fill(0);
      WZX.fill(0);
      for (let i = i0; i < i1; i++) {
        const zi = i * q;
        const c = this.leverage(zTilde, zi, sTilde);
        const wi = w[i]!;
        const wPrime = wi * (1 - 2 * mu[i]!);
        const f1 = fPrime[i]!;
        for (let a = 0; a < q; a++) {
          const za = Z[zi + a]!;
          r[a] += wPrime * c * zTilde[zi + a]!;
          gz[a] += f1 * za;
          const wz = wi * za;
          for (let b = 0; b < q; b++) Aw[b * q + a] += wz * Z[zi + b]!;
        }
        for (let k = 0; k < p; k++) {
          const x = wi * X[k * n + i]!;
          for (let a = 0; a < q; a++) WZX[k * q + a] += x * zTilde[zi + a]!;
        }
      }
      symmetricMatVec(Hi, r, q, v);
      // B = Lᵀ Σ w z zᵀ, so that Σ w_i z̃_i z_ia = B[:, a].
      for (let a = 0; a < q; a++) {
        for (let row = 0; row < q; row++) {
          let s = 0;
          for (let k = row; k < q; k++) s += L[row * q + k]! * Aw[a * q + k]!;
          B[a * q + row] = s;
        }
      }
      // û_k = H⁻¹ ∂²h/∂u∂φ_k: −H⁻¹ Σ w z̃ x_k for β_k, H⁻¹(−B[:,a] û_b + g_z[a] e_b) for L_ab.
      for (let k = 0; k < p; k++) {
        for (let a = 0; a < q; a++) hu[a] = -WZX[k * q + a]!;
        symmetricMatVec(Hi, hu, q, U.subarray(k * q, (k + 1) * q));
      }
      for (let e = 0; e < nPsi; e++) {
        const a = psiRow[e]!;
        const b = psiCol[e]!;
        const ub = modes[uOffset + b]!;
        for (let c = 0; c < q; c++) hu[c] = -B[a * q + c]! * ub;
        hu[b] += gz[a]!;
        symmetricMatVec(Hi, hu, q, U.subarray((p + e) * q, (p + e + 1) * q));
      }

      // Second pass: t_i, and the row sums Σ α t tᵀ, N, Σ t κᵀ, Σ s z.
      N.fill(0);
      sz.fill(0);
      for (let i = i0; i < i1; i++) {
        const zi = i * q;
        const c = this.leverage(zTilde, zi, sTilde);
        let zv = 0;
        for (let a = 0; a < q; a++) zv += zTilde[zi + a]! * v[a]!;
        const wi = w[i]!;
        const mi = mu[i]!;
        const wPrime = wi * (1 - 2 * mi);
        const wSecond = wi * (1 - 6 * mi * (1 - mi));
        const alpha = -wi - 0.5 * wSecond * c + 0.5 * wPrime * zv;
        const s = fPrime[i]! - 0.5 * wPrime * c + 0.5 * wi * zv;
        for (let a = 0; a < q; a++) sz[a] += s * Z[zi + a]!;
        // ρ_i = −w' H⁻¹z̃_i + ½ w v.
        for (let a = 0; a < q; a++) {
          let h = 0;
          for (let b = 0; b < q; b++) h += Hi[b * q + a]! * zTilde[zi + b]!;
          hz[a] = h;
          rho[a] = -wPrime * h + 0.5 * wi * v[a]!;
        }
        for (let k = 0; k < p; k++) {
          let tk = X[k * n + i]!;
          for (let a = 0; a < q; a++) tk += zTilde[zi + a]! * U[k * q + a]!;
          t[k] = tk;
        }
        for (let e = 0; e < nPsi; e++) {
          const col = p + e;
          let te = Z[zi + psiRow[e]!]! * modes[uOffset + psiCol[e]!]!;
          for (let a = 0; a < q; a++) te += zTilde[zi + a]! * U[col * q + a]!;
          t[col] = te;
        }
        symmetricFeatures(sTilde, q, features);
        const slot = this.chunkRows;
        for (let k = 0; k < d; k++) {
          const tk = t[k]!;
          chunkT[k * CHUNK + slot] = tk;
          chunkAlphaT[k * CHUNK + slot] = alpha * tk;
          const wt = wPrime * tk;
          for (let f = 0; f < nPsi; f++) N[k * nPsi + f] += wt * features[f]!;
        }
        for (let e = 0; e < nPsi; e++) chunkKappa[e * CHUNK + slot] = Z[zi + psiRow[e]!]! * rho[psiCol[e]!]!;
        if (++this.chunkRows === CHUNK) this.flushChunk();
      }

      // N_ab gains R⁻¹e_b m_aᵀ + m_a (R⁻¹e_b)ᵀ with m_a = R⁻¹ B[:, a].
      for (let e = 0; e < nPsi; e++) {
        const a = psiRow[e]!;
        const b = psiCol[e]!;
        lowerMatVec(Ri, B.subarray(a * q, (a + 1) * q), q, m);
        const column = N.subarray((p + e) * nPsi, (p + e + 1) * nPsi);
        let f = 0;
        for (let col = 0; col < q; col++) {
          for (let row = col; row < q; row++) {
            const pr = Ri[b * q + row]!;
            const pc = Ri[b * q + col]!;
            const value = pr * m[col]! + m[row]! * pc;
            column[f++] += row === col ? value : Math.SQRT2 * value;
          }
        }
      }
      // ½ ⟨N_k, N_l⟩ − û_kᵀû_l.
      for (let l = 0; l < d; l++) {
        for (let k = l; k < d; k++) {
          let nn = 0;
          for (let f = 0; f < nPsi; f++) nn += N[k * nPsi + f]! * N[l * nPsi + f]!;
          let uu = 0;
          for (let a = 0; a < q; a++) uu += U[k * q + a]! * U[l * q + a]!;
          out[l * d + k] += 0.5 * nn - uu;
        }
      }
      // Σ s_i (ζ_kᵀû_l + ζ_lᵀû_k) with Σ s_i ζ_i,ab = (Σ s z)_a e_b, and −Σ w ζ_abᵀ H⁻¹ ζ_cd = −(Σ w z zᵀ)_ac H⁻¹_bd.
      for (let e = 0; e < nPsi; e++) {
        const a = psiRow[e]!;
        const b = psiCol[e]!;
        const row = p + e;
        for (let l = 0; l < d; l++) {
          const value = sz[a]! * U[l * q + b]!;
          if (l <= row) out[l * d + row] += value;
          if (l >= row) out[row * d + l] += value;
        }
        for (let e2 = 0; e2 <= e; e2++) {
          out[(p + e2) * d + row] -= Aw[psiRow[e2]! * q + a]! * Hi[psiCol[e2]! * q + b]!;
        }
        // ∂ℓ_j/∂L_ab = g_z[a] û_b − ½ tr N_ab (the diagonal features).
        let trace = 0;
        let f = 0;
        for (let col = 0; col < q; col++) {
          trace += N[row * nPsi + f]!;
          f += q - col;
        }
        gradientL[e] += gz[a]! * modes[uOffset + b]! - 0.5 * trace;
      }
    }

    this.flushChunk();
    // Lower triangle so far; add Σ α t tᵀ and the κ cross terms, then mirror.
    for (let l = 0; l < d; l++) for (let k = l; k < d; k++) out[l * d + k] += rowGram[l * d + k]!;
    for (let e = 0; e < nPsi; e++) {
      const row = p + e;
      for (let k = 0; k < d; k++) {
        const value = cross[e * d + k]!;
        if (k <= row) out[k * d + row] += value;
        if (k >= row) out[row * d + k] += value;
      }
    }
    // From L_aa to ψ_aa = log L_aa: scale rows and columns by L_aa, add L_aa ∂ℓ/∂L_aa on the diagonal.
    for (let e = 0; e < nPsi; e++) {
      if (psiRow[e] !== psiCol[e]) continue;
      const a = psiRow[e]!;
      const scale = L[a * q + a]!;
      const k = p + e;
      for (let l = 0; l < d; l++) {
        if (l <= k) out[l * d + k] *= scale;
        if (l >= k) out[k * d + l] *= scale;
      }
      out[k * d + k] += scale * gradientL[e]!;
    }
    fillUpperFromLower(out, d);
  }

  /** Adds the chunk's Σ α t tᵀ (lower triangle) and Σ t κᵀ to the running sums and empties it. */
  private flushChunk(): void {
    const rows = this.chunkRows;
    if (rows === 0) return;
    const { d, nPsi, chunkT, chunkAlphaT, chunkKappa, rowGram, cross } = this;
    for (let l = 0; l < d; l++) {
      const a = l * CHUNK;
      for (let k = l; k < d; k++) {
        const b = k * CHUNK;
        let s = 0;
        for (let r = 0; r < rows; r++) s += chunkAlphaT[a + r]! * chunkT[b + r]!;
        rowGram[l * d + k] += s;
      }
    }
    for (let e = 0; e < nPsi; e++) {
      const a = e * CHUNK;
      for (let k = 0; k < d; k++) {
        const b = k * CHUNK;
        let s = 0;
        for (let r = 0; r < rows; r++) s += chunkKappa[a + r]! * chunkT[b + r]!;
        cross[e * d + k] += s;
      }
    }
    this.chunkRows = 0;
  }

  /** R⁻¹ and H⁻¹ = R⁻ᵀR⁻¹ of cluster j's Cholesky factor R (lower, column-major). */
  private invertFactor(factors: Float64Array, offset: number): void {
    const { q, rInverse: Ri, hInverse: Hi } = this;
    Ri.fill(0);
    for (let col = 0; col < q; col++) {
      // Forward substitution R x = e_col.
      for (let row = col; row < q; row++) {
        let s = row === col ? 1 : 0;
        for (let k = col; k < row; k++) s -= factors[offset + k * q + row]! * Ri[col * q + k]!;
        Ri[col * q + row] = s / factors[offset + row * q + row]!;
      }
    }
    for (let col = 0; col < q; col++) {
      for (let row = 0; row < q; row++) {
        let s = 0;
        for (let k = Math.max(row, col); k < q; k++) s += Ri[row * q + k]! * Ri[col * q + k]!;
        Hi[col * q + row] = s;
      }
    }
  }

  /** s̃ = R⁻¹ z̃_i into `out`; returns c_i = z̃_iᵀH⁻¹z̃_i = |s̃|². */
  private leverage(zTilde: Float64Array, zi: number, out: Float64Array): number {
    const { q, rInverse: Ri } = this;
    let c = 0;
    for (let row = 0; row < q; row++) {
      let s = 0;
      for (let k = 0; k <= row; k++) s += Ri[k * q + row]! * zTilde[zi + k]!;
      out[row] = s;
      c += s * s;
    }
    return c;
  }
}

/** out = S x for a full symmetric (or any square) q×q column-major S. */
function symmetricMatVec(S: Float64Array, x: Float64Array, q: number, out: Float64Array): void {
  for (let row = 0; row < q; row++) {
    let s = 0;
    for (let k = 0; k < q; k++) s += S[k * q + row]! * x[k]!;
    out[row] = s;
  }
}

/** out = R x for lower-triangular column-major R. */
function lowerMatVec(R: Float64Array, x: Float64Array, q: number, out: Float64Array): void {
  for (let row = 0; row < q; row++) {
    let s = 0;
    for (let k = 0; k <= row; k++) s += R[k * q + row]! * x[k]!;
    out[row] = s;
  }
}

/** Features of s sᵀ in the ψ order: s_a² on the diagonal, √2 s_a s_b below it, so ⟨S, T⟩_F = φ(S)·φ(T). */
function symmetricFeatures(s: Float64Array, q: number, out: Float64Array): void {
  let f = 0;
  for (let col = 0; col < q; col++) {
    for (let row = col; row < q; row++) {
      out[f++] = row === col ? s[row]! * s[row]! : Math.SQRT2 * s[row]! * s[col]!;
    }
  }
}
