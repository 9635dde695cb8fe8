/**
 * The approximate marginal log-likelihood ℓ(θ), θ = (β, ψ), of a binomial-logit GLMM with one grouping
 * factor and q correlated random effects per cluster, with its exact gradient.
 *
 * Spherical random effects as in lme4 (Bates et al.; Ruth, §2): b_j = L u_j, u_j ~ N(0, I), Σ = L Lᵀ.
 * Per cluster j, with η_i = x_iᵀβ + z_iᵀ L u and h_j(u) = Σ_i f_i(η_i) − ½ uᵀu:
 *   Laplace:   ℓ_j = h_j(û_j) − ½ log det H_j,      H_j = I + Lᵀ (Σ_i w_i z_i z_iᵀ) L,
 *   AGQ (q=1): ℓ_j = log σ̂_j + log Σ_k ω_k exp(h_j(û_j + σ̂_j z_k) + z_k²/2),  σ̂_j = H_j^{-1/2},
 * where (z_k, ω_k) is the standard-normal Gauss–Hermite rule; for one node AGQ is Laplace.
 * The modes û_j come from PIRLS (`conditional-modes.ts`), warm-started from the previous evaluation.
 * The gradient is exact: the total derivative through û(θ) (implicit function theorem) and, for AGQ,
 * through σ̂(θ); see `laplace-gradient.ts` and `adaptive-quadrature.ts` for the formulas.
 */
import type { ModelFrame } from "@glmmkit/core";
import { binomialLogLikConstant, choleskyFactorFromPsi, GlmmInputError } from "@glmmkit/core";
import { standardNormalRule } from "@glmmkit/math";
import { clusterLayout, type ClusterLayout } from "./cluster-layout.js";
import { solveConditionalModes, type ModeWorkspace, createModeWorkspace } from "./conditional-modes.js";
import { laplaceClusterGradient } from "./laplace-gradient.js";
import { adaptiveQuadratureCluster, createQuadratureWorkspace, type QuadratureWorkspace } from "./adaptive-quadrature.js";
import { createScalarHessianScratch, scalarLaplaceHessian, type ScalarHessianScratch } from "./scalar-laplace-hessian.js";

export interface GlmmLikelihoodOptions {
  /** Number of adaptive Gauss–Hermite nodes; 1 (the default) is the Laplace approximation. */
  readonly nAGQ?: number;
  /** PIRLS stops when max |∂h/∂u| falls below this (default 1e-10). */
  readonly modeTolerance?: number;
}

export interface PirlsStatistics {
  /** Total PIRLS Newton iterations in the last evaluation. */
  readonly iterations: number;
  /** Clusters whose PIRLS did not reach the tolerance in the last evaluation. */
  readonly unconvergedClusters: number;
}

export class GlmmLikelihood {
  readonly layout: ClusterLayout;
  readonly nAGQ: number;
  /** dim θ = p + q(q+1)/2. */
  readonly dim: number;
  /** Σ log C(m_i, y_i): part of the log-likelihood, constant in θ. */
  readonly binomialConstant: number;
  readonly modeTolerance: number;

  private readonly L: Float64Array;
  private readonly linearPredictorFixed: Float64Array;
  private readonly modes: Float64Array;
  private readonly modeWorkspace: ModeWorkspace;
  private readonly quadrature: QuadratureWorkspace | null;
  private readonly gradientScratch: Float64Array;
  private readonly scalarHessianScratch: ScalarHessianScratch | null;
  private lastPirls: PirlsStatistics = { iterations: 0, unconvergedClusters: 0 };
  /** θ of the last evaluation: the workspace (modes, weights, factors) describes this point. */
  private readonly evaluatedAt: Float64Array;

  constructor(frame: ModelFrame, options: GlmmLikelihoodOptions = {}) {
    this.layout = clusterLayout(frame);
    const { q, n, J } = this.layout;
    this.nAGQ = options.nAGQ ?? 1;
    if (!Number.isInteger(this.nAGQ) || this.nAGQ < 1 || this.nAGQ > 200) {
      throw new Error(`nAGQ must be an integer between 1 and 200, got ${this.nAGQ}`);
    }
    if (this.nAGQ > 1 && q !== 1) {
      throw new GlmmInputError(
        "option",
        `adaptive Gauss–Hermite quadrature (nAGQ > 1) needs a single scalar random effect; this term "${this.layout.term.group}" has ${q}`,
      );
    }
    this.modeTolerance = options.modeTolerance ?? 1e-10;
    this.dim = this.layout.p + (q * (q + 1)) / 2;
    this.binomialConstant = binomialLogLikConstant(frame);
    this.L = new Float64Array(q * q);
    this.linearPredictorFixed = new Float64Array(n);
    this.modes = new Float64Array(J * q);
    this.modeWorkspace = createModeWorkspace(this.layout);
    this.quadrature = this.nAGQ > 1 ? createQuadratureWorkspace(this.layout, standardNormalRule(this.nAGQ)) : null;
    this.gradientScratch = new Float64Array(n);
    this.evaluatedAt = new Float64Array(this.dim).fill(Number.NaN);
    this.scalarHessianScratch = q === 1 && this.nAGQ === 1 ? createScalarHessianScratch(this.layout) : null;
  }

