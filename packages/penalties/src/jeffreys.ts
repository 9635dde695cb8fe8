/**
 * The Jeffreys-prior penalty for a binomial GLM (Kosmidis & Firth 2021, eq. 4; the fixed-effects
 * part of MSPL, Sterzinger & Kosmidis 2023):
 *
 *   P(β) = a · log det F(β),   F(β) = Xᵀ W(β) X,   W = diag(w_i),  w_i = m_i ω(η_i),  η = offset + Xβ,
 *
 * with ω the link's working-weight function (Table 1 of K&F 2021, see @glmmkit/math's binomial-links.ts). It depends on
 * β = θ[0..p) only; the ψ block of θ gets zero gradient and Hessian.
 *
 * Derivatives. With w′_i = m_i ω′(η_i) = w_i ℓ1_i and w″_i = w_i (ℓ2_i + ℓ1_i²), where
 * ℓ1 = (log ω)′ and ℓ2 = (log ω)″,
 *   F_k  = ∂F/∂β_k        = Σ_i w′_i x_ik x_i x_iᵀ,
 *   F_kl = ∂²F/∂β_k∂β_l   = Σ_i w″_i x_ik x_il x_i x_iᵀ,
 * and the matrix identities ∂ log det F = tr(F⁻¹ ∂F), ∂F⁻¹ = −F⁻¹ (∂F) F⁻¹ give
 *   ∂P/∂β_k        = a tr(F⁻¹ F_k)                          = a Σ_i h_i ℓ1_i x_ik,
 *   ∂²P/∂β_k∂β_l   = a {tr(F⁻¹ F_kl) − tr(F⁻¹ F_k F⁻¹ F_l)}
 *                  = a Σ_i h_i (ℓ2_i + ℓ1_i²) x_ik x_il − a tr(B_k B_l),
 * where h_i = w_i x_iᵀ F⁻¹ x_i are the leverages (diagonal of the hat matrix of W^{1/2}X).
 * For the second trace, factor F = L Lᵀ and put z_i = L⁻¹ x_i (the rows of Z = X L⁻ᵀ, so
 * x_iᵀ F⁻¹ x_j = z_iᵀ z_j and h_i = w_i ‖z_i‖²); then L⁻¹ F_k L⁻ᵀ = B_k = Σ_i w′_i x_ik z_i z_iᵀ is
 * symmetric p × p and tr(F⁻¹F_k F⁻¹F_l) = tr(B_k B_l) = Σ_ab B_k[a,b] B_l[a,b]. This costs
 * O(n p³) and never forms the n × n matrix X F⁻¹ Xᵀ.
 *
 * Scaling. Near separation the weights of whole columns' supports underflow (cloglog at η = 10
 * has ω ≈ e^{−22000}) while log det F is still finite. So F is never formed directly: with
 * log-weights, the columns of W^{1/2}X are equilibrated, A = W^{1/2} X D⁻¹ with
 * d_a² = Σ_i w_i x_ia² (computed by log-sum-exp), G = AᵀA has unit diagonal, F = D G D and
 * log det F = log det G + 2 Σ log d_a. Writing G = L Lᵀ and y_i = L⁻¹ a_i (a_i the rows of A),
 * h_i = ‖y_i‖² ≤ 1 and B_k = Σ_i ℓ1_i x_ik y_i y_iᵀ (the same matrices as above up to the
 * similarity D), so every intermediate stays bounded whatever the size of the weights.
 */
import { choleskyInPlace, crossProduct, logDetFromCholesky, matVec } from "@glmmkit/linalg";
import type { Penalty } from "./penalty.js";
import { checkLength } from "./penalty.js";
import { binomialLink, newLinkEvaluation } from "@glmmkit/math";
import type { BinomialLink, LinkName } from "@glmmkit/math";

/** Link and power of the Jeffreys penalty. */
export interface JeffreysOptions {
  /** Power of Jeffreys' prior: P = a · log det(XᵀWX). Default 1/2 (Firth's bias-reducing value for logit). */
  readonly a?: number;
  /** Binomial link; default "logit". */
  readonly link?: LinkName | BinomialLink;
  /** Known part of the linear predictor, η = offset + Xβ (length n; default none). */
  readonly offset?: Float64Array;
}

