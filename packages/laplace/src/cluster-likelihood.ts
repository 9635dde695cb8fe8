/**
 * The likelihood engine for one grouping factor with q correlated effects per cluster (Laplace, or
 * adaptive Gauss–Hermite for q = 1). Per cluster j, with η_i = offset_i + x_iᵀβ + z_iᵀ L u and
 * h_j(u) = Σ_i f_i(η_i) − ½ uᵀu (f the binomial log-likelihood under the model's link):
 *   Laplace:   ℓ_j = h_j(û_j) − ½ log det H_j,      H_j = I + Lᵀ (Σ_i w_i z_i z_iᵀ) L,
 *   AGQ (q=1): ℓ_j = log σ̂_j + log Σ_k ω_k exp(h_j(û_j + σ̂_j z_k) + z_k²/2),  σ̂_j = H_j^{-1/2},
 * with w_i the PIRLS weights m ω(η_i) at the mode (lme4's; for logit also −f″, otherwise the expected
 * rather than the observed information, see laplace-gradient.ts),
 * where (z_k, ω_k) is the standard-normal Gauss–Hermite rule; for one node AGQ is Laplace. Given θ the
 * clusters are independent, so PIRLS is J small Newton problems (`conditional-modes.ts`), warm-started
 * from the previous evaluation; the gradient is exact (`laplace-gradient.ts`, `adaptive-quadrature.ts`),
 * and so is the Hessian, at the cost of a few gradient passes: `scalar-laplace-hessian.ts` for a scalar
 * Laplace term (the fastest there), `laplace-hessian.ts` for any q, `quadrature-hessian.ts` for nAGQ > 1.
 * All scratch memory belongs to the instance.
 */
import type { ModelFrame } from "@glmmkit/core";
import { choleskyFactorFromPsi } from "@glmmkit/core";
import { standardNormalRule } from "@glmmkit/math";
import { clusterLayout, type ClusterLayout } from "./cluster-layout.js";
import { solveConditionalModes, type ModeWorkspace, createModeWorkspace } from "./conditional-modes.js";
import { createGradientScratch, laplaceClusterGradient, type GradientScratch } from "./laplace-gradient.js";
import { linkRows } from "./link-rows.js";
import type { LinkName } from "@glmmkit/math";
import { adaptiveQuadratureCluster, createQuadratureWorkspace, type QuadratureWorkspace } from "./adaptive-quadrature.js";
import { createScalarHessianScratch, scalarLaplaceHessian, type ScalarHessianScratch } from "./scalar-laplace-hessian.js";
import { LaplaceHessian } from "./laplace-hessian.js";
import { QuadratureHessian } from "./quadrature-hessian.js";
import type { LikelihoodEngine, PirlsStatistics } from "./likelihood-engine.js";
import { solveWithCholesky } from "@glmmkit/linalg";
import { congruence } from "./congruence.js";

export class ClusterLikelihood implements LikelihoodEngine {
  readonly layout: ClusterLayout;
  readonly dim: number;
  readonly modes: Float64Array;
  private readonly L: Float64Array;
  private readonly linearPredictorFixed: Float64Array;
  private readonly modeWorkspace: ModeWorkspace;
  private readonly quadrature: QuadratureWorkspace | null;
  private readonly gradientScratch: Float64Array;
  private readonly clusterGradientScratch: GradientScratch;
  private readonly scalarHessianScratch: ScalarHessianScratch | null;
  private readonly laplaceHessian: LaplaceHessian | null;
  private readonly quadratureHessian: QuadratureHessian | null;
  private lastPirls: PirlsStatistics = { iterations: 0, unconvergedClusters: 0 };

