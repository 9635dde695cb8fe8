/** The plugin contract every estimator implements (DESIGN.md, "The contracts"). */
import type { FitResult } from "./fit-result.js";
import type { ModelFrame } from "./model-frame.js";
import type { EstimatorKind } from "./stochastic-reports.js";

/** Version of the Estimator contract; bump on breaking changes so plugins can check. */
export const ESTIMATOR_CONTRACT_VERSION = 1;

/**
 * A request to stop, polled by long computations: an AbortSignal satisfies it, and so does a FitLimits
 * deadline (fit-limits.ts). A fit is synchronous, so it is polled rather than listened to.
 */
export interface StopSignal {
  readonly aborted: boolean;
  /** Why (printed in the result's warnings). */
  readonly reason?: unknown;
}

/** What a fit may receive besides the model and options: a seed and a progress callback. */
export interface FitContext {
  /** Seed for any stochastic step; the same seed gives byte-identical results. */
  readonly seed?: string;
  /** Progress callback for long fits (never required). */
  readonly onProgress?: (message: string) => void;
  /**
   * Polled before every optimiser iteration and objective evaluation, by searches over λ and by refits:
   * once aborted, the fit ends with the best point so far, marked not converged, saying why.
   */
  readonly signal?: StopSignal;
  /** Called after every optimiser iteration anywhere in the fit (iteration budgets count here). */
  readonly onIteration?: () => void;
  /**
   * Runs a stochastic estimator's independent chains elsewhere (worker threads, behind a `/node` entry or
   * the CLI); absent, chains run one after another here. Results must not depend on which is used.
   */
  readonly chainExecutor?: ChainExecutor;
}

/**
 * A unit of chain work that another thread can run: which estimator, which job, and a structured-cloneable
 * payload (the model frame and the options). The estimator's package exposes the function that runs it.
 */
export interface ChainTask {
  readonly estimator: string;
  readonly job: string;
  readonly payload: unknown;
}

export interface ChainExecutor {
  readonly threads: number;
  /** Runs chains 0 … chains − 1 of `task` and returns their results in chain order. */
  runChains(task: ChainTask, chains: number): unknown[];
  /**
   * Starts chains 0 … chains − 1 of a stateful task that advances in lockstep (an SA iteration needs every
   * chain before the next can start): each `step` sends one message to all chains and returns their replies.
   */
  openLockstep?(task: ChainTask, chains: number): LockstepChains;
}

/** Chains held by workers between steps (see ChainExecutor.openLockstep). */
export interface LockstepChains {
  /** Sends `message` to every chain and returns one reply per chain, in chain order. */
  step(message: unknown): unknown[];
  close(): void;
}

/** The plugin contract every estimator implements (DESIGN.md, "The contracts"). */
export interface Estimator<O = unknown> {
  /** Registry key: "ml", "mspl", ... */
  readonly name: string;
  /** One line for `glmm estimators`. */
  readonly summary: string;
  /** How it estimates (absent: by maximising a likelihood, possibly penalised); stochastic kinds take a seed. */
  readonly kind?: EstimatorKind;
  /** Fit the model; throws a GlmmInputError for options or models the estimator cannot take. */
  fit(model: ModelFrame, options?: O, context?: FitContext): FitResult;
}
