/**
 * IMSA and ScoreSA for a binomial-logit GLMM with any number of random-effects terms (Song & Tan 2022,
 * Algorithms 3 and 4 with m imputation chains; Algorithm 5 for the imputation; Appendix A for the score):
 *
 *  impute:   every chain moves N MALA steps on f(b | y; θ_{t−1}) from where it stopped; after T0 iterations
 *            the proposal is preconditioned by [∇²Q(0)]⁻¹ at θ_{t−1} (random-effects-precision.ts).
 *  maximise: per chain j, β†_j = the ML fit of the GLM of y on X with offset Zb_j (the project's one GLM
 *            engine) and Σ†_{t,j} = (1/J_t) Σ_l b_{t,l} b_{t,l}ᵀ per term (σ² = bᵀb/J for a scalar term);
 *            θ_{t−1/2} is their average on the run's scale — vech(Σ) ("variance") or log-Cholesky ψ
 *            ("log-sd": the paper's ½ log σ²† for a scalar term).
 *  score:    the complete-data score at θ_{t−1} = (β, ψ), Xᵀ(y − mμ) and ∂f/∂ψ of each term, averaged.
 *
 * For Algorithm 6 (IMSA only) each iteration after `louisBurnIn` hands the increment θ_{t−1/2} − θ_{t−1} and
 * the chain-averaged complete-data information at θ_{t−1} (XᵀWX for β; variance-component-likelihood.ts
 * for each term, on the run's scale) to a LouisVariance, whose covariance is that of one imputation.
 */
import type { ModelFrame } from "@glmmkit/core";
import { binomialLogitRow, type RowDerivatives } from "@glmmkit/laplace";
import { choleskyInPlace } from "@glmmkit/linalg";
import { createRng } from "@glmmkit/math";
import { LouisVariance, MalaSampler, type StochasticApproximationProblem } from "@glmmkit/optimizers";
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

/** β† = argmax of the GLM log-likelihood with offset Zb (warm-started at `start`), written into `out`. */
export type BetaMaximiser = (offset: Float64Array, start: Float64Array, out: Float64Array) => void;

export interface GlmmSaSettings {
  readonly rule: "imsa" | "scoresa";
  readonly chains: number;
  /** MALA steps per iteration and chain (N of Algorithm 5). */
  readonly malaSteps: number;
  /** Iterations with plain MALA before the preconditioner is used (T0). */
  readonly preconditionAfter: number;
  readonly targetAcceptance: number;
  readonly seed: string;
  /** IMSA's β M-step. */
  readonly maximiseBeta?: BetaMaximiser;
  /** Accumulate Algorithm 6 after this iteration (IMSA; null: not at all). */
  readonly louisBurnIn: number | null;
}

export class GlmmSaProblem implements StochasticApproximationProblem {
  readonly dim: number;
  readonly target: ConditionalRandomEffects;
  readonly sampler: MalaSampler;
  readonly louis: LouisVariance | null;
  private readonly precision: RandomEffectsPrecision;
  private preconditioned = false;
  private iteration = 0;
  private readonly factors: Float64Array[];
  private readonly precisions: Float64Array[];
  /** Per chain: Σ_l b_l b_lᵀ per term (q × q). */
  private readonly scatter: Float64Array[][];
  private readonly offset: Float64Array;
  private readonly betaScratch: Float64Array;
  private readonly chainBeta: Float64Array[];
  private readonly information: Float64Array;
  private readonly increment: Float64Array;
  private readonly row: RowDerivatives = { f: 0, fPrime: 0, w: 0, mu: 0 };
  /** Mean MALA acceptance over the chains in the last iteration. */
  lastAcceptance = Number.NaN;

