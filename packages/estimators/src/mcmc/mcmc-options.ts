/** Options of the `mcmc` estimator (zod schema: unknown or malformed options are input errors naming them). */
import { z } from "zod";
import type { McmcPriorOptions } from "./mcmc-priors.js";
import { logitOnlyLinkShape } from "../options/estimator-options.js";

export interface McmcOptions extends McmcPriorOptions {
  /** The link: the posterior is the logit model's, so only "logit" (the default) is accepted. */
  readonly link?: "logit";
  /** Independent chains (default 4). */
  readonly chains?: number;
  /** Warm-up iterations per chain (default 1000, discarded). */
  readonly warmup?: number;
  /** Kept draws per chain (default 1000). */
  readonly draws?: number;
  /** NUTS tree depth limit (default 10). */
  readonly maxTreeDepth?: number;
  /** Dual-averaging target acceptance (default 0.8, Stan's adapt_delta). */
  readonly targetAcceptance?: number;
}

export const mcmcOptionsSchema = z
  .object({
    ...logitOnlyLinkShape,
    chains: z.number().int().min(1).max(64).optional(),
    warmup: z.number().int().min(0).max(1_000_000).optional(),
    draws: z.number().int().min(4).max(1_000_000).optional(),
    maxTreeDepth: z.number().int().min(1).max(15).optional(),
    targetAcceptance: z.number().gt(0).lt(1).optional(),
    priorScale: z.number().positive().optional(),
    priorInterceptScale: z.number().positive().optional(),
    autoscale: z.boolean().optional(),
    sdPriorDf: z.number().positive().optional(),
    sdPriorScale: z.number().positive().optional(),
    lkjEta: z.number().positive().optional(),
  })
  .strict();

export interface ResolvedMcmcOptions {
  readonly chains: number;
  readonly warmup: number;
  readonly draws: number;
  readonly maxTreeDepth: number;
  readonly targetAcceptance: number;
  readonly priors: McmcPriorOptions;
}

export function resolveMcmcOptions(o: McmcOptions): ResolvedMcmcOptions {
  const { chains, warmup, draws, maxTreeDepth, targetAcceptance, ...priors } = o;
  return {
    chains: chains ?? 4,
    warmup: warmup ?? 1000,
    draws: draws ?? 1000,
    maxTreeDepth: maxTreeDepth ?? 10,
    targetAcceptance: targetAcceptance ?? 0.8,
    priors,
  };
}
