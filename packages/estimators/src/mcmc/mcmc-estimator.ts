/**
 * `mcmc`: the full posterior of a binomial-logit GLMM by NUTS (the comparator of the Bayesian MCMC column of
 * Tables 4–5 in shared/papers/000, which used brms/Stan), with rstanarm/brms default priors (mcmc-priors.ts),
 * the random effects sampled jointly in the non-centred form (glmm-posterior.ts), several chains each on
 * its own keyed stream (run here one after another, or in worker threads through FitContext.chainExecutor,
 * with identical results).
 *
 * Reported: posterior means as the point estimates of β (with posterior medians, SDs and equal-tailed 95 %
 * intervals of every parameter in `sampling`), the covariances from the posterior means of the SDs and
 * correlations, the posterior covariance of (β, ψ) as `vcov`, posterior means and SDs of the random effects
 * as `ranef`, and per parameter the rank-normalised split-R̂ and bulk/tail ESS (Vehtari et al. 2021). The
 * log-likelihood printed is the Laplace approximation at those point estimates.
 */
import type { ChainTask, Estimator, FitContext, FitResult, ModelFrame, RandomEffectsTable, SamplingReport } from "@glmmkit/core";
import { isStopped, parameterLayout, psiFromCholeskyFactor, stopReason } from "@glmmkit/core";
import { GlmmLikelihood } from "@glmmkit/laplace";
import { choleskyInPlace } from "@glmmkit/linalg";
import { stochasticFitResult } from "../fit-report/stochastic-fit-result.js";
import { parseEstimatorOptions } from "../options/estimator-options.js";
import { requireRandomEffects } from "../options/require-random-effects.js";
import { monitoredLayout, runMcmcChain, type McmcChainResult } from "./mcmc-chain.js";
import { mcmcOptionsSchema, resolveMcmcOptions, type McmcOptions, type ResolvedMcmcOptions } from "./mcmc-options.js";
import { mcmcPriors } from "./mcmc-priors.js";
import { chainColumn, pooledCovariance, summariseParameter } from "./posterior-summary.js";

/** The seed used when the caller gives none (so that a fit without --seed is reproducible too). */
export const DEFAULT_SEED = "1";
const RHAT_LIMIT = 1.01;
/** Fewest draws per chain that give R̂ and ESS (split chains of two draws). */
const MINIMUM_DRAWS = 4;
/** Stan's guidance: at least 100 effective draws per chain for bulk and tail. */
const ESS_PER_CHAIN = 100;

export interface McmcChainPayload {
  readonly frame: ModelFrame;
  readonly options: ResolvedMcmcOptions;
  readonly seed: string;
}

/** The worker-side entry: chain `chain` of an `mcmc` task (see FitContext.chainExecutor). */
export function runMcmcChainTask(payload: McmcChainPayload, chain: number): McmcChainResult {
  return runMcmcChain(payload.frame, payload.options, payload.seed, chain);
}

function runChains(frame: ModelFrame, options: ResolvedMcmcOptions, seed: string, context?: FitContext): McmcChainResult[] {
  const executor = context?.chainExecutor;
  if (executor !== undefined && executor.threads > 1 && options.chains > 1) {
    const task: ChainTask = { estimator: "mcmc", job: "chain", payload: { frame, options, seed } satisfies McmcChainPayload };
    return executor.runChains(task, options.chains) as McmcChainResult[];
  }
  const total = options.warmup + options.draws;
  const every = Math.max(1, Math.floor(total / 100));
  return Array.from({ length: options.chains }, (_, chain) =>
    runMcmcChain(frame, options, seed, chain, {
      onIteration: (i) => {
        context?.onIteration?.();
        if (context?.onProgress !== undefined && (i + 1) % every === 0) {
          context.onProgress(`mcmc: chain ${chain + 1}/${options.chains}, iteration ${i + 1}/${total}${i < options.warmup ? " (warm-up)" : ""}`);
        }
      },
      // A time limit or iteration budget of the whole fit (FitContext.signal) ends the chains early.
      shouldStop: () => isStopped(context),
    }),
  );
}

export const mcmcEstimator: Estimator<McmcOptions> = {
  name: "mcmc",
  kind: "sampler",
  summary: "full posterior by NUTS (Stan's adaptation), rstanarm/brms default priors, non-centred random effects; R-hat and ESS",
  fit(model: ModelFrame, options: McmcOptions = {}, context?: FitContext): FitResult {
    requireRandomEffects(model, "mcmc samples a GLMM's posterior");
    const resolved = resolveMcmcOptions(parseEstimatorOptions("mcmc", mcmcOptionsSchema, options) as McmcOptions);
    const seed = context?.seed ?? DEFAULT_SEED;
    const chains = runChains(model, resolved, seed, context);
    return assembleMcmcFit(model, resolved, seed, chains, stopReason(context?.signal));
  },
};

