/**
 * The other side of FitContext.chainExecutor: a worker thread receives a ChainTask and either runs
 * independent chains to the end (`runChainTask`: mcmc) or holds chains between the steps of a lockstep run
 * (`openChainJob`: the imputation chains of imsa and scoresa, which wait for every chain at each iteration).
 * Messages and results are structured-cloneable.
 */
import type { ChainTask } from "@glmmkit/core";
import { runMcmcChainTask, type McmcChainPayload } from "./mcmc/mcmc-estimator.js";
import { openSaChainJob, type SaChainPayload } from "./stochastic-approximation/sa-lockstep.js";

export function runChainTask(task: ChainTask, chain: number): unknown {
  if (task.estimator === "mcmc" && task.job === "chain") return runMcmcChainTask(task.payload as McmcChainPayload, chain);
  throw new Error(`no chain job "${task.job}" for estimator "${task.estimator}"`);
}

/** A stateful job holding some chains of a lockstep run. */
export interface ChainJob {
  /** One reply per held chain, in the order of `chains` given to openChainJob. */
  step(message: unknown): unknown[];
}

export function openChainJob(task: ChainTask, chains: readonly number[]): ChainJob {
  if ((task.estimator === "imsa" || task.estimator === "scoresa") && task.job === "sa-chains") {
    return openSaChainJob(task.payload as SaChainPayload, chains);
  }
  throw new Error(`no lockstep job "${task.job}" for estimator "${task.estimator}"`);
}
