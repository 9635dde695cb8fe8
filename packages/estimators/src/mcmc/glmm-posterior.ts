/**
 * The posterior of a binomial-logit GLMM in a non-centred parameterisation (Papaspiliopoulos, Roberts &
 * Sköld 2007; what brms and rstanarm sample), as a LogDensity for NUTS:
 *
 *   η_i = o_i + x̃_iᵀβ + Σ_t z_{i,t}ᵀ b_{t, j_t(i)},   b_{t,j} = D_t L_t ζ_{t,j},   ζ ~ N(0, I)  (o: offset),
 *
 * D_t = diag(σ_t) the term's SDs and L_t the Cholesky factor of its correlation matrix, so the random effects
 * are sampled jointly through standard-normal ζ whatever the SDs (no funnel between σ and b). The sampled
 * vector x holds, in order: β (predictors centred when there is an intercept), log σ of every effect, the
 * unconstrained correlation values of every term with q > 1 (correlation-cholesky.ts), and ζ (term by term,
 * level by level, as `randomEffectsStructure` orders u). Its density is
 *
 *   log π(x) = Σ_i [y_i η_i − m_i log(1 + e^{η_i})] + log p(β) + Σ [log p(σ) + log σ] + Σ_t [LKJ + log|J_t|] − ½ ζᵀζ
 *
 * (log σ is the Jacobian of σ = e^τ), with the priors of mcmc-priors.ts. Gradient, with r_i = y_i − m_i μ_i and
 * a_{t,j} = Σ_{i ∈ j} r_i z_{i,t}:  ∂/∂β = X̃ᵀr − β/s²;  ∂/∂ζ_{t,j} = (D_t L_t)ᵀ a_{t,j} − ζ_{t,j};
 * ∂ℓ/∂σ_{t,r} = Σ_j a_{t,j,r} (L_t ζ_{t,j})_r;  ∂ℓ/∂L_{t,rc} = Σ_j σ_{t,r} a_{t,j,r} ζ_{t,j,c}.
 */
import type { ModelFrame } from "@glmmkit/core";
import { randomEffectsStructure, type RandomEffectsStructure } from "@glmmkit/laplace";
import type { LogDensity } from "@glmmkit/optimizers";
import { correlationCholesky, correlationCholeskyBuffers, type CorrelationCholesky } from "./correlation-cholesky.js";
import { halfStudentTLogDensity, type McmcPriors } from "./mcmc-priors.js";
import { binomialRowPass } from "../random-effects/binomial-row-pass.js";

interface TermBlock {
  readonly q: number;
  readonly levels: number;
  /** Position of the term's first ζ inside u (and of its b). */
  readonly offset: number;
  /** Index of the term's first log σ in x. */
  readonly sdIndex: number;
  /** Index of the term's first correlation value in x (−1 when q = 1). */
  readonly correlationIndex: number;
  readonly correlation: CorrelationCholesky | null;
  /** A = D L (q × q, column-major). */
  readonly A: Float64Array;
}

export class GlmmPosterior implements LogDensity {
  readonly dim: number;
  readonly p: number;
  /** Number of random effects Q. */
  readonly randomEffects: number;
  /** Index of the first ζ in x. */
  readonly zetaOffset: number;
  readonly structure: RandomEffectsStructure;
  readonly terms: readonly TermBlock[];
  private readonly centredX: Float64Array;
  private readonly eta: Float64Array;
  private readonly b: Float64Array;
  private readonly a: Float64Array;
  private readonly Lz: Float64Array;

