/**
 * The approximate marginal log-likelihood ℓ(θ), θ = (β, ψ), of a binomial GLMM (any of the five links,
 * with an offset) with its exact gradient, for any number of random-effects terms.
 *
 * Spherical random effects as in lme4 (Bates et al. 2015; Ruth, §2): b = Λu, u ~ N(0, I), each term's
 * covariance Σ_t = L_t L_tᵀ with L_t from ψ (log-Cholesky). With h(u) = Σ_i f_i(η_i) − ½ uᵀu and
 * η = Xβ + ZΛu, the Laplace approximation is ℓ = h(û) − ½ log det H(û), H = ΛᵀZᵀWZΛ + I; for one scalar
 * term, adaptive Gauss–Hermite quadrature replaces it when nAGQ > 1.
 *
 * Two engines (likelihood-engine.ts): one grouping factor uses J independent q×q problems
 * (cluster-likelihood.ts, with quadrature and an exact Hessian); several terms use one sparse
 * penalised system (sparse-likelihood.ts). Both are exact; `engine: "sparse"` forces the general one for
 * a single term (tests check that the two agree).
 */
import { symmetriseInPlace } from "@glmmkit/linalg";
import type { ModelFrame } from "@glmmkit/core";
import { binomialLogLikConstant } from "@glmmkit/core";
import { ClusterLikelihood } from "./cluster-likelihood.js";
import type { LikelihoodEngine, PirlsStatistics } from "./likelihood-engine.js";
import type { FactorisationFactory } from "./penalised-system.js";
import { defaultFactorisation } from "./default-factorisation.js";
import { SparseLikelihood } from "./sparse-likelihood.js";
import { RecentEvaluations } from "./recent-evaluations.js";
import type { LinkName } from "@glmmkit/math";

export type { PirlsStatistics } from "./likelihood-engine.js";

/** Options of GlmmLikelihood. */
export interface GlmmLikelihoodOptions {
  /** Number of adaptive Gauss–Hermite nodes; 1 (the default) is the Laplace approximation. */
  readonly nAGQ?: number;
  /** PIRLS stops when max |∂h/∂u| falls below this (default 1e-10). */
  readonly modeTolerance?: number;
  /** "auto" (default): the cluster engine for one term, the sparse engine otherwise. */
  readonly engine?: "auto" | "cluster" | "sparse";
  /** The factorisation behind the sparse engine's penalised system (default: sparse Cholesky). */
  readonly factorisation?: FactorisationFactory;
  /** Binomial link (default logit). */
  readonly link?: LinkName;
}

/** The GLMM log-likelihood in θ (Laplace or adaptive Gauss–Hermite) with exact derivatives. */
export class GlmmLikelihood {
  readonly nAGQ: number;
  /** dim θ = p + Σ_t q_t(q_t + 1)/2. */
  readonly dim: number;
  /** Σ log C(m_i, y_i): part of the log-likelihood, constant in θ. */
  readonly binomialConstant: number;
  readonly modeTolerance: number;
  /** Which engine evaluates ℓ: "cluster" (one grouping factor) or "sparse" (any terms). */
  readonly engineName: "cluster" | "sparse";
  readonly link: LinkName;
  private readonly engine: LikelihoodEngine;
  /** θ of the last evaluation asked for: the engine's state (modes, weights, factors) describes it unless `engineStale`. */
  private readonly evaluatedAt: Float64Array;
  /** ℓ at `evaluatedAt`. */
  private lastValue = Number.NaN;
  /** ∇ℓ at `evaluatedAt`, when that evaluation computed it (`hasLastGradient`). */
  private readonly lastGradient: Float64Array;
  private hasLastGradient = false;
  /**
   * True when the engine's state describes another point than `evaluatedAt`: a differenced Hessian moved it
   * to nearby points, or the value and gradient at `evaluatedAt` came from `recent`. The cached value and
   * gradient still describe `evaluatedAt`, its modes are `modesAtEvaluated`, and the engine is brought
   * back there (PIRLS from those modes) only when its state is read — not after every Hessian, since the
   * next evaluation of a minimiser is usually elsewhere.
   */
  private engineStale = false;
  private readonly modesAtEvaluated: Float64Array;
  private readonly recent: RecentEvaluations;
  /** True while a differenced Hessian evaluates its perturbed points. */
  private perturbing = false;

