/**
 * The Laplace likelihood engine for any number of random-effects terms (crossed, nested, several terms
 * on one factor): one vector of spherical effects u over all terms, one sparse penalised system
 * H = ΛᵀZᵀWZΛ + I, joint PIRLS and the exact gradient through the selected inverse of H.
 *   ℓ(θ) = Σ_i f_i(η̂_i) − ½ ûᵀû − ½ log det H(û),   η = offset + Xβ + ZΛu   (Bates et al. 2015, eq. 21–23),
 * f the binomial log-likelihood under the model's link and H built with lme4's PIRLS weights m ω(η)
 * (for a non-canonical link a second system holds the observed information; joint-laplace-gradient.ts).
 * Adaptive Gauss–Hermite quadrature needs a single scalar term (as lme4); the cluster engine has it.
 */
import type { ModelFrame } from "@glmmkit/core";
import { choleskyFactorFromPsi } from "@glmmkit/core";
import { createJointGradientScratch, jointLaplaceGradient, type JointGradientScratch } from "./joint-laplace-gradient.js";
import { createJointModeWorkspace, penalisedH, solveJointModes, updateZTilde, type JointModeWorkspace } from "./joint-conditional-modes.js";
import type { LikelihoodEngine, PirlsStatistics } from "./likelihood-engine.js";
import { PenalisedSystem, type FactorisationFactory } from "./penalised-system.js";
import { randomEffectsStructure, type RandomEffectsStructure } from "./random-effects-structure.js";
import { patternEntryIndex } from "@glmmkit/linalg";
import type { LinkName } from "@glmmkit/math";
import { linkRows } from "./link-rows.js";
import { congruence } from "./congruence.js";

/** Largest change in any θ entry for which the next modes are predicted to first order (else chosen). */
const PREDICTION_RADIUS = 0.5;

export class SparseLikelihood implements LikelihoodEngine {
  readonly structure: RandomEffectsStructure;
  readonly dim: number;
  readonly modes: Float64Array;
  readonly hasExactHessian = false;
  private readonly factors: Float64Array[];
  private readonly linearPredictorFixed: Float64Array;
  private readonly system: PenalisedSystem;
  /** The observed-information system (the same object as `system` for logit). */
  private readonly observedSystem: PenalisedSystem;
  private readonly workspace: JointModeWorkspace;
  private readonly gradientScratch: JointGradientScratch;
  /** Λ, Xβ and û of the last evaluation, for the warm start of the next one. */
  private readonly previousFactors: Float64Array[];
  private readonly previousLinearPredictor: Float64Array;
  private readonly factorChanges: Float64Array[];
  private readonly previousModes: Float64Array;
  private readonly candidate: Float64Array;
  private readonly rowShift: Float64Array;
  private readonly previousTheta: Float64Array;
  private hasPrevious = false;
  private lastPirls: PirlsStatistics = { iterations: 0, unconvergedClusters: 0 };

  constructor(
    frame: ModelFrame,
    factory: FactorisationFactory,
    private readonly modeTolerance: number,
    private readonly binomialConstant: number,
    link: LinkName = "logit",
  ) {
    if (frame.terms.length === 0) throw new Error("the Laplace likelihood needs at least one random-effects term");
    this.structure = randomEffectsStructure(frame);
    const { p, Q, n, terms } = this.structure;
    this.dim = p + terms.reduce((s, t) => s + (t.q * (t.q + 1)) / 2, 0);
    this.modes = new Float64Array(Q);
    this.factors = terms.map(({ q }) => new Float64Array(q * q));
    this.previousFactors = terms.map(({ q }) => new Float64Array(q * q));
    this.previousLinearPredictor = new Float64Array(n);
    this.factorChanges = terms.map(({ q }) => new Float64Array(q * q));
    this.previousModes = new Float64Array(Q);
    this.candidate = new Float64Array(Q);
    this.rowShift = new Float64Array(this.structure.R);
    this.previousTheta = new Float64Array(this.dim);
    this.linearPredictorFixed = new Float64Array(n);
    this.system = new PenalisedSystem(this.structure, factory);
    const rows = linkRows(link);
    this.observedSystem = rows.canonical ? this.system : new PenalisedSystem(this.structure, factory);
    this.workspace = createJointModeWorkspace(this.structure, rows);
    this.gradientScratch = createJointGradientScratch(this.structure, this.system);
  }