  constructor(
    private readonly frame: ModelFrame,
    readonly priors: McmcPriors,
  ) {
    const { n, p } = frame;
    this.p = p;
    this.structure = randomEffectsStructure(frame);
    const terms: TermBlock[] = [];
    let sdCount = 0;
    let correlationCount = 0;
    for (const t of this.structure.terms) {
      sdCount += t.q;
      correlationCount += (t.q * (t.q - 1)) / 2;
    }
    let sdIndex = p;
    let correlationIndex = p + sdCount;
    for (const t of this.structure.terms) {
      terms.push({
        q: t.q,
        levels: t.levels,
        offset: t.offset,
        sdIndex,
        correlationIndex: t.q > 1 ? correlationIndex : -1,
        correlation: t.q > 1 ? correlationCholeskyBuffers(t.q) : null,
        A: new Float64Array(t.q * t.q),
      });
      sdIndex += t.q;
      if (t.q > 1) correlationIndex += (t.q * (t.q - 1)) / 2;
    }
    this.terms = terms;
    this.randomEffects = this.structure.Q;
    this.zetaOffset = p + sdCount + correlationCount;
    this.dim = this.zetaOffset + this.structure.Q;
    this.centredX = new Float64Array(n * p);
    for (let k = 0; k < p; k++) {
      for (let i = 0; i < n; i++) this.centredX[k * n + i] = frame.X[k * n + i] - priors.columnMeans[k];
    }
    this.eta = new Float64Array(n);
    this.b = new Float64Array(this.structure.Q);
    this.a = new Float64Array(this.structure.Q);
    let maxQ = 1;
    for (const t of terms) maxQ = Math.max(maxQ, t.q);
    this.Lz = new Float64Array(maxQ);
  }

  logDensity(x: Float64Array): number {
    return this.evaluate(x, null);
  }

  gradient(x: Float64Array, out: Float64Array): void {
    this.evaluate(x, out);
  }

  logDensityAndGradient(x: Float64Array, out: Float64Array): number {
    return this.evaluate(x, out);
  }

  /** b = D L ζ for every term (into `b`, u's positions), from the current x; fills each term's A. */
  randomEffectsOf(x: Float64Array, b: Float64Array): void {
    for (const t of this.terms) this.prepareTerm(t, x);
    this.applyTerms(x, b);
  }

  /** The intercept on the original (uncentred) scale: β₀ − Σ_k β_k x̄_k. */
  originalBeta(x: Float64Array, out: Float64Array): void {
    const { p } = this;
    const { intercept, columnMeans } = this.priors;
    for (let k = 0; k < p; k++) out[k] = x[k];
    if (intercept >= 0) {
      let shift = 0;
      for (let k = 0; k < p; k++) shift += x[k] * columnMeans[k];
      out[intercept] = x[intercept] - shift;
    }
  }

  /** The term's L (correlation factor; identity for q = 1) as of the last evaluation or `randomEffectsOf`. */
  correlationFactor(term: number): Float64Array | null {
    return this.terms[term]!.correlation?.L ?? null;
  }

  private prepareTerm(t: TermBlock, x: Float64Array): void {
    const q = t.q;
    if (t.correlation !== null) correlationCholesky(x, t.correlationIndex, q, this.priors.lkjEta, t.correlation);
    for (let c = 0; c < q; c++) {
      for (let r = 0; r < q; r++) {
        const l = t.correlation === null ? (r === c ? 1 : 0) : t.correlation.L[c * q + r];
        t.A[c * q + r] = Math.exp(x[t.sdIndex + r]) * l;
      }
    }
  }

  private applyTerms(x: Float64Array, b: Float64Array): void {
    const zeta = this.zetaOffset;
    for (const t of this.terms) {
      const q = t.q;
      for (let j = 0; j < t.levels; j++) {
        const base = t.offset + j * q;
        for (let r = 0; r < q; r++) {
          let s = 0;
          for (let c = 0; c <= r; c++) s += t.A[c * q + r] * x[zeta + base + c];
          b[base + r] = s;
        }
      }
    }
  }