  constructor(frame: ModelFrame, options: GlmmLikelihoodOptions = {}) {
    this.nAGQ = options.nAGQ ?? 1;
    if (!Number.isInteger(this.nAGQ) || this.nAGQ < 1 || this.nAGQ > 200) {
      throw new Error(`nAGQ must be an integer between 1 and 200, got ${this.nAGQ}`);
    }
    if (frame.terms.length === 0) throw new Error("the GLMM likelihood needs at least one random-effects term");
    this.modeTolerance = options.modeTolerance ?? 1e-10;
    const choice = options.engine ?? "auto";
    const sparse = choice === "sparse" || (choice === "auto" && frame.terms.length > 1);
    if (sparse && this.nAGQ > 1) {
      throw new Error(
        `adaptive Gauss–Hermite quadrature (nAGQ > 1) needs a single scalar random-effects term; this model has ${frame.terms.length} terms`,
      );
    }
    this.binomialConstant = binomialLogLikConstant(frame);
    this.link = options.link ?? "logit";
    this.engine = sparse
      ? new SparseLikelihood(frame, options.factorisation ?? defaultFactorisation, this.modeTolerance, this.binomialConstant, this.link)
      : new ClusterLikelihood(frame, this.nAGQ, this.modeTolerance, this.binomialConstant, this.link);
    this.engineName = sparse ? "sparse" : "cluster";
    this.dim = this.engine.dim;
    this.evaluatedAt = new Float64Array(this.dim).fill(Number.NaN);
    this.lastGradient = new Float64Array(this.dim);
    this.modesAtEvaluated = new Float64Array(this.engine.modes.length);
    this.recent = new RecentEvaluations(3, this.dim, this.engine.modes.length);
  }

  /** True when `hessian` is computed analytically (logit link, one grouping factor: Laplace for any q, quadrature for q = 1). */
  get exactHessian(): boolean {
    return this.engine.hasExactHessian;
  }

  /** ℓ(θ). */
  logLik(theta: Float64Array): number {
    return this.evaluate(theta, null);
  }

  /** ℓ(θ), writing ∇ℓ(θ) into `gradient`. */
  logLikAndGradient(theta: Float64Array, gradient: Float64Array): number {
    return this.evaluate(theta, gradient);
  }

  /**
   * ∇²ℓ(θ): exact for one grouping factor (Laplace with any q, adaptive quadrature for a scalar term;
   * see cluster-likelihood.ts); otherwise (several terms) central differences of the exact gradient (as
   * lme4 differentiates its deviance numerically for standard errors). Each perturbed evaluation warm-starts PIRLS at the current modes, which are
   * restored before each perturbation so the result does not depend on the order of evaluation.
   */
  hessian(theta: Float64Array, out: Float64Array): void {
    if (this.engine.hasExactHessian) {
      // Newton asks for the Hessian right after the gradient at the same θ: reuse that PIRLS state.
      if (!this.isEvaluatedAt(theta)) this.evaluate(theta, null);
      this.syncEngine();
      this.engine.exactHessianAtLastPoint(out);
      return;
    }
    this.differenceHessian(theta, out);
  }