  /** True when `hessian` is computed analytically (scalar random effect, Laplace). */
  get exactHessian(): boolean {
    return this.scalarHessianScratch !== null;
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
   * ∇²ℓ(θ): exact for a scalar random effect under Laplace (scalar-laplace-hessian.ts); otherwise
   * central differences of the exact gradient (as lme4 differentiates its deviance numerically for
   * standard errors). Each perturbed evaluation warm-starts PIRLS at the current modes, which are
   * restored afterwards so the result does not depend on the order of evaluation.
   */
  hessian(theta: Float64Array, out: Float64Array): void {
    if (this.scalarHessianScratch !== null) {
      // Newton asks for the Hessian right after the gradient at the same θ: reuse that PIRLS state.
      if (!this.isEvaluatedAt(theta)) this.evaluate(theta, null);
      scalarLaplaceHessian(this.layout, this.L[0]!, this.modes, this.modeWorkspace, this.scalarHessianScratch, out);
      return;
    }
    this.differenceHessian(theta, out);
  }

  /** ∇²ℓ(θ) by central differences of the exact gradient (any q, any nAGQ). */
  differenceHessian(theta: Float64Array, out: Float64Array): void {
    const d = this.dim;
    const saved = this.modes.slice();
    const point = theta.slice();
    const plus = new Float64Array(d);
    const minus = new Float64Array(d);
    for (let k = 0; k < d; k++) {
      const h = 1e-4 * Math.max(1, Math.abs(theta[k]!));
      point[k] = theta[k]! + h;
      this.modes.set(saved);
      this.evaluate(point, plus);
      point[k] = theta[k]! - h;
      this.modes.set(saved);
      this.evaluate(point, minus);
      point[k] = theta[k]!;
      for (let r = 0; r < d; r++) out[k * d + r] = (plus[r]! - minus[r]!) / (2 * h);
    }
    for (let c = 0; c < d; c++) {
      for (let r = c + 1; r < d; r++) {
        const s = 0.5 * (out[c * d + r]! + out[r * d + c]!);
        out[c * d + r] = s;
        out[r * d + c] = s;
      }
    }
    this.modes.set(saved);
    this.evaluate(theta, null);
  }

  /** PIRLS statistics of the last evaluation. */
  pirlsStatistics(): PirlsStatistics {
    return this.lastPirls;
  }

  /** Conditional modes of the last evaluation on the b = L u scale, cluster-major (J × q, row-major). */
  conditionalModes(): Float64Array {
    const { q, J } = this.layout;
    const b = new Float64Array(J * q);
    for (let j = 0; j < J; j++) {
      for (let r = 0; r < q; r++) {
        let s = 0;
        for (let c = 0; c <= r; c++) s += this.L[c * q + r]! * this.modes[j * q + c]!;
        b[j * q + r] = s;
      }
    }
    return b;
  }

  /** Conditional modes on the spherical u scale (a copy). */
  sphericalModes(): Float64Array {
    return this.modes.slice();
  }

  /** Restart PIRLS from u = 0 at the next evaluation. */
  resetModes(): void {
    this.modes.fill(0);
    this.evaluatedAt.fill(Number.NaN);
  }

  private isEvaluatedAt(theta: Float64Array): boolean {
    for (let k = 0; k < this.dim; k++) if (!Object.is(theta[k], this.evaluatedAt[k])) return false;
    return true;
  }

  private evaluate(theta: Float64Array, gradient: Float64Array | null): number {
    const { n, p, q, J, X } = this.layout;
    if (theta.length !== this.dim) throw new Error(`θ has length ${theta.length}, expected ${this.dim}`);
    for (let k = 0; k < this.dim; k++) {
      if (!Number.isFinite(theta[k]!)) return Number.NaN;
    }
    this.evaluatedAt.set(theta);
    choleskyFactorFromPsi(theta, p, q, this.L);
    const a = this.linearPredictorFixed;
    a.fill(0);
    for (let c = 0; c < p; c++) {
      const beta = theta[c]!;
      if (beta === 0) continue;
      const col = c * n;
      for (let i = 0; i < n; i++) a[i] += beta * X[col + i]!;
    }

    const ws = this.modeWorkspace;
    const stats = solveConditionalModes(this.layout, a, this.L, this.modes, ws, this.modeTolerance);
    this.lastPirls = stats;

    let logLik = this.binomialConstant;
    const rowCoefficient = this.gradientScratch;
    if (gradient !== null) gradient.fill(0);
    const psiGradient = gradient === null ? null : gradient.subarray(p);

    for (let j = 0; j < J; j++) {
      if (this.quadrature === null) {
        logLik += ws.clusterH[j]! - 0.5 * ws.clusterLogDet[j]!;
        if (gradient !== null) {
          laplaceClusterGradient(this.layout, j, this.L, this.modes, ws, rowCoefficient, psiGradient!);
        }
      } else {
        logLik += adaptiveQuadratureCluster(
          this.layout,
          j,
          a,
          this.L[0]!,
          this.modes[j]!,
          ws,
          this.quadrature,
          gradient === null ? null : rowCoefficient,
          psiGradient,
        );
      }
    }
    if (gradient !== null) {
      // ∂ℓ/∂β_c = Σ_i x_ic s_i with the per-row coefficients s_i collected above.
      for (let c = 0; c < p; c++) {
        const col = c * n;
        let s = 0;
        for (let i = 0; i < n; i++) s += X[col + i]! * rowCoefficient[i]!;
        gradient[c] = s;
      }
    }
    return logLik;
  }
}