  constructor(
    private readonly frame: ModelFrame,
    readonly layout: SaParameterLayout,
    private readonly settings: GlmmSaSettings,
  ) {
    if (settings.rule === "imsa" && settings.maximiseBeta === undefined) throw new Error("GlmmSaProblem: IMSA needs a β maximiser");
    this.dim = layout.dim;
    this.target = new ConditionalRandomEffects(frame);
    const Q = this.target.dim;
    const root = createRng(settings.seed).split(settings.rule);
    const streams = Array.from({ length: settings.chains }, (_, j) => root.split(`chain ${j}`));
    this.sampler = new MalaSampler(
      this.target,
      streams.map(() => new Float64Array(Q)),
      streams,
      { targetAcceptance: settings.targetAcceptance },
    );
    this.precision = new RandomEffectsPrecision(this.target.structure, frame.y, frame.trials);
    this.factors = layout.terms.map(({ q }) => new Float64Array(q * q));
    this.precisions = layout.terms.map(({ q }) => new Float64Array(q * q));
    this.scatter = Array.from({ length: settings.chains }, () => layout.terms.map(({ q }) => new Float64Array(q * q)));
    this.offset = new Float64Array(frame.n);
    this.betaScratch = new Float64Array(frame.p);
    this.chainBeta = Array.from({ length: settings.chains }, () => new Float64Array(frame.p));
    this.information = new Float64Array(this.dim * this.dim);
    this.increment = new Float64Array(this.dim);
    this.louis = settings.louisBurnIn === null ? null : new LouisVariance(this.dim, settings.chains);
  }

  impute(sa: Float64Array, t: number): void {
    this.iteration = t;
    this.setTarget(sa);
    if (t > this.settings.preconditionAfter) {
      if (!this.precision.update(this.target.fixedPredictor, this.factors)) {
        throw new Error(`stochastic approximation: ∇²Q(0) is not positive definite at iteration ${t}`);
      }
      if (!this.preconditioned) {
        // The step-size adaptation restarts once, when the proposal changes from N(0, I) to N(0, [∇²Q(0)]⁻¹).
        this.sampler.setPreconditioner(this.precision, true);
        this.preconditioned = true;
      }
    }
    let acceptance = 0;
    for (let j = 0; j < this.settings.chains; j++) {
      acceptance += this.sampler.runChain(j, this.settings.malaSteps) / this.settings.malaSteps;
      this.updateScatter(j);
    }
    this.lastAcceptance = acceptance / this.settings.chains;
  }

  /** β and each term's Cholesky factor and precision from θ_SA, into the imputation target. */
  private setTarget(sa: Float64Array): void {
    this.layout.terms.forEach(({ q }, t) => {
      const L = this.factors[t]!;
      if (!this.layout.termFactor(sa, t, L)) throw new Error(`stochastic approximation: the covariance of term ${t + 1} left the positive-definite cone`);
      // Σ⁻¹ = L⁻ᵀ L⁻¹.
      const V = lowerInverse(L, q);
      const P = this.precisions[t]!;
      for (let c = 0; c < q; c++) {
        for (let r = 0; r < q; r++) {
          let s = 0;
          for (let k = Math.max(r, c); k < q; k++) s += V[r * q + k] * V[c * q + k];
          P[c * q + r] = s;
        }
      }
    });
    this.target.setParameters(sa.subarray(0, this.layout.p), this.precisions);
  }

  private updateScatter(chain: number): void {
    const b = this.sampler.position(chain);
    this.target.structure.terms.forEach(({ q, levels, offset }, t) => {
      const S = this.scatter[chain]![t]!;
      S.fill(0);
      for (let j = 0; j < levels; j++) {
        const base = offset + j * q;
        for (let c = 0; c < q; c++) for (let r = c; r < q; r++) S[c * q + r] += b[base + r] * b[base + c];
      }
      for (let c = 0; c < q; c++) for (let r = c + 1; r < q; r++) S[r * q + c] = S[c * q + r];
    });
  }

  /** Zb of chain j into `out` (the offset of the β M-step). */
  private randomPart(chain: number, out: Float64Array): void {
    const b = this.sampler.position(chain);
    const { R, rowPositions, rowZ } = this.target.structure;
    for (let i = 0; i < this.frame.n; i++) {
      let s = 0;
      for (let r = 0; r < R; r++) s += rowZ[i * R + r] * b[rowPositions[i * R + r]];
      out[i] = s;
    }
  }

