/**
 * Options of `imsa` and `scoresa`. Defaults follow Song & Tan (2022), §4 and Appendix A: 2 000 iterations,
 * 4 imputation chains, 20 MALA steps per iteration, plain MALA for the first T0 = 500 iterations and
 * preconditioned MALA after, acceptance adapted toward 60 %, γ_t = 1/t (IMSA) or min(1/t, 1/t0) (ScoreSA).
 */
import { z } from "zod";
import { logitOnlyLinkShape } from "../options/estimator-options.js";

export interface StochasticApproximationOptions {
  /** The link: the imputation target and the complete-data score are the logit model's, so only "logit" (the default). */
  readonly link?: "logit";
  /** Iterations T (default 2000). */
  readonly iterations?: number;
  /** Imputation chains m (default 4). */
  readonly chains?: number;
  /** MALA steps per iteration and chain (default 20). */
  readonly malaSteps?: number;
  /** T0: iterations of plain MALA before the preconditioner [∇²Q(0)]⁻¹ is used (default 500). */
  readonly preconditionAfter?: number;
  /** Acceptance rate the MALA step size is adapted toward (default 0.6). */
  readonly targetAcceptance?: number;
  /** Keep the per-iteration trace (θ_t, monitor, acceptance) in the result (default false). */
  readonly trace?: boolean;
  /** Starting θ = (β, ψ) (default: the fixed-effects GLM's β and every Σ = I, as the ML fits start). */
  readonly start?: Float64Array;
}

export interface ImsaOptions extends StochasticApproximationOptions {
  /** Scale of the variance-component update: "variance" (σ², Σ; default) or "log" (IMSA-log: log σ, log-Cholesky). */
  readonly scale?: "variance" | "log";
  /** Fraction of the run discarded before Algorithm 6 accumulates (default 0.5). */
  readonly standardErrorBurnIn?: number;
}

/** ScoreSA's default t0 (see ScoresaOptions.t0). */
export const DEFAULT_SCORESA_T0 = 100;

export interface ScoresaOptions extends StochasticApproximationOptions {
  /**
   * γ_t = min(1/t, 1/t0) (the paper's ScoreSA-1…6 use t0 = 1, 5, 10, 25, 50, 100). Default 100: with t0 = 1
   * (γ_t = 1/t) σ̂² explodes on Booth–Hobert, and t0 ≤ 10 on salamander (Song & Tan 2022, §4); ScoreSA-6 was
   * stable in both of the paper's examples.
   */
  readonly t0?: number;
}

const shared = {
  ...logitOnlyLinkShape,
  iterations: z.number().int().min(1).max(10_000_000).optional(),
  chains: z.number().int().min(1).max(256).optional(),
  malaSteps: z.number().int().min(1).max(100_000).optional(),
  preconditionAfter: z.number().int().min(0).optional(),
  targetAcceptance: z.number().gt(0).lt(1).optional(),
  trace: z.boolean().optional(),
  start: z.instanceof(Float64Array).optional(),
};

export const imsaOptionsSchema = z
  .object({
    ...shared,
    scale: z.enum(["variance", "log"]).optional(),
    standardErrorBurnIn: z.number().min(0).lt(1).optional(),
  })
  .strict();

export const scoresaOptionsSchema = z.object({ ...shared, t0: z.number().int().min(1).optional() }).strict();

export interface ResolvedSaOptions {
  readonly iterations: number;
  readonly chains: number;
  readonly malaSteps: number;
  readonly preconditionAfter: number;
  readonly targetAcceptance: number;
  readonly trace: boolean;
  readonly start: Float64Array | null;
}

export function resolveSaOptions(o: StochasticApproximationOptions): ResolvedSaOptions {
  return {
    iterations: o.iterations ?? 2000,
    chains: o.chains ?? 4,
    malaSteps: o.malaSteps ?? 20,
    preconditionAfter: o.preconditionAfter ?? 500,
    targetAcceptance: o.targetAcceptance ?? 0.6,
    trace: o.trace ?? false,
    start: o.start ?? null,
  };
}