export interface JeffreysPenalty extends Penalty {
  readonly a: number;
  readonly link: BinomialLink;
  readonly p: number;
  readonly n: number;
  /** log det(XᵀW(β)X); −Infinity when it is not numerically positive definite. */
  logDetInformation(theta: Float64Array): number;
  /** Leverages h_i = w_i x_iᵀ (XᵀWX)⁻¹ x_i at β = θ[0..p) into `out` (length n); throws if XᵀWX is singular. */
  leverages(theta: Float64Array, out: Float64Array): void;
  /** Working weights w_i = m_i ω(η_i) at β into `out` (length n). */
  workingWeights(theta: Float64Array, out: Float64Array): void;
}

/**
 * @param X n × p model matrix, column-major (X[k*n + i]), as in ModelFrame.
 * @param trials binomial totals m_i (length n; all 1 for binary data).
 * @param dim length of θ (≥ p); the penalty acts on θ[0..p).
 */
/**
 * out[outOffset + j − first] = Σ_i weights_i · M[j·n + i] for columns j = first … end − 1 of the n-row,
 * column-major M, four columns per pass over the rows (one load of the weight feeds four sums).
 */
function weightedColumnDots(
  weights: Float64Array,
  M: Float64Array,
  n: number,
  first: number,
  end: number,
  out: Float64Array,
  outOffset: number,
): void {
  let j = first;
  for (; j + 3 < end; j += 4) {
    const c0 = j * n;
    const c1 = c0 + n;
    const c2 = c1 + n;
    const c3 = c2 + n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < n; i++) {
      const t = weights[i]!;
      s0 += t * M[c0 + i]!;
      s1 += t * M[c1 + i]!;
      s2 += t * M[c2 + i]!;
      s3 += t * M[c3 + i]!;
    }
    const o = outOffset + j - first;
    out[o] = s0;
    out[o + 1] = s1;
    out[o + 2] = s2;
    out[o + 3] = s3;
  }
  for (; j < end; j++) {
    const c = j * n;
    let acc = 0;
    for (let i = 0; i < n; i++) acc += weights[i]! * M[c + i]!;
    out[outOffset + j - first] = acc;
  }
}

/** a · log det XᵀW(β)X, with gradient and Hessian (Kosmidis & Firth 2021). */
export function jeffreysPenalty(
  X: Float64Array,
  n: number,
  p: number,
  trials: Float64Array,
  dim: number,
  options: JeffreysOptions = {},
): JeffreysPenalty {
  const a = options.a ?? 0.5;
  const link = binomialLink(options.link ?? "logit");
  if (!(a >= 0) || !Number.isFinite(a)) throw new Error(`jeffreysPenalty: a must be a finite number ≥ 0, got ${a}`);
  if (!Number.isInteger(n) || !Number.isInteger(p) || n < 1 || p < 1) {
    throw new Error(`jeffreysPenalty: n and p must be positive integers, got n = ${n}, p = ${p}`);
  }
  checkLength("jeffreysPenalty: X", X, n * p);
  checkLength("jeffreysPenalty: trials", trials, n);
  const offset = options.offset;
  if (offset !== undefined) checkLength("jeffreysPenalty: offset", offset, n);
  if (dim < p) throw new Error(`jeffreysPenalty: dim (${dim}) is smaller than p (${p})`);
  for (let i = 0; i < n; i++) {
    const m = trials[i]!;
    if (!(m >= 0) || !Number.isFinite(m)) throw new Error(`jeffreysPenalty: trials[${i}] = ${m} is not a finite count ≥ 0`);
  }

  for (let k = 0; k < n * p; k++) {
    if (!Number.isFinite(X[k]!)) {
      throw new Error(`jeffreysPenalty: X has a non-finite entry at row ${k % n}, column ${Math.floor(k / n)}`);
    }
  }
  return new Jeffreys(X, n, p, trials, dim, a, link, offset);
}

/**
 * The penalty with its state at the last β seen, so value/gradient/hessian at one point share the work. A
 * class, not an object of closures made per penalty: every MSPL fit makes a penalty, and closures made per
 * call lose their optimised code at each full GC and are compiled again; prototype methods are compiled once.
 */