  private evaluate(x: Float64Array, gradient: Float64Array | null): number {
    const { n, p, y, trials } = this.frame;
    const { betaScale, sdDf, sdScale } = this.priors;
    const X = this.centredX;
    const eta = this.eta;
    const b = this.b;
    const a = this.a;
    const zeta = this.zetaOffset;
    for (const t of this.terms) this.prepareTerm(t, x);
    this.applyTerms(x, b);

    if (this.frame.offset === undefined) eta.fill(0);
    else eta.set(this.frame.offset);
    for (let k = 0; k < p; k++) {
      const beta = x[k];
      if (beta === 0) continue;
      const column = k * n;
      for (let i = 0; i < n; i++) eta[i] += X[column + i] * beta;
    }
    a.fill(0);
    // η is not needed after the pass: it is overwritten by the residuals r_i for ∂/∂β.
    let lp = binomialRowPass(this.structure, y, trials, eta, b, gradient === null ? null : a, gradient === null ? null : eta);
    // Priors.
    for (let k = 0; k < p; k++) lp -= (0.5 * x[k] * x[k]) / (betaScale[k] * betaScale[k]);
    for (const t of this.terms) {
      for (let r = 0; r < t.q; r++) {
        const tau = x[t.sdIndex + r];
        lp += halfStudentTLogDensity(Math.exp(tau), sdDf, sdScale).value + tau;
      }
      if (t.correlation !== null) lp += t.correlation.logDensity;
    }
    for (let k = zeta; k < this.dim; k++) lp -= 0.5 * x[k] * x[k];
    if (gradient === null) return lp;

    // ∂/∂β: X̃ᵀ r (r_i was stored in eta) − β/s².
    for (let k = 0; k < p; k++) {
      let s = 0;
      const column = k * n;
      for (let i = 0; i < n; i++) s += X[column + i] * eta[i];
      gradient[k] = s - x[k] / (betaScale[k] * betaScale[k]);
    }
    for (const t of this.terms) this.termGradient(t, x, gradient);
    return lp;
  }

  /** Gradient in the term's log σ, correlation values and ζ (a = Σ r z per level is in `this.a`). */
  private termGradient(t: TermBlock, x: Float64Array, gradient: Float64Array): void {
    const q = t.q;
    const zeta = this.zetaOffset;
    const a = this.a;
    const Lz = this.Lz;
    const L = t.correlation?.L ?? null;
    const m = (q * (q - 1)) / 2;
    for (let r = 0; r < q; r++) gradient[t.sdIndex + r] = 0;
    // ∂ℓ/∂L accumulated in a local q × q (lower) array.
    const dLikelihoodDL = m > 0 ? new Float64Array(q * q) : null;
    for (let j = 0; j < t.levels; j++) {
      const base = t.offset + j * q;
      // ∂/∂ζ = Aᵀ a − ζ
      for (let c = 0; c < q; c++) {
        let s = 0;
        for (let r = c; r < q; r++) s += t.A[c * q + r] * a[base + r];
        gradient[zeta + base + c] = s - x[zeta + base + c];
      }
      for (let r = 0; r < q; r++) {
        let s = 0;
        if (L === null) s = x[zeta + base + r];
        else for (let c = 0; c <= r; c++) s += L[c * q + r] * x[zeta + base + c];
        Lz[r] = s;
        gradient[t.sdIndex + r] += a[base + r] * s; // ∂ℓ/∂σ_r, scaled by σ_r below
      }
      if (dLikelihoodDL !== null) {
        for (let c = 0; c < q; c++) {
          for (let r = c; r < q; r++) dLikelihoodDL[c * q + r] += Math.exp(x[t.sdIndex + r]) * a[base + r] * x[zeta + base + c];
        }
      }
    }
    const { sdDf, sdScale } = this.priors;
    for (let r = 0; r < q; r++) {
      const sigma = Math.exp(x[t.sdIndex + r]);
      const prior = halfStudentTLogDensity(sigma, sdDf, sdScale).derivative;
      // d/dτ of ℓ + log p(σ) + τ, with σ = e^τ.
      gradient[t.sdIndex + r] = sigma * (gradient[t.sdIndex + r] + prior) + 1;
    }
    if (dLikelihoodDL !== null && t.correlation !== null) {
      const { dL, dLogDensity } = t.correlation;
      const qq = q * q;
      for (let l = 0; l < m; l++) {
        let s = dLogDensity[l];
        for (let c = 0; c < q; c++) for (let r = c; r < q; r++) s += dLikelihoodDL[c * q + r] * dL[l * qq + c * q + r];
        gradient[t.correlationIndex + l] = s;
      }
    }
  }
}