  exactHessianAtLastPoint(): void {
    throw new Error("no exact Hessian for this model");
  }

  pirlsStatistics(): PirlsStatistics {
    return this.lastPirls;
  }

  conditionalModesByTerm(): Float64Array[] {
    return this.structure.terms.map(({ q, levels, offset }, t) => {
      const L = this.factors[t]!;
      const b = new Float64Array(levels * q);
      for (let j = 0; j < levels; j++) {
        for (let r = 0; r < q; r++) {
          let s = 0;
          for (let c = 0; c <= r; c++) s += L[c * q + r]! * this.modes[offset + j * q + c]!;
          b[j * q + r] = s;
        }
      }
      return b;
    });
  }

  /** Forget the previous evaluation: the next PIRLS starts from `modes` as they are (e.g. u = 0). */
  resetWarmStart(): void {
    this.hasPrevious = false;
  }

  /**
   * First-order prediction of the new modes from the last evaluation's (implicit function theorem):
   * û(θ₁) ≈ û₀ + H₀⁻¹ Δg, Δg = ∂g/∂θ·Δθ at u = û₀, g = Z̃ᵀf'(η) − u, so with Δη_i = Δ(Xβ)_i + Δz̃_iᵀû₀ and
   * Δz̃_i = ΔΛᵀz_i, Δg = Σ_i (f'_i Δz̃_i − w_i Δη_i z̃_i). H₀'s factor, the rows' f', w and z̃ are still
   * those of û₀, so it costs one pass over the rows and one solve; PIRLS then starts O(|Δθ|²) from the mode
   * (for the nearby points of a differenced Hessian or a short line-search step, usually converged already).
   */
  private predictModes(): void {
    const { n, R, rowPositions, rowZ, terms } = this.structure;
    const { zTilde, fPrime, w } = this.workspace;
    const u0 = this.previousModes;
    const delta = this.candidate;
    const shift = this.rowShift;
    const a = this.linearPredictorFixed;
    const a0 = this.previousLinearPredictor;
    // ΔL per term, once.
    terms.forEach(({ q }, t) => {
      const L1 = this.factors[t]!;
      const L0 = this.previousFactors[t]!;
      const dL = this.factorChanges[t]!;
      for (let k = 0; k < q * q; k++) dL[k] = L1[k]! - L0[k]!;
    });
    delta.fill(0);
    for (let i = 0; i < n; i++) {
      const base = i * R;
      let etaShift = a[i]! - a0[i]!;
      for (let t = 0; t < terms.length; t++) {
        const { q, rowOffset } = terms[t]!;
        const dL = this.factorChanges[t]!;
        for (let c = 0; c < q; c++) {
          let s = 0;
          for (let r = c; r < q; r++) s += dL[c * q + r]! * rowZ[base + rowOffset + r]!;
          shift[rowOffset + c] = s;
          etaShift += s * u0[rowPositions[base + rowOffset + c]!]!;
        }
      }
      const wEta = w[i]! * etaShift;
      const f1 = fPrime[i]!;
      for (let r = 0; r < R; r++) delta[rowPositions[base + r]!] += f1 * shift[r]! - wEta * zTilde[base + r]!;
    }
    this.system.solveInPlace(delta);
    for (let k = 0; k < delta.length; k++) this.modes[k] = u0[k]! + delta[k]!;
  }