class Jeffreys implements JeffreysPenalty {
  readonly name: string;
  // log|x_ik| and signs for the log-space fallback, made on first use (most fits never need them).
  private logAbsX: Float64Array | null = null;
  private signX: Float64Array | null = null;
  private readonly beta: Float64Array;
  private readonly eta: Float64Array;
  private readonly logW: Float64Array;
  private readonly sqrtW: Float64Array;
  private readonly l1: Float64Array;
  private readonly l2: Float64Array;
  private readonly logD: Float64Array;
  /** A = W^{1/2} X D⁻¹, then overwritten in place by Y = A L⁻ᵀ. */
  private readonly A: Float64Array;
  private readonly chol: Float64Array;
  private readonly h: Float64Array;
  private positiveDefinite = false;
  private logDet = -Infinity;
  private yReady = false;
  private readonly linkValues = newLinkEvaluation();
  private readonly bMatrices: Float64Array; // B_k[ab] at [ab * p + k]
  private readonly symmetricMoment: Float64Array; // S[m, a, b] at (m·p + a)·p + b, m ≤ a ≤ b
  private readonly u: Float64Array;
  private readonly rowWeight: Float64Array;

  constructor(
    private readonly X: Float64Array,
    readonly n: number,
    readonly p: number,
    private readonly trials: Float64Array,
    private readonly dim: number,
    readonly a: number,
    readonly link: BinomialLink,
    private readonly offset: Float64Array | undefined,
  ) {
    this.name = `jeffreys(a=${a}, ${link.name})`;
    this.beta = new Float64Array(p).fill(NaN);
    this.eta = new Float64Array(n);
    this.logW = new Float64Array(n);
    this.sqrtW = new Float64Array(n);
    this.l1 = new Float64Array(n);
    this.l2 = new Float64Array(n);
    this.logD = new Float64Array(p);
    this.A = new Float64Array(n * p);
    this.chol = new Float64Array(p * p);
    this.h = new Float64Array(n);
    const pairs = (p * (p + 1)) / 2;
    this.bMatrices = new Float64Array(p * pairs);
    this.symmetricMoment = new Float64Array(p * p * p);
    this.u = new Float64Array(n);
    this.rowWeight = new Float64Array(n);
  }

  private logScaleX(): { logAbsX: Float64Array; signX: Float64Array } {
    const { X, n, p } = this;
    if (this.logAbsX === null || this.signX === null) {
      const logAbsX = new Float64Array(n * p);
      const signX = new Float64Array(n * p);
      for (let k = 0; k < n * p; k++) {
        logAbsX[k] = Math.log(Math.abs(X[k]!));
        signX[k] = Math.sign(X[k]!);
      }
      this.logAbsX = logAbsX;
      this.signX = signX;
    }
    return { logAbsX: this.logAbsX, signX: this.signX };
  }

