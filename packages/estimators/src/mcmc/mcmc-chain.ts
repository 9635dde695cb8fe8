/**
 * One chain of the `mcmc` estimator: NUTS on the non-centred posterior from a Stan-style random start
 * (uniform(−2, 2) on every unconstrained coordinate), keeping for each draw the monitored quantities — β on
 * the original scale, the log-Cholesky ψ of every Σ, the SDs and the correlations — and running sums of the
 * random effects b for their posterior means and SDs. A pure function of (frame, options, seed, chain): the
 * chain's streams are keyed by its index, so it gives the same bits in any thread.
 */
import type { ModelFrame } from "@glmmkit/core";
import { parameterLayout, psiIndex, termLabels } from "@glmmkit/core";
import { createRng } from "@glmmkit/math";
import { sampleNuts } from "@glmmkit/optimizers";
import { GlmmPosterior } from "./glmm-posterior.js";
import { mcmcPriors } from "./mcmc-priors.js";
import type { ResolvedMcmcOptions } from "./mcmc-options.js";

export interface McmcChainResult {
  /** Kept draws × monitored quantities, row-major. */
  readonly draws: Float64Array;
  readonly drawCount: number;
  /** Σ over kept draws of b and of b² (u's positions). */
  readonly ranefSum: Float64Array;
  readonly ranefSumSquares: Float64Array;
  readonly divergences: number;
  readonly warmupDivergences: number;
  readonly maxTreeDepthHits: number;
  readonly stepSize: number;
  readonly meanAcceptance: number;
  readonly gradientEvaluations: number;
  /** True when the fit's stop signal ended the chain early (fewer draws than asked for). */
  readonly stopped: boolean;
}

/** Hooks of a chain run in this thread: progress, the fit's iteration count and stop signal. */
export interface McmcChainHooks {
  readonly onIteration?: (iteration: number) => void;
  readonly shouldStop?: () => boolean;
}

export interface MonitoredLayout {
  readonly names: readonly string[];
  readonly p: number;
  /** Start of ψ, the SDs and the correlations in a monitored row. */
  readonly psiStart: number;
  readonly sdStart: number;
  readonly correlationStart: number;
  readonly dim: number;
}

/** Names and positions of the monitored quantities: β, ψ, SDs, correlations. */
export function monitoredLayout(frame: ModelFrame): MonitoredLayout {
  const layout = parameterLayout(frame);
  const labels = termLabels(frame);
  const names = [...layout.names];
  const sdStart = names.length;
  frame.terms.forEach((term, t) => term.termNames.forEach((name) => names.push(`sd(${labels[t]}: ${name})`)));
  const correlationStart = names.length;
  frame.terms.forEach((term, t) => {
    for (let c = 0; c < term.q; c++) {
      for (let r = c + 1; r < term.q; r++) names.push(`cor(${labels[t]}: ${term.termNames[r]}, ${term.termNames[c]})`);
    }
  });
  return { names, p: frame.p, psiStart: frame.p, sdStart, correlationStart, dim: names.length };
}

/** The monitored row of a position x (the posterior's term factors must be current for x). */
function monitor(posterior: GlmmPosterior, layout: MonitoredLayout, x: Float64Array, out: Float64Array): void {
  const beta = out.subarray(0, layout.p);
  posterior.originalBeta(x, beta);
  let psiAt = layout.psiStart;
  let sdAt = layout.sdStart;
  let corAt = layout.correlationStart;
  posterior.terms.forEach((t, term) => {
    const q = t.q;
    const L = posterior.correlationFactor(term);
    const l = (r: number, c: number) => (L === null ? (r === c ? 1 : 0) : L[c * q + r]);
    for (let c = 0; c < q; c++) {
      for (let r = c; r < q; r++) {
        const tau = x[t.sdIndex + r];
        // Chol(Σ) = D L: diagonal σ_r L_rr (logged in ψ), below it σ_r L_rc.
        out[psiAt + psiIndex(q, r, c)] = r === c ? tau + Math.log(l(r, r)) : Math.exp(tau) * l(r, c);
      }
    }
    psiAt += (q * (q + 1)) / 2;
    for (let r = 0; r < q; r++) out[sdAt++] = Math.exp(x[t.sdIndex + r]);
    for (let c = 0; c < q; c++) {
      for (let r = c + 1; r < q; r++) {
        let s = 0;
        for (let k = 0; k <= c; k++) s += l(r, k) * l(c, k);
        out[corAt++] = s;
      }
    }
  });
}

export function runMcmcChain(frame: ModelFrame, options: ResolvedMcmcOptions, seed: string, chain: number, hooks: McmcChainHooks = {}): McmcChainResult {
  const posterior = new GlmmPosterior(frame, mcmcPriors(frame, options.priors));
  const layout = monitoredLayout(frame);
  const stream = createRng(seed).split("mcmc").split(`chain ${chain}`);
  const init = stream.split("init");
  const start = Float64Array.from({ length: posterior.dim }, () => 4 * init.uniform() - 2);
  const Q = posterior.randomEffects;
  const ranefSum = new Float64Array(Q);
  const ranefSumSquares = new Float64Array(Q);
  const b = new Float64Array(Q);
  const run = sampleNuts(posterior, start, stream.split("nuts"), {
    warmup: options.warmup,
    draws: options.draws,
    maxTreeDepth: options.maxTreeDepth,
    targetAcceptance: options.targetAcceptance,
    keep: {
      dim: layout.dim,
      apply: (x, out) => {
        posterior.randomEffectsOf(x, b);
        for (let k = 0; k < Q; k++) {
          ranefSum[k] += b[k];
          ranefSumSquares[k] += b[k] * b[k];
        }
        monitor(posterior, layout, x, out);
      },
    },
    ...(hooks.onIteration === undefined ? {} : { onIteration: hooks.onIteration }),
    ...(hooks.shouldStop === undefined ? {} : { shouldStop: hooks.shouldStop }),
  });
  let divergences = 0;
  let maxTreeDepthHits = 0;
  let acceptance = 0;
  for (let i = 0; i < run.drawCount; i++) {
    divergences += run.divergent[i];
    if (run.treeDepth[i] >= options.maxTreeDepth) maxTreeDepthHits++;
    acceptance += run.acceptStat[i] / run.drawCount;
  }
  return {
    draws: run.draws,
    drawCount: run.drawCount,
    ranefSum,
    ranefSumSquares,
    divergences,
    warmupDivergences: run.warmupDivergences,
    maxTreeDepthHits,
    stepSize: run.stepSize,
    meanAcceptance: acceptance,
    gradientEvaluations: run.gradientEvaluations,
    stopped: run.stopped,
  };
}