  /**
   * Warm start for PIRLS after Λ changed: the previous spherical modes u, or the ones that keep the
   * previous b = Λu (u' = Λ'⁻¹Λu), whichever gives the larger h. When a variance grows far (a line search
   * probing σ ≫ 1) u would have to shrink by the same factor, which Newton from the old u reaches only by
   * many halved steps; when it shrinks, keeping u is right. One extra pass over the rows decides.
   */
  private chooseWarmStart(a: Float64Array): void {
    const { terms } = this.structure;
    const u = this.modes;
    const candidate = this.candidate;
    let differs = false;
    terms.forEach(({ q, levels, offset }, t) => {
      const oldL = this.previousFactors[t]!;
      const newL = this.factors[t]!;
      for (let j = 0; j < levels; j++) {
        const base = offset + j * q;
        // b = L_old u, then forward substitution L_new u' = b.
        for (let r = 0; r < q; r++) {
          let b = 0;
          for (let c = 0; c <= r; c++) b += oldL[c * q + r]! * u[base + c]!;
          for (let c = 0; c < r; c++) b -= newL[c * q + r]! * candidate[base + c]!;
          const value = b / newL[r * q + r]!;
          candidate[base + r] = Number.isFinite(value) ? value : u[base + r]!;
          if (candidate[base + r] !== u[base + r]) differs = true;
        }
      }
    });
    if (!differs) return;
    if (penalisedH(this.structure, a, candidate, this.workspace) > penalisedH(this.structure, a, u, this.workspace)) u.set(candidate);
  }

  conditionalCovariancesByTerm(): Float64Array[] {
    const { terms, pattern } = this.structure;
    const inverse = this.gradientScratch.selectedInverse;
    this.system.selectedInverse(inverse);
    return terms.map(({ q, levels, offset }, t) => {
      const out = new Float64Array(levels * q * q);
      const block = new Float64Array(q * q);
      for (let j = 0; j < levels; j++) {
        const base = offset + j * q;
        // A level's q effects share every row of that level, so their pairs are in H's pattern.
        for (let c = 0; c < q; c++) {
          for (let r = c; r < q; r++) {
            const v = inverse[patternEntryIndex(pattern, base + r, base + c)]!;
            block[c * q + r] = v;
            block[r * q + c] = v;
          }
        }
        congruence(this.factors[t]!, block, q, out, j * q * q);
      }
      return out;
    });
  }

  evaluate(theta: Float64Array, gradient: Float64Array | null): number {
    const { n, p, X, terms } = this.structure;
    terms.forEach(({ q, psiOffset }, t) => choleskyFactorFromPsi(theta, psiOffset, q, this.factors[t]!));
    const a = this.linearPredictorFixed;
    a.set(this.structure.offset);
    for (let c = 0; c < p; c++) {
      const beta = theta[c]!;
      if (beta === 0) continue;
      const col = c * n;
      for (let i = 0; i < n; i++) a[i] += beta * X[col + i]!;
    }
    // Near the last point, predict the modes before the rows and z̃ move on to θ.
    let step = 0;
    for (let k = 0; k < this.dim && this.hasPrevious; k++) step = Math.max(step, Math.abs(theta[k]! - this.previousTheta[k]!));
    const predicted = this.hasPrevious && step <= PREDICTION_RADIUS;
    if (predicted) this.predictModes();
    const ws = this.workspace;
    updateZTilde(this.structure, this.factors, ws.zTilde);
    if (this.hasPrevious && !predicted) this.chooseWarmStart(a);
    this.lastPirls = solveJointModes(this.structure, a, this.modes, this.system, this.observedSystem, ws, this.modeTolerance);
    this.factors.forEach((L, t) => this.previousFactors[t]!.set(L));
    this.previousLinearPredictor.set(a);
    this.previousTheta.set(theta);
    this.previousModes.set(this.modes);
    this.hasPrevious = true;
    if (gradient !== null) {
      jointLaplaceGradient(this.structure, this.factors, this.modes, ws, this.system, this.observedSystem, this.gradientScratch, gradient);
    }
    return this.binomialConstant + ws.h - 0.5 * this.system.logDet();
  }
}
