/**
 * The per-chain work of one IMSA or ScoreSA iteration for a binomial-logit GLMM with any number of
 * random-effects terms (Song & Tan 2022, Algorithms 3–5, Appendix A), for a set of chains that may be all of
 * them or the share of one worker thread:
 *
 *  imputation  every chain moves N MALA steps on f(b | y; θ_{t−1}) from where it stopped; after T0
 *              iterations the proposal is preconditioned by [∇²Q(0)]⁻¹ at θ_{t−1} (random-effects-precision.ts).
 *  IMSA        the chain's M-step: β†_j = the ML fit of the GLM of y on X with offset Zb_j, and per term
 *              Σ†_j = (1/J) Σ_l b_l b_lᵀ (σ² = bᵀb/J for a scalar term), on the run's scale — vech(Σ) for
 *              "variance", the log-Cholesky ψ (½ log σ²† for a scalar term) for "log-sd".
 *  ScoreSA     the chain's complete-data score at θ_{t−1} = (β, ψ): Xᵀ(y − mμ) and ∂f/∂ψ of each term.
 *  Algorithm 6 on request, the chain's complete-data information −∇² log f(y, b_j; θ_{t−1}) on the run's
 *              scale (XᵀWX for β, variance-component-likelihood.ts for each term).
 *
 * Chain j draws from the stream keyed "chain j" under the run's seed, whatever group it is in, so splitting the
 * chains across threads cannot change a bit of any chain's path; the caller averages the contributions in
 * chain order.
 */
import type { ModelFrame } from "@glmmkit/core";
import { binomialLogitRow, type RowDerivatives } from "@glmmkit/laplace";
import { choleskyInPlace } from "@glmmkit/linalg";
import { createRng, tableExp } from "@glmmkit/math";
import { defaultMalaStepSize, MalaSampler } from "@glmmkit/optimizers";
import { ConditionalRandomEffects } from "./conditional-random-effects.js";
import { RandomEffectsPrecision } from "./random-effects-precision.js";
import type { SaParameterLayout } from "./sa-parameter-layout.js";
import {
  blockEntries,
  blockSize,
  covarianceScoreAndInformation,
  logCholeskyScoreAndInformation,
  lowerInverse,
} from "./variance-component-likelihood.js";

/** β† = argmax of the GLM log-likelihood with offset Zb, warm-started at `start`, written into `out`. */
export type BetaMaximiser = (offset: Float64Array, start: Float64Array, out: Float64Array) => void;

export interface SaChainSettings {
  readonly rule: "imsa" | "scoresa";
  /** Total number of chains m of the run (the group may hold fewer). */
  readonly chains: number;
  /** MALA steps per iteration and chain (N of Algorithm 5). */
  readonly malaSteps: number;
  /** Iterations of plain MALA before the preconditioner is used (T0). */
  readonly preconditionAfter: number;
  readonly targetAcceptance: number;
  readonly seed: string;
}

/** What one chain contributes to iteration t. */
export interface ChainContribution {
  readonly chain: number;
  /** Acceptance rate of the chain's N MALA steps. */
  readonly acceptance: number;
  /** IMSA: the chain's M-step θ†_j on the run's scale; ScoreSA: its complete-data score. */
  readonly direction: Float64Array;
  /** The complete-data information at θ_{t−1} (dim × dim), when asked for. */
  readonly information: Float64Array | null;
  /**
   * Why this iteration could not be computed (a diverging run took θ where f(b | y; θ) or ∇²Q(0) is not
   * finite); the direction is then NaN, so the driver stops and the fit says why — in any thread.
   */
  readonly failure?: string;
}

export class SaChainGroup {
  readonly dim: number;
  readonly target: ConditionalRandomEffects;
  readonly sampler: MalaSampler;
  private readonly precision: RandomEffectsPrecision;
  private preconditioned = false;
  private readonly factors: Float64Array[];
  private readonly precisions: Float64Array[];
  private readonly sigmas: Float64Array[];
  /** Per group chain: Σ_l b_l b_lᵀ per term (q × q). */
  private readonly scatter: Float64Array[][];
  private readonly offset: Float64Array;
  private readonly betaStart: Float64Array;
  /** Per group chain: its last β† (the warm start of its next M-step). */
  private readonly chainBeta: (Float64Array | null)[];
  private readonly row: RowDerivatives = { f: 0, fPrime: 0, w: 0, mu: 0 };