  /**
   * A cheaper ∇²ℓ(θ) for choosing Newton steps: exact when the engine has an exact Hessian, otherwise
   * forward differences of the exact gradient (dim evaluations instead of 2·dim; error O(h) ≈ 1e-4
   * relative, which a step can afford but a standard error should not).
   */
  stepHessian(theta: Float64Array, out: Float64Array): void {
    if (this.engine.hasExactHessian) {
      this.hessian(theta, out);
      return;
    }
    const d = this.dim;
    const modes = this.engine.modes;
    const base = new Float64Array(d);
    const value = this.evaluate(theta, base);
    const saved = this.modesForPerturbations();
    const point = theta.slice();
    const plus = new Float64Array(d);
    for (let k = 0; k < d; k++) {
      const h = 1e-5 * Math.max(1, Math.abs(theta[k]!));
      this.gradientWithShift(point, k, h, saved, plus);
      for (let r = 0; r < d; r++) out[k * d + r] = (plus[r]! - base[r]!) / h;
    }
    symmetriseInPlace(out, d);
    modes.set(saved);
    this.leaveEngineAwayFrom(theta, value, base, saved);
  }

  /** ∇²ℓ(θ) by central differences of the exact gradient (any model, any nAGQ). */
  differenceHessian(theta: Float64Array, out: Float64Array): void {
    const d = this.dim;
    // The value and gradient at θ, when known, stay valid after the perturbations.
    if (!this.isEvaluatedAt(theta)) this.recall(theta);
    const centre = this.isEvaluatedAt(theta) && this.hasLastGradient ? { value: this.lastValue, gradient: this.lastGradient.slice() } : null;
    const modes = this.engine.modes;
    const saved = centre === null ? modes.slice() : this.modesForPerturbations();
    const point = theta.slice();
    const plus = new Float64Array(d);
    const minus = new Float64Array(d);
    for (let k = 0; k < d; k++) {
      const h = 1e-4 * Math.max(1, Math.abs(theta[k]!));
      this.gradientWithShift(point, k, h, saved, plus);
      this.gradientWithShift(point, k, -h, saved, minus);
      for (let r = 0; r < d; r++) out[k * d + r] = (plus[r]! - minus[r]!) / (2 * h);
    }
    symmetriseInPlace(out, d);
    modes.set(saved);
    if (centre !== null) this.leaveEngineAwayFrom(theta, centre.value, centre.gradient, saved);
    else this.evaluate(theta, null);
  }

  /**
   * ∇ℓ at `point` with entry k moved by h (restored on return), PIRLS warm-started from `saved`: one perturbed
   * point of a differenced Hessian, which `recent` does not keep (it is never asked for again).
   */
  private gradientWithShift(point: Float64Array, k: number, h: number, saved: Float64Array, out: Float64Array): void {
    const original = point[k]!;
    point[k] = original + h;
    this.engine.modes.set(saved);
    this.perturbing = true;
    try {
      this.evaluate(point, out);
    } finally {
      this.perturbing = false;
      point[k] = original;
    }
  }

  /**
   * The modes at `evaluatedAt`, where a differenced Hessian starts. When the engine is elsewhere, its
   * prediction from there would be worse than these exact modes: it starts from them instead.
   */
  private modesForPerturbations(): Float64Array {
    if (!this.engineStale) return this.engine.modes.slice();
    this.engine.resetWarmStart();
    return this.modesAtEvaluated.slice();
  }

  /**
   * After a differenced Hessian at θ: the caller's next question is about θ (its value and gradient are
   * cached here) or about a new point; the engine's state (modes, factor) is restored to θ lazily, by
   * `syncEngine`, when something reads it.
   */
  private leaveEngineAwayFrom(theta: Float64Array, value: number, gradient: Float64Array, modes: Float64Array): void {
    this.evaluatedAt.set(theta);
    this.lastValue = value;
    this.lastGradient.set(gradient);
    this.hasLastGradient = true;
    this.modesAtEvaluated.set(modes);
    this.engineStale = true;
  }

  /** Bring the engine's state back to `evaluatedAt` (see engineStale): PIRLS from the modes found there. */
  private syncEngine(): void {
    if (!this.engineStale) return;
    this.engineStale = false;
    this.engine.modes.set(this.modesAtEvaluated);
    this.engine.resetWarmStart();
    this.engine.evaluate(this.evaluatedAt, null);
  }