  private prepare(theta: Float64Array): void {
    const { X, n, p, trials, offset, link, beta, eta, logW, sqrtW, l1, l2, logD, A, chol, linkValues } = this;
    checkLength("jeffreys penalty: theta", theta, this.dim);
    let same = true;
    for (let k = 0; k < p; k++) {
      if (!Object.is(theta[k], beta[k])) {
        same = false;
        break;
      }
    }
    if (same) return;
    for (let k = 0; k < p; k++) beta[k] = theta[k]!;
    this.yReady = false;
    matVec(X, n, p, beta, eta);
    if (offset !== undefined) for (let i = 0; i < n; i++) eta[i] = eta[i]! + offset[i]!;
    // Whether logW holds this β's log weights (the logit fast path fills it only on demand).
    let logWReady: boolean;
    if (link.name === "logit") {
      // Logit fast path: ω = μ(1 − μ), d log ω/dη = 1 − 2μ, d² log ω/dη² = −2μ(1 − μ); one exp a row.
      for (let i = 0; i < n; i++) {
        const e = Math.exp(-Math.abs(eta[i]!));
        const onePlus = 1 + e;
        const mu = eta[i]! >= 0 ? 1 / onePlus : e / onePlus;
        const omega = e / (onePlus * onePlus);
        sqrtW[i] = Math.sqrt(trials[i]! * omega);
        l1[i] = 1 - 2 * mu;
        l2[i] = -2 * omega;
      }
      logWReady = false;
    } else {
      for (let i = 0; i < n; i++) {
        link.evaluate(eta[i]!, linkValues);
        const lw = Math.log(trials[i]!) + linkValues.logOmega;
        logW[i] = Number.isNaN(lw) ? -Infinity : lw;
        sqrtW[i] = Math.exp(0.5 * logW[i]!);
        l1[i] = linkValues.dlogOmega;
        l2[i] = linkValues.d2logOmega;
      }
      logWReady = true;
    }
    let positiveDefinite = true;
    let logScale = 0;
    for (let c = 0; c < p; c++) {
      const off = c * n;
      // Fast path in linear space: d_c² = Σ_i w_i x_ic², safe whenever that sum is representable
      // (rows whose weight underflows contribute nothing either way).
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const v = sqrtW[i]! * X[off + i]!;
        sum += v * v;
      }
      if (sum > 1e-280 && sum < 1e280) {
        const ld = 0.5 * Math.log(sum);
        const inverse = 1 / Math.sqrt(sum);
        logD[c] = ld;
        logScale += ld;
        for (let i = 0; i < n; i++) A[off + i] = sqrtW[i]! * X[off + i]! * inverse;
        continue;
      }
      // log d_c = ½ log Σ_i w_i x_ic², by log-sum-exp, when the whole column's weights under/overflow.
      if (!logWReady) {
        // Logit: log w exactly (finite where w itself underflows).
        for (let i = 0; i < n; i++) {
          const ae = Math.abs(eta[i]!);
          logW[i] = Math.log(trials[i]!) - ae - 2 * Math.log1p(Math.exp(-ae));
        }
        logWReady = true;
      }
      const { logAbsX, signX } = this.logScaleX();
      let peak = -Infinity;
      for (let i = 0; i < n; i++) peak = Math.max(peak, logW[i]! + 2 * logAbsX[off + i]!);
      if (peak === -Infinity || !Number.isFinite(peak)) {
        positiveDefinite = false;
        break;
      }
      let acc = 0;
      for (let i = 0; i < n; i++) acc += Math.exp(logW[i]! + 2 * logAbsX[off + i]! - peak);
      const ld = 0.5 * (peak + Math.log(acc));
      logD[c] = ld;
      logScale += ld;
      for (let i = 0; i < n; i++) A[off + i] = signX[off + i]! * Math.exp(0.5 * logW[i]! + logAbsX[off + i]! - ld);
    }
    if (positiveDefinite) {
      // G = AᵀA, then Cholesky in place.
      crossProduct(A, n, p, chol);
      positiveDefinite = choleskyInPlace(chol, p);
    }
    this.positiveDefinite = positiveDefinite;
    this.logDet = positiveDefinite ? logDetFromCholesky(chol, p) + 2 * logScale : -Infinity;
  }

  private requirePositiveDefinite(what: string): void {
    if (!this.positiveDefinite) {
      throw new Error(
        `jeffreys penalty ${what}: XᵀW(β)X is not positive definite at this β (rank-deficient X or all weights vanished)`,
      );
    }
  }

  /** Y = A L⁻ᵀ column by column (in place over A), and h_i = ‖y_i‖². */
  private prepareY(): void {
    if (this.yReady) return;
    const { n, p, A, chol, h } = this;
    for (let j = 0; j < p; j++) {
      const yj = j * n;
      for (let k = 0; k < j; k++) {
        const ljk = chol[k * p + j]!;
        if (ljk === 0) continue;
        const yk = k * n;
        for (let i = 0; i < n; i++) A[yj + i] = A[yj + i]! - ljk * A[yk + i]!;
      }
      const inv = 1 / chol[j * p + j]!;
      for (let i = 0; i < n; i++) A[yj + i] = A[yj + i]! * inv;
    }
    h.fill(0);
    for (let j = 0; j < p; j++) {
      const yj = j * n;
      for (let i = 0; i < n; i++) h[i] = h[i]! + A[yj + i]! * A[yj + i]!;
    }
    this.yReady = true;
  }

  /** out[l·dim + k] (k ≥ l) = a tr(F⁻¹ F_kl) = a Σ_i h_i (ℓ2 + ℓ1²) x_ik x_il; needs prepareY(). */
  private firstHessianTerm(out: Float64Array): void {
    const { X, n, p, dim, a, h, l1, l2, u } = this;
    for (let i = 0; i < n; i++) u[i] = h[i]! > 0 ? h[i]! * (l2[i]! + l1[i]! * l1[i]!) : 0;
    for (let l = 0; l < p; l++) {
      const xl = l * n;
      for (let k = l; k < p; k++) {
        const xk = k * n;
        let acc = 0;
        for (let i = 0; i < n; i++) acc += u[i]! * X[xk + i]! * X[xl + i]!;
        out[l * dim + k] = a * acc;
      }
    }
  }

  /** B (pairs × p) by direct sums: p·p(p+1)/2 passes' worth of work over the rows. Needs prepareY(). */
  private crossLeverageDirect(): void {
    const { X, n, p, A, h, l1, u, rowWeight, bMatrices } = this;
    // B_k[ab] = Σ_i ℓ1_i x_ik y_ia y_ib for a ≤ b; then tr(F⁻¹F_k F⁻¹F_l) = tr(B_k B_l). For each pair
    // (a, b) the row weights t_i = ℓ1_i y_ia y_ib are formed once and dotted with every column of X.
    for (let i = 0; i < n; i++) u[i] = h[i]! > 0 ? l1[i]! : 0;
    let pair = 0;
    for (let bIdx = 0; bIdx < p; bIdx++) {
      const yb = bIdx * n;
      for (let aIdx = 0; aIdx <= bIdx; aIdx++) {
        const ya = aIdx * n;
        for (let i = 0; i < n; i++) rowWeight[i] = u[i]! * A[ya + i]! * A[yb + i]!;
        weightedColumnDots(rowWeight, X, n, 0, p, bMatrices, pair * p);
        pair++;
      }
    }
  }

  /** B (pairs × p) from the symmetric third moments of Y: C(p+2, 3) sums over the rows. Needs prepareY(). */
  private crossLeverageSymmetric(): void {
    const { n, p, A, h, l1, sqrtW, chol, logD, u, rowWeight, bMatrices, symmetricMoment } = this;
    // B_k[ab] = Σ_i ℓ1_i x_ik y_ia y_ib (a ≤ b), and tr(F⁻¹F_k F⁻¹F_l) = tr(B_k B_l). With the scaled rows
    // a_i = √w_i x_i / d = L y_i, x_ik = d_k Σ_m L_km y_im / √w_i, so B_k[ab] = d_k Σ_m L_km S[m, a, b] where
    // S[m, a, b] = Σ_i (ℓ1_i / √w_i) y_im y_ia y_ib is fully symmetric: C(p + 2, 3) sums over the rows
    // instead of p·p(p + 1)/2 (2.1× fewer at p = 5, 2.5× at p = 10). Rows with w_i = 0 contribute nothing.
    for (let i = 0; i < n; i++) u[i] = h[i]! > 0 && sqrtW[i]! > 0 ? l1[i]! / sqrtW[i]! : 0;
    for (let m = 0; m < p; m++) {
      const ym = m * n;
      for (let aIdx = m; aIdx < p; aIdx++) {
        const ya = aIdx * n;
        for (let i = 0; i < n; i++) rowWeight[i] = u[i]! * A[ym + i]! * A[ya + i]!;
        weightedColumnDots(rowWeight, A, n, aIdx, p, symmetricMoment, (m * p + aIdx) * p + aIdx);
      }
    }
    let pair = 0;
    for (let bIdx = 0; bIdx < p; bIdx++) {
      for (let aIdx = 0; aIdx <= bIdx; aIdx++) {
        for (let k = 0; k < p; k++) {
          let acc = 0;
          for (let m = 0; m <= k; m++) acc += chol[m * p + k]! * symmetricMomentAt(symmetricMoment, p, m, aIdx, bIdx);
          bMatrices[pair * p + k] = Math.exp(logD[k]!) * acc;
        }
        pair++;
      }
    }
  }

  value(theta: Float64Array): number {
    this.prepare(theta);
    if (this.a === 0) return 0;
    return this.a * this.logDet;
  }

  logDetInformation(theta: Float64Array): number {
    this.prepare(theta);
    return this.logDet;
  }

  workingWeights(theta: Float64Array, out: Float64Array): void {
    this.prepare(theta);
    const { n, sqrtW } = this;
    checkLength("jeffreys penalty workingWeights: out", out, n);
    for (let i = 0; i < n; i++) out[i] = sqrtW[i]! * sqrtW[i]!;
  }

  leverages(theta: Float64Array, out: Float64Array): void {
    this.prepare(theta);
    checkLength("jeffreys penalty leverages: out", out, this.n);
    this.requirePositiveDefinite("leverages");
    this.prepareY();
    out.set(this.h);
  }

  gradient(theta: Float64Array, out: Float64Array): void {
    this.prepare(theta);
    const { X, n, p, dim, a } = this;
    checkLength("jeffreys penalty gradient: out", out, dim);
    out.fill(0, 0, dim);
    if (a === 0) return;
    if (!this.positiveDefinite) {
      // value is −∞ here; its derivatives do not exist. NaN (not a throw) lets an optimiser that
      // asks for value and gradient together simply reject the point.
      out.fill(NaN, 0, p);
      return;
    }
    this.prepareY();
    const { h, l1, u } = this;
    // A row with h_i = 0 (weight underflowed) contributes nothing, even where ℓ1 is infinite.
    for (let i = 0; i < n; i++) u[i] = h[i]! > 0 ? h[i]! * l1[i]! : 0;
    for (let k = 0; k < p; k++) {
      const xk = k * n;
      let acc = 0;
      for (let i = 0; i < n; i++) acc += u[i]! * X[xk + i]!;
      out[k] = a * acc;
    }
  }

  hessian(theta: Float64Array, out: Float64Array): void {
    this.prepare(theta);
    const { n, p, dim, a } = this;
    checkLength("jeffreys penalty hessian: out", out, dim * dim);
    out.fill(0, 0, dim * dim);
    if (a === 0) return;
    if (!this.positiveDefinite) {
      for (let c = 0; c < p; c++) out.fill(NaN, c * dim, c * dim + p);
      return;
    }
    this.prepareY();
    this.firstHessianTerm(out);
    const { h, sqrtW, bMatrices } = this;
    // A row whose weight underflowed in linear space (log-space fallback) needs the direct sums.
    let underflow = false;
    for (let i = 0; i < n; i++) if (h[i]! > 0 && !(sqrtW[i]! > 0)) underflow = true;
    if (underflow) this.crossLeverageDirect();
    else this.crossLeverageSymmetric();
    for (let l = 0; l < p; l++) {
      for (let k = l; k < p; k++) {
        let tr = 0;
        let ab = 0;
        for (let bIdx = 0; bIdx < p; bIdx++) {
          for (let aIdx = 0; aIdx <= bIdx; aIdx++) {
            const prod = bMatrices[ab * p + k]! * bMatrices[ab * p + l]!;
            tr += aIdx === bIdx ? prod : 2 * prod;
            ab++;
          }
        }
        out[l * dim + k] = out[l * dim + k]! - a * tr;
      }
    }
    for (let l = 0; l < p; l++) {
      for (let k = l + 1; k < p; k++) out[k * dim + l] = out[l * dim + k]!;
    }
  }
}

/** S[i, j, k] of the fully symmetric third moments, stored only for m ≤ a ≤ b: sort the three indices. */
function symmetricMomentAt(symmetricMoment: Float64Array, p: number, i: number, j: number, k: number): number {
  let lo = i;
  let mid = j;
  let hi = k;
  if (lo > mid) [lo, mid] = [mid, lo];
  if (mid > hi) [mid, hi] = [hi, mid];
  if (lo > mid) [lo, mid] = [mid, lo];
  return symmetricMoment[(lo * p + mid) * p + hi]!;
}