  constructor(
    private readonly frame: ModelFrame,
    readonly layout: SaParameterLayout,
    private readonly settings: SaChainSettings,
    /** The chains this group runs (indices into 0 … m − 1). */
    readonly chainIndices: readonly number[],
    private readonly maximiseBeta?: BetaMaximiser,
  ) {
    if (settings.rule === "imsa" && maximiseBeta === undefined) throw new Error("SaChainGroup: IMSA needs a β maximiser");
    this.dim = layout.dim;
    this.target = new ConditionalRandomEffects(frame);
    const Q = this.target.dim;
    const root = createRng(settings.seed).split(settings.rule);
    const streams = chainIndices.map((j) => root.split(`chain ${j}`));
    this.sampler = new MalaSampler(
      this.target,
      streams.map(() => new Float64Array(Q)),
      streams,
      { targetAcceptance: settings.targetAcceptance },
    );
    this.precision = new RandomEffectsPrecision(this.target.structure, frame.y, frame.trials);
    this.factors = layout.terms.map(({ q }) => new Float64Array(q * q));
    this.precisions = layout.terms.map(({ q }) => new Float64Array(q * q));
    this.sigmas = layout.terms.map(({ q }) => new Float64Array(q * q));
    this.scatter = chainIndices.map(() => layout.terms.map(({ q }) => new Float64Array(q * q)));
    this.offset = new Float64Array(frame.n);
    this.betaStart = new Float64Array(frame.p);
    this.chainBeta = chainIndices.map(() => null);
  }

  /** Iteration t from θ_{t−1} = `sa`: imputation, then each chain's direction (and information). */
  iterate(sa: Float64Array, t: number, withInformation: boolean): ChainContribution[] {
    try {
      return this.iterateOrThrow(sa, t, withInformation);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      const failure = `iteration ${t}: ${error.message}`;
      return this.chainIndices.map((chain) => ({ chain, acceptance: Number.NaN, direction: new Float64Array(this.dim).fill(Number.NaN), information: null, failure }));
    }
  }

  private iterateOrThrow(sa: Float64Array, t: number, withInformation: boolean): ChainContribution[] {
    this.setTarget(sa);
    if (t === 1) this.sampler.restartAdaptation(this.plainStepSize());
    if (t > this.settings.preconditionAfter) {
      if (!this.precision.update(this.target.fixedPredictor, this.factors)) {
        throw new RangeError(`∇²Q(0) is not positive definite`);
      }
      if (!this.preconditioned) {
        // The step-size adaptation restarts once, when the proposal changes from N(0, εI) to N(0, ε[∇²Q(0)]⁻¹).
        this.sampler.setPreconditioner(this.precision, true);
        this.preconditioned = true;
      }
    }
    return this.chainIndices.map((chain, g) => {
      const accepted = this.sampler.runChain(g, this.settings.malaSteps);
      this.updateScatter(g);
      this.randomPart(g, this.offset);
      const direction = new Float64Array(this.dim);
      if (this.settings.rule === "imsa") this.mStep(sa, g, direction);
      else this.score(g, direction);
      return {
        chain,
        acceptance: accepted / this.settings.malaSteps,
        direction,
        information: withInformation ? this.information(g) : null,
      };
    });
  }

  /**
   * The first step size of plain MALA: the default 1.65 Q^(−1/6) for a unit-scale target, times the smallest
   * conditional SD of the target at b = 0, 1/√max_k [∇²Q(0)]_kk (Σ⁻¹'s diagonal plus Σ_i w_i z_ik²). With ε of
   * order 1 on effects whose posterior SD is 0.1, every proposal of the first iterations would be rejected,
   * the chains would not move from b = 0, and the first M-step would set every σ² to 0.
   */
  private plainStepSize(): number {
    const { structure, fixedPredictor } = this.target;
    const { n, R, rowPositions, rowZ, terms } = structure;
    const diagonal = new Float64Array(structure.Q);
    for (let i = 0; i < n; i++) {
      binomialLogitRow(fixedPredictor[i], this.frame.y[i], this.frame.trials[i], this.row);
      for (let r = 0; r < R; r++) diagonal[rowPositions[i * R + r]] += this.row.w * rowZ[i * R + r] * rowZ[i * R + r];
    }
    let largest = 0;
    terms.forEach(({ q, levels, offset }, t) => {
      const P = this.precisions[t]!;
      for (let j = 0; j < levels; j++) for (let k = 0; k < q; k++) largest = Math.max(largest, diagonal[offset + j * q + k] + P[k * q + k]);
    });
    return defaultMalaStepSize(structure.Q) / Math.sqrt(largest);
  }

  /** β, each term's Cholesky factor, Σ and Σ⁻¹ from θ_SA, into the imputation target. */
  private setTarget(sa: Float64Array): void {
    this.layout.terms.forEach(({ q }, t) => {
      const L = this.factors[t]!;
      if (!this.layout.termFactor(sa, t, L) || !L.every(Number.isFinite)) throw new RangeError(`the covariance of term ${t + 1} is not finite and positive definite`);
      const V = lowerInverse(L, q);
      const P = this.precisions[t]!;
      const S = this.sigmas[t]!;
      for (let c = 0; c < q; c++) {
        for (let r = 0; r < q; r++) {
          // Σ⁻¹ = L⁻ᵀ L⁻¹ and Σ = L Lᵀ.
          let inverse = 0;
          for (let k = Math.max(r, c); k < q; k++) inverse += V[r * q + k] * V[c * q + k];
          P[c * q + r] = inverse;
          let sigma = 0;
          for (let k = 0; k <= Math.min(r, c); k++) sigma += L[k * q + r] * L[k * q + c];
          S[c * q + r] = sigma;
        }
      }
    });
    this.target.setParameters(sa.subarray(0, this.layout.p), this.precisions);
  }