export function assembleMcmcFit(
  frame: ModelFrame,
  options: ResolvedMcmcOptions,
  seed: string,
  allChains: readonly McmcChainResult[],
  stopped?: string,
): FitResult {
  const layout = parameterLayout(frame);
  const monitored = monitoredLayout(frame);
  // A stop signal can cut chains short (those run after the limit have no draws at all): the chains with
  // enough draws are compared over their common length.
  const chains = allChains.filter((c) => c.drawCount >= MINIMUM_DRAWS);
  if (chains.length === 0) {
    throw new Error(`mcmc was stopped before any chain kept ${MINIMUM_DRAWS} draws (${stopped ?? "stopped"}): no estimate`);
  }
  const kept = Math.min(...chains.map((c) => c.drawCount));
  const draws = chains.map((c) => c.draws.subarray(0, kept * monitored.dim));
  const parameters = monitored.names.map((name, k) => summariseParameter(name, chainColumn(draws, monitored.dim, k)));
  const p = frame.p;
  const d = layout.dim;
  const beta = Float64Array.from(parameters.slice(0, p), (s) => s.mean);
  // Σ̂ of each term from the posterior means of its SDs and correlations; ψ̂ its log-Cholesky form.
  const theta = new Float64Array(d);
  theta.set(beta);
  let sdAt = monitored.sdStart;
  let corAt = monitored.correlationStart;
  frame.terms.forEach((term, t) => {
    const q = term.q;
    const sd = Float64Array.from({ length: q }, (_, r) => parameters[sdAt + r]!.mean);
    sdAt += q;
    const sigma = new Float64Array(q * q);
    for (let r = 0; r < q; r++) sigma[r * q + r] = sd[r] * sd[r];
    for (let c = 0; c < q; c++) {
      for (let r = c + 1; r < q; r++) {
        const v = parameters[corAt++]!.mean * sd[r] * sd[c];
        sigma[c * q + r] = v;
        sigma[r * q + c] = v;
      }
    }
    if (!choleskyInPlace(sigma, q)) throw new Error("mcmc: the posterior-mean covariance is not positive definite");
    psiFromCholeskyFactor(sigma, q, theta, layout.terms[t]!.offset);
  });
  const vcov = pooledCovariance(draws, monitored.dim, 0, d);
  const totalDraws = chains.reduce((s, c) => s + c.drawCount, 0);
  const structureTerms = frame.terms;
  let offset = 0;
  const ranef: RandomEffectsTable[] = structureTerms.map((term) => {
    const size = term.levels.length * term.q;
    const values = new Float64Array(size);
    const conditionalSd = new Float64Array(size);
    for (let k = 0; k < size; k++) {
      let sum = 0;
      let squares = 0;
      for (const c of chains) {
        sum += c.ranefSum[offset + k];
        squares += c.ranefSumSquares[offset + k];
      }
      const mean = sum / totalDraws;
      values[k] = mean;
      conditionalSd[k] = Math.sqrt(Math.max(0, ((squares / totalDraws - mean * mean) * totalDraws) / (totalDraws - 1)));
    }
    offset += size;
    return { group: term.group, termNames: term.termNames, levels: term.levels, values, conditionalSd };
  });

  const warnings: string[] = [];
  if (allChains.some((c) => c.stopped)) {
    const dropped = allChains.length - chains.length;
    warnings.push(
      `stopped after ${kept} of ${options.draws} draws per chain${dropped > 0 ? ` (${dropped} of ${allChains.length} chains had too few draws and are left out)` : ""}: ${stopped ?? "the fit was stopped"}`,
    );
  }
  const notMixed = parameters.filter((s) => !(s.rhat < RHAT_LIMIT));
  if (notMixed.length > 0) {
    warnings.push(`R-hat ≥ ${RHAT_LIMIT} for ${notMixed.map((s) => `${s.name} (${s.rhat.toFixed(3)})`).join(", ")}: the chains have not mixed; run longer`);
  }
  const essFloor = ESS_PER_CHAIN * chains.length;
  const fewBulk = parameters.filter((s) => !(s.essBulk >= essFloor));
  if (fewBulk.length > 0) warnings.push(`bulk ESS below ${essFloor} for ${fewBulk.map((s) => s.name).join(", ")}`);
  const fewTail = parameters.filter((s) => !(s.essTail >= essFloor));
  if (fewTail.length > 0) warnings.push(`tail ESS below ${essFloor} for ${fewTail.map((s) => s.name).join(", ")}`);
  const divergences = chains.map((c) => c.divergences);
  const totalDivergences = divergences.reduce((a, b) => a + b, 0);
  if (totalDivergences > 0) warnings.push(`${totalDivergences} divergent transition(s) after warm-up: the posterior may be biased; raise targetAcceptance`);
  const depthHits = chains.map((c) => c.maxTreeDepthHits);
  const totalHits = depthHits.reduce((a, b) => a + b, 0);
  if (totalHits > 0) warnings.push(`${totalHits} iteration(s) hit the maximum tree depth ${options.maxTreeDepth}`);

  const sampling: SamplingReport = {
    method: "NUTS (multinomial, diagonal metric; Stan's windowed warm-up)",
    seed,
    chains: chains.length,
    warmup: options.warmup,
    draws: kept,
    priors: mcmcPriors(frame, options.priors).description,
    parameters,
    divergences,
    maxTreeDepthHits: depthHits,
    maxTreeDepth: options.maxTreeDepth,
    stepSizes: chains.map((c) => c.stepSize),
    meanAcceptance: chains.map((c) => c.meanAcceptance),
    gradientEvaluations: chains.map((c) => c.gradientEvaluations),
  };
  return stochasticFitResult({
    estimator: "mcmc",
    kind: "sampler",
    frame,
    theta,
    vcov,
    logLik: new GlmmLikelihood(frame).logLik(theta),
    ranef,
    converged: notMixed.length === 0 && totalDivergences === 0 && !allChains.some((c) => c.stopped),
    iterations: options.warmup + options.draws,
    approximation: "full posterior by NUTS; logLik: Laplace at the posterior means",
    optimizer: "NUTS",
    warnings,
    standardErrorBasis: "posterior standard deviations (the covariance of the draws of (β, ψ))",
    sampling,
  });
}
