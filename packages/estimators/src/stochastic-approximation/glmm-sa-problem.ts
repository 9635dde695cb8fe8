/**
 * IMSA and ScoreSA with m imputation chains (Song & Tan 2022, Algorithms 3 and 4) as a problem for the
 * stochastic-approximation driver of @glmmkit/optimizers: each iteration asks the chains for their
 * contributions (sa-chain-group.ts — here, or in worker threads) and averages them in chain order:
 *   IMSA      θ_{t−1/2} = (1/m) Σ_j θ†_j on the run's scale;
 *   ScoreSA   the mean complete-data score (1/m) Σ_j ∂/∂θ log f(y, b_j; θ_{t−1}).
 * For Algorithm 6 (IMSA), every iteration after the burn-in hands the increment θ_{t−1/2} − θ_{t−1} and the
 * chain-averaged complete-data information to a LouisVariance that knows there are m imputations.
 */
import { LouisVariance, type StochasticApproximationProblem } from "@glmmkit/optimizers";
import type { ChainContribution } from "./sa-chain-group.js";

/** Runs iteration t for every chain (in this thread or in workers) and returns their contributions. */
export interface SaChainRunner {
  iterate(sa: Float64Array, t: number, withInformation: boolean): ChainContribution[];
  /** Overall acceptance rate and final step size of every chain, in chain order. */
  statistics(): { acceptance: number[]; stepSizes: number[] };
  close(): void;
}

export class GlmmSaProblem implements StochasticApproximationProblem {
  readonly louis: LouisVariance | null;
  private readonly mean: Float64Array;
  private readonly information: Float64Array;
  private readonly increment: Float64Array;
  private withInformation = false;
  /** Mean MALA acceptance over the chains in the last iteration. */
  lastAcceptance = Number.NaN;
  /** Why the imputation failed (the parameters left the region where the target is finite), or null. */
  failure: string | null = null;

  constructor(
    readonly dim: number,
    private readonly chains: number,
    private readonly runner: SaChainRunner,
    /** Accumulate Algorithm 6 after this iteration (null: never). */
    private readonly louisBurnIn: number | null,
  ) {
    this.mean = new Float64Array(dim);
    this.information = new Float64Array(dim * dim);
    this.increment = new Float64Array(dim);
    this.louis = louisBurnIn === null ? null : new LouisVariance(dim, chains);
  }

  impute(sa: Float64Array, t: number): void {
    this.withInformation = this.louisBurnIn !== null && t > this.louisBurnIn;
    const contributions = [...this.runner.iterate(sa, t, this.withInformation)].sort((a, b) => a.chain - b.chain);
    // A diverging run (e.g. ScoreSA with a large gain) can take θ where f(b | y; θ) is not finite: the
    // update is NaN, the driver stops there and the fit reports why.
    const failed = contributions.find((c) => c.failure !== undefined);
    if (failed !== undefined) {
      this.failure = failed.failure!;
      this.mean.fill(Number.NaN);
      this.withInformation = false;
      return;
    }
    if (contributions.length !== this.chains) throw new Error(`stochastic approximation: ${contributions.length} chain results for ${this.chains} chains`);
    const m = this.chains;
    this.mean.fill(0);
    this.information.fill(0);
    let acceptance = 0;
    for (const c of contributions) {
      for (let k = 0; k < this.dim; k++) this.mean[k] += c.direction[k] / m;
      if (this.withInformation) for (let k = 0; k < this.information.length; k++) this.information[k] += c.information![k] / m;
      acceptance += c.acceptance / m;
    }
    this.lastAcceptance = acceptance;
  }

  maximise(sa: Float64Array, out: Float64Array): void {
    out.set(this.mean);
    if (this.louis !== null && this.withInformation) {
      for (let k = 0; k < this.dim; k++) this.increment[k] = out[k] - sa[k];
      this.louis.add(this.increment, this.information);
    }
  }

  score(_sa: Float64Array, out: Float64Array): void {
    out.set(this.mean);
  }
}