  private updateScatter(g: number): void {
    const b = this.sampler.position(g);
    this.target.structure.terms.forEach(({ q, levels, offset }, t) => {
      const S = this.scatter[g]![t]!;
      S.fill(0);
      for (let j = 0; j < levels; j++) {
        const base = offset + j * q;
        for (let c = 0; c < q; c++) for (let r = c; r < q; r++) S[c * q + r] += b[base + r] * b[base + c];
      }
      for (let c = 0; c < q; c++) for (let r = c + 1; r < q; r++) S[r * q + c] = S[c * q + r];
    });
  }

  /** Zb of group chain g into `out`. */
  private randomPart(g: number, out: Float64Array): void {
    const b = this.sampler.position(g);
    const { R, rowPositions, rowZ } = this.target.structure;
    for (let i = 0; i < this.frame.n; i++) {
      let s = 0;
      for (let r = 0; r < R; r++) s += rowZ[i * R + r] * b[rowPositions[i * R + r]];
      out[i] = s;
    }
  }

  private mStep(sa: Float64Array, g: number, out: Float64Array): void {
    const { p, terms } = this.layout;
    // Warm start at the chain's previous M-step (the first time, at θ_{t−1}'s β).
    const previous = this.chainBeta[g];
    this.betaStart.set(previous ?? sa.subarray(0, p));
    const beta = previous ?? new Float64Array(p);
    this.maximiseBeta!(this.offset, this.betaStart, beta);
    this.chainBeta[g] = beta;
    for (let k = 0; k < p; k++) out[k] = beta[k];
    terms.forEach(({ q, offset }, t) => {
      const levels = this.target.structure.terms[t]!.levels;
      const S = this.scatter[g]![t]!;
      const entries = blockEntries(q);
      if (this.layout.scale === "variance") {
        entries.forEach(([r, c], k) => (out[offset + k] = S[c * q + r] / levels));
        return;
      }
      const L = Float64Array.from(S, (v) => v / levels);
      if (!choleskyInPlace(L, q)) throw new Error(`stochastic approximation: Σ† of term ${t + 1} is singular (fewer levels than effects?)`);
      entries.forEach(([r, c], k) => (out[offset + k] = r === c ? Math.log(L[c * q + r]) : L[c * q + r]));
    });
  }

  private score(g: number, out: Float64Array): void {
    const { p, terms } = this.layout;
    const { n, X, y, trials } = this.frame;
    for (let i = 0; i < n; i++) {
      binomialLogitRow(this.target.fixedPredictor[i] + this.offset[i], y[i], trials[i], this.row);
      for (let k = 0; k < p; k++) out[k] += X[k * n + i] * this.row.fPrime;
    }
    terms.forEach(({ q, offset }, t) => {
      const levels = this.target.structure.terms[t]!.levels;
      const { score } = logCholeskyScoreAndInformation(this.scatter[g]![t]!, levels, this.factors[t]!, q);
      for (let k = 0; k < blockSize(q); k++) out[offset + k] = score[k];
    });
  }

  /** −∇² log f(y, b_g; θ_{t−1}) on the run's scale (dim × dim); the offset Zb_g is current. */
  private information(g: number): Float64Array {
    const d = this.dim;
    const { p, terms } = this.layout;
    const { n, X, trials } = this.frame;
    const out = new Float64Array(d * d);
    const fixedPredictor = this.target.fixedPredictor;
    for (let i = 0; i < n; i++) {
      // w = m μ(1 − μ) = m e/(1 + e)² with e = e^{−|η|} (binomialLogitRow's weight; tableExp, as the row passes).
      const eta = fixedPredictor[i] + this.offset[i];
      const e = tableExp(eta < 0 ? eta : -eta);
      const onePlus = 1 + e;
      const w = (trials[i] * e) / (onePlus * onePlus);
      for (let c = 0; c < p; c++) {
        const x = X[c * n + i];
        // A factor's indicator columns are mostly zero: a zero row adds nothing to column c's entries.
        if (x === 0) continue;
        const xc = x * w;
        for (let r = c; r < p; r++) out[c * d + r] += xc * X[r * n + i];
      }
    }
    for (let c = 0; c < p; c++) for (let r = c + 1; r < p; r++) out[r * d + c] = out[c * d + r];
    terms.forEach(({ q, offset }, t) => {
      const levels = this.target.structure.terms[t]!.levels;
      const S = this.scatter[g]![t]!;
      const { information } =
        this.layout.scale === "variance"
          ? covarianceScoreAndInformation(S, levels, this.sigmas[t]!, q)
          : logCholeskyScoreAndInformation(S, levels, this.factors[t]!, q);
      const m = blockSize(q);
      for (let c = 0; c < m; c++) for (let r = 0; r < m; r++) out[(offset + c) * d + offset + r] = information[c * m + r];
    });
    return out;
  }

  /** Overall acceptance rate and current step size of group chain g. */
  chainStatistics(g: number): { acceptance: number; stepSize: number } {
    return { acceptance: this.sampler.acceptanceRate(g), stepSize: this.sampler.stepSize(g) };
  }
}