  /** PIRLS statistics of the last evaluation. */
  pirlsStatistics(): PirlsStatistics {
    this.syncEngine();
    return this.engine.pirlsStatistics();
  }

  /** Conditional modes of the last evaluation on the b = Λu scale, per term (levels × q, row-major). */
  conditionalModesByTerm(): Float64Array[] {
    this.syncEngine();
    return this.engine.conditionalModesByTerm();
  }

  /**
   * Conditional covariances of b at the last evaluation, per term (levels × q × q, column-major blocks):
   * Λ_t (H⁻¹)_jj Λ_tᵀ, lme4's condVar; their diagonal square roots are the conditional SDs.
   */
  conditionalCovariancesByTerm(): Float64Array[] {
    this.syncEngine();
    return this.engine.conditionalCovariancesByTerm();
  }

  /** Conditional modes of the last evaluation on the b scale, every term's in turn (levels × q each). */
  conditionalModes(): Float64Array {
    this.syncEngine();
    const parts = this.engine.conditionalModesByTerm();
    if (parts.length === 1) return parts[0]!;
    const out = new Float64Array(parts.reduce((s, b) => s + b.length, 0));
    let at = 0;
    for (const b of parts) {
      out.set(b, at);
      at += b.length;
    }
    return out;
  }

  /** Conditional modes on the spherical u scale (a copy). */
  sphericalModes(): Float64Array {
    this.syncEngine();
    return this.engine.modes.slice();
  }

  /** Restart PIRLS from u = 0 at the next evaluation. */
  resetModes(): void {
    this.engine.modes.fill(0);
    this.engine.resetWarmStart();
    this.evaluatedAt.fill(Number.NaN);
    this.engineStale = false;
    this.recent.clear();
  }

  private isEvaluatedAt(theta: Float64Array): boolean {
    for (let k = 0; k < this.dim; k++) if (!Object.is(theta[k], this.evaluatedAt[k])) return false;
    return true;
  }

  private evaluate(theta: Float64Array, gradient: Float64Array | null): number {
    if (theta.length !== this.dim) throw new Error(`θ has length ${theta.length}, expected ${this.dim}`);
    for (let k = 0; k < this.dim; k++) {
      if (!Number.isFinite(theta[k]!)) return Number.NaN;
    }
    // The engine's state describes the last θ: asking for the value there again costs nothing, and for the
    // gradient too when that evaluation computed it (a differenced Hessian starts at the point Newton has
    // just evaluated; a repeated evaluation would reproduce the same bits at the cost of a selected inverse).
    if (this.isEvaluatedAt(theta)) {
      if (gradient === null) return this.lastValue;
      if (this.hasLastGradient) {
        gradient.set(this.lastGradient);
        return this.lastValue;
      }
    }
    if (this.recall(theta)) {
      if (gradient !== null) gradient.set(this.lastGradient);
      return this.lastValue;
    }
    this.evaluatedAt.set(theta);
    this.engineStale = false;
    this.lastValue = this.engine.evaluate(theta, gradient);
    this.hasLastGradient = gradient !== null;
    if (gradient !== null) {
      this.lastGradient.set(gradient);
      // A differenced Hessian's perturbed points are never asked for again: they would only push out the
      // points a minimiser returns to.
      if (!this.perturbing) this.recent.remember(theta, this.lastValue, gradient, this.engine.modes);
    }
    return this.lastValue;
  }

  /** Make θ the current point from `recent` when it is there (the engine stays where it is); true if found. */
  private recall(theta: Float64Array): boolean {
    const known = this.recent.find(theta);
    if (known === null) return false;
    this.leaveEngineAwayFrom(theta, known.value, known.gradient, known.modes);
    return true;
  }
}
