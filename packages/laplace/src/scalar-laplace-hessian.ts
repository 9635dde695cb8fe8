/**
 * The exact Hessian of the Laplace log-likelihood for one scalar random effect (q = 1, nAGQ = 1), in
 * θ = φ = (β, ψ), σ = e^ψ. Per cluster, with η_i = x_iᵀβ + σ z_i u and h(u, φ) = Σ f(η_i) − u²/2,
 * ℓ_j(φ) = h(û, φ) − ½ log H(û, φ), H = −h_uu, and û(φ) defined by h_u = 0. Differentiating twice
 * through û (û_k = h_uk / H, û_kl = [h_ukl + h_uuk û_l + h_uul û_k + h_uuu û_k û_l] / H):
 *   ∂²ℓ_j/∂k∂l = h_kl + h_uk h_ul / H − ½ d²(log H)/dk dl,
 *   d²(log H) = K_kl + K_uk û_l + K_ul û_k + K_uu û_k û_l + K_u û_kl,
 * where K = log H with H_k = −h_uuk, H_u = −h_uuu, H_uk = −h_uuuk, H_kl = −h_uukl, H_uu = −h_uuuu.
 * The partial derivatives of h follow from the chain rule on f(η) with f' = y − mμ, f'' = −w,
 * f''' = −w(1 − 2μ), f'''' = −w(1 − 6μ(1 − μ)) (w = mμ(1 − μ)), and the derivatives of η:
 * η_u = σz, η_ψ = σzu, η_uψ = σz, η_ψψ = σzu, η_uψψ = σz (all others in β vanish).
 * Collecting terms, the β–β block is Xᵀ diag(c) X plus per-cluster rank-few outer products of the
 * vectors A = h_uφ, C = h_uuφ, E = h_uuuφ, so the cost is O(n p²) — one pass, no differencing.
 */
import type { ClusterLayout } from "./cluster-layout.js";
import type { ModeWorkspace } from "./conditional-modes.js";

export interface ScalarHessianScratch {
  readonly rowMatrixCoefficient: Float64Array;
  readonly rowBorderCoefficient: Float64Array;
  readonly A: Float64Array;
  readonly C: Float64Array;
  readonly E: Float64Array;
}

export function createScalarHessianScratch(layout: ClusterLayout): ScalarHessianScratch {
  const d = layout.p + 1;
  return {
    rowMatrixCoefficient: new Float64Array(layout.n),
    rowBorderCoefficient: new Float64Array(layout.n),
    A: new Float64Array(d),
    C: new Float64Array(d),
    E: new Float64Array(d),
  };
}

/** Writes ∇²ℓ(θ) (d × d column-major, d = p + 1) at the modes held in `ws`. */
export function scalarLaplaceHessian(
  layout: ClusterLayout,
  sigma: number,
  modes: Float64Array,
  ws: ModeWorkspace,
  scratch: ScalarHessianScratch,
  out: Float64Array,
): void {
  const { n, p, J, start, X, Z } = layout;
  const d = p + 1;
  const psi = p;
  const { rowMatrixCoefficient: c, rowBorderCoefficient: b, A, C, E } = scratch;
  const { fPrime, w, mu } = ws;
  out.fill(0);
  for (let j = 0; j < J; j++) {
    const u = modes[j]!;
    const root = ws.clusterFactor[j]!;
    const H = root * root;
    const i0 = start[j]!;
    const i1 = start[j + 1]!;
    let huuu = 0;
    let huuuu = 0;
    for (let i = i0; i < i1; i++) {
      const eu = sigma * Z[i]!;
      const m = mu[i]!;
      const eu2 = eu * eu;
      huuu -= w[i]! * (1 - 2 * m) * eu2 * eu;
      huuuu -= w[i]! * (1 - 6 * m * (1 - m)) * eu2 * eu2;
    }
    const g = huuu / (H * H);
    A.fill(0);
    C.fill(0);
    E.fill(0);
    let Bpp = 0;
    let Dpp = 0;
    let Fpp = 0;
    for (let i = i0; i < i1; i++) {
      const z = Z[i]!;
      const m = mu[i]!;
      const f1 = fPrime[i]!;
      const f2 = -w[i]!;
      const f3 = f2 * (1 - 2 * m);
      const f4 = f2 * (1 - 6 * m * (1 - m));
      const eu = sigma * z; // η_u, also η_uψ and η_uψψ
      const ep = eu * u; // η_ψ, also η_ψψ
      // β–β matrix part and β–ψ border, per row (the cluster scalars H and h_uuu are known here).
      c[i] = f2 + (0.5 * f4 * eu * eu) / H + 0.5 * g * f3 * eu;
      b[i] = f2 * ep + (0.5 * (f4 * eu * eu * ep + 2 * f3 * eu * eu)) / H + 0.5 * g * (f3 * eu * ep + f2 * eu);
      // Cluster vectors over β: A_β = Σ f'' η_u x, C_β = Σ f''' η_u² x, E_β = Σ f'''' η_u³ x.
      const ra = f2 * eu;
      const rc = f3 * eu * eu;
      const re = f4 * eu * eu * eu;
      for (let k = 0; k < p; k++) {
        const x = X[k * n + i]!;
        A[k] += ra * x;
        C[k] += rc * x;
        E[k] += re * x;
      }
      A[psi] += f2 * eu * ep + f1 * eu;
      C[psi] += f3 * eu * eu * ep + 2 * f2 * eu * eu;
      E[psi] += f4 * eu * eu * eu * ep + 3 * f3 * eu * eu * eu;
      Bpp += f2 * ep * ep + f1 * ep;
      Dpp += f3 * eu * ep * ep + f2 * (2 * eu * ep + ep * eu) + f1 * eu;
      Fpp += f4 * eu * eu * ep * ep + f3 * (4 * eu * eu * ep + ep * eu * eu) + f2 * (2 * eu * eu + 2 * eu * eu);
    }
    out[psi * d + psi] += Bpp + 0.5 * (Fpp / H + g * Dpp);
    // Rank-few part, symmetric in (k, l), with û_k = A_k / H.
    const cuu = -huuuu / H - 2 * huuu * huuu / (H * H);
    for (let l = 0; l < d; l++) {
      const ul = A[l]! / H;
      for (let k = l; k < d; k++) {
        const uk = A[k]! / H;
        const v =
          (A[k]! * A[l]!) / H -
          0.5 *
            (-(C[k]! * C[l]!) / (H * H) -
              (E[k]! * ul + E[l]! * uk) / H -
              2 * g * (C[k]! * ul + C[l]! * uk) +
              cuu * uk * ul);
        out[l * d + k] += v;
      }
    }
  }
  // Xᵀ diag(c) X (lower triangle) and Xᵀ b.
  for (let l = 0; l < p; l++) {
    const colL = l * n;
    for (let k = l; k < p; k++) {
      const colK = k * n;
      let s = 0;
      for (let i = 0; i < n; i++) s += X[colK + i]! * c[i]! * X[colL + i]!;
      out[l * d + k] += s;
    }
    let t = 0;
    for (let i = 0; i < n; i++) t += X[colL + i]! * b[i]!;
    out[l * d + psi] += t;
  }
  for (let l = 0; l < d; l++) for (let k = l + 1; k < d; k++) out[k * d + l] = out[l * d + k]!;
}