  constructor(
    frame: ModelFrame,
    nAGQ: number,
    private readonly modeTolerance: number,
    /** Σ log C(m_i, y_i), added first (the order of summation of earlier releases). */
    private readonly binomialConstant: number,
    link: LinkName = "logit",
  ) {
    this.layout = clusterLayout(frame);
    const { q, n, J } = this.layout;
    if (nAGQ > 1 && q !== 1) {
      throw new Error(
        `adaptive Gauss–Hermite quadrature (nAGQ > 1) needs a single scalar random effect; this term "${this.layout.term.group}" has ${q}`,
      );
    }
    this.dim = this.layout.p + (q * (q + 1)) / 2;
    this.L = new Float64Array(q * q);
    this.linearPredictorFixed = new Float64Array(n);
    this.modes = new Float64Array(J * q);
    const rows = linkRows(link);
    this.modeWorkspace = createModeWorkspace(this.layout, rows);
    const rule = nAGQ > 1 ? standardNormalRule(nAGQ) : null;
    this.quadrature = rule === null ? null : createQuadratureWorkspace(this.layout, rule);
    this.gradientScratch = new Float64Array(n);
    this.clusterGradientScratch = createGradientScratch(q, rows.canonical);
    // The exact Hessians differentiate the logit f (f‴, f⁗); other links difference the exact gradient.
    // For q = 1 the scalar Laplace Hessian is the faster of the two (`laplace-hessian.test.ts` checks they agree).
    this.quadratureHessian = rule === null || !rows.canonical ? null : new QuadratureHessian(this.layout, rule);
    this.scalarHessianScratch = q === 1 && nAGQ === 1 && rows.canonical ? createScalarHessianScratch(this.layout) : null;
    this.laplaceHessian = q > 1 && nAGQ === 1 && rows.canonical ? new LaplaceHessian(this.layout) : null;
  }

  get hasExactHessian(): boolean {
    return this.scalarHessianScratch !== null || this.laplaceHessian !== null || this.quadratureHessian !== null;
  }

  exactHessianAtLastPoint(out: Float64Array): void {
    if (this.scalarHessianScratch !== null) {
      scalarLaplaceHessian(this.layout, this.L[0]!, this.modes, this.modeWorkspace, this.scalarHessianScratch, out);
    } else if (this.laplaceHessian !== null) {
      this.laplaceHessian.compute(this.L, this.modes, this.modeWorkspace, out);
    } else if (this.quadratureHessian !== null) {
      this.quadratureHessian.compute(this.linearPredictorFixed, this.L[0]!, this.modes, this.modeWorkspace, out);
    } else {
      throw new Error("no exact Hessian for this model");
    }
  }

  resetWarmStart(): void {
    // The per-cluster PIRLS starts from `modes` alone.
  }

  pirlsStatistics(): PirlsStatistics {
    return this.lastPirls;
  }

  conditionalModesByTerm(): Float64Array[] {
    const { q, J } = this.layout;
    const b = new Float64Array(J * q);
    for (let j = 0; j < J; j++) {
      for (let r = 0; r < q; r++) {
        let s = 0;
        for (let c = 0; c <= r; c++) s += this.L[c * q + r]! * this.modes[j * q + c]!;
        b[j * q + r] = s;
      }
    }
    return [b];
  }

  conditionalCovariancesByTerm(): Float64Array[] {
    const { q, J } = this.layout;
    const out = new Float64Array(J * q * q);
    const inverse = new Float64Array(q * q);
    const unit = new Float64Array(q);
    for (let j = 0; j < J; j++) {
      const factor = this.modeWorkspace.clusterFactor.subarray(j * q * q, (j + 1) * q * q);
      for (let c = 0; c < q; c++) {
        unit.fill(0);
        unit[c] = 1;
        solveWithCholesky(factor, q, unit);
        for (let r = 0; r < q; r++) inverse[c * q + r] = unit[r]!;
      }
      congruence(this.L, inverse, q, out, j * q * q);
    }
    return [out];
  }

  evaluate(theta: Float64Array, gradient: Float64Array | null): number {
    const { n, p, q, J, X } = this.layout;
    choleskyFactorFromPsi(theta, p, q, this.L);
    const a = this.linearPredictorFixed;
    a.set(this.layout.offset);
    for (let c = 0; c < p; c++) {
      const beta = theta[c]!;
      if (beta === 0) continue;
      const col = c * n;
      for (let i = 0; i < n; i++) a[i] += beta * X[col + i]!;
    }

    const ws = this.modeWorkspace;
    this.lastPirls = solveConditionalModes(this.layout, a, this.L, this.modes, ws, this.modeTolerance);

    let logLik = this.binomialConstant;
    const rowCoefficient = this.gradientScratch;
    if (gradient !== null) gradient.fill(0);
    const psiGradient = gradient === null ? null : gradient.subarray(p);

    for (let j = 0; j < J; j++) {
      if (this.quadrature === null) {
        logLik += ws.clusterH[j]! - 0.5 * ws.clusterLogDet[j]!;
        if (gradient !== null) {
          laplaceClusterGradient(this.layout, j, this.L, this.modes, ws, rowCoefficient, psiGradient!, this.clusterGradientScratch);
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