  maximise(sa: Float64Array, out: Float64Array): void {
    const { chains } = this.settings;
    const { p, terms } = this.layout;
    out.fill(0);
    for (let j = 0; j < chains; j++) {
      this.randomPart(j, this.offset);
      // Warm start at the chain's previous M-step (the first time, at θ_{t−1}'s β).
      const start = this.iteration === 1 ? sa.subarray(0, p) : this.chainBeta[j]!;
      this.betaScratch.set(start);
      this.settings.maximiseBeta!(this.offset, this.betaScratch, this.chainBeta[j]!);
      for (let k = 0; k < p; k++) out[k] += this.chainBeta[j]![k] / chains;
      terms.forEach(({ q, offset }, t) => {
        const levels = this.target.structure.terms[t]!.levels;
        const S = this.scatter[j]![t]!;
        const entries = blockEntries(q);
        if (this.layout.scale === "variance") {
          entries.forEach(([r, c], k) => (out[offset + k] += S[c * q + r] / levels / chains));
          return;
        }
        // log-Cholesky of Σ† = S / J.
        const L = Float64Array.from(S, (v) => v / levels);
        if (!choleskyInPlace(L, q)) throw new Error(`stochastic approximation: Σ† of term ${t + 1} is singular (fewer levels than effects?)`);
        entries.forEach(([r, c], k) => (out[offset + k] += (r === c ? Math.log(L[c * q + r]) : L[c * q + r]) / chains));
      });
    }
    if (this.louis !== null && this.iteration > this.settings.louisBurnIn!) {
      this.completeDataInformation(sa, this.information);
      for (let k = 0; k < this.dim; k++) this.increment[k] = out[k] - sa[k];
      this.louis.add(this.increment, this.information);
    }
  }

  score(sa: Float64Array, out: Float64Array): void {
    const { chains } = this.settings;
    const { p, terms } = this.layout;
    const { n, X, y, trials } = this.frame;
    out.fill(0);
    for (let j = 0; j < chains; j++) {
      this.randomPart(j, this.offset);
      for (let i = 0; i < n; i++) {
        binomialLogitRow(this.target.fixedPredictor[i] + this.offset[i], y[i], trials[i], this.row);
        for (let k = 0; k < p; k++) out[k] += (X[k * n + i] * this.row.fPrime) / chains;
      }
      terms.forEach(({ q, offset }, t) => {
        const levels = this.target.structure.terms[t]!.levels;
        const { score } = logCholeskyScoreAndInformation(this.scatter[j]![t]!, levels, this.factors[t]!, q);
        for (let k = 0; k < blockSize(q); k++) out[offset + k] += score[k] / chains;
      });
    }
  }

  /** The chain average of −∇² log f(y, b_j; θ) at θ_SA on the run's scale (dim × dim). */
  private completeDataInformation(sa: Float64Array, out: Float64Array): void {
    const { chains } = this.settings;
    const d = this.dim;
    const { p, terms } = this.layout;
    const { n, X, y, trials } = this.frame;
    out.fill(0);
    const sigma = terms.map(({ q }, t) => {
      const L = this.factors[t]!;
      const S = new Float64Array(q * q);
      for (let c = 0; c < q; c++) for (let r = 0; r < q; r++) for (let k = 0; k <= Math.min(r, c); k++) S[c * q + r] += L[k * q + r] * L[k * q + c];
      return S;
    });
    for (let j = 0; j < chains; j++) {
      this.randomPart(j, this.offset);
      for (let i = 0; i < n; i++) {
        binomialLogitRow(this.target.fixedPredictor[i] + this.offset[i], y[i], trials[i], this.row);
        const w = this.row.w / chains;
        for (let c = 0; c < p; c++) {
          const xc = X[c * n + i] * w;
          for (let r = c; r < p; r++) out[c * d + r] += xc * X[r * n + i];
        }
      }
      terms.forEach(({ q, offset }, t) => {
        const levels = this.target.structure.terms[t]!.levels;
        const S = this.scatter[j]![t]!;
        const { information } =
          this.layout.scale === "variance"
            ? covarianceScoreAndInformation(S, levels, sigma[t]!, q)
            : logCholeskyScoreAndInformation(S, levels, this.factors[t]!, q);
        const m = blockSize(q);
        for (let c = 0; c < m; c++) for (let r = 0; r < m; r++) out[(offset + c) * d + offset + r] += information[c * m + r] / chains;
      });
    }
    for (let c = 0; c < p; c++) for (let r = c + 1; r < p; r++) out[r * d + c] = out[c * d + r];
  }
}
