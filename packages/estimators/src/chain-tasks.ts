/**
 * The other side of FitContext.chainExecutor: a worker thread receives a ChainTask and a chain index and
 * calls `runChainTask`, which dispatches to the estimator's chain function. Results are structured-cloneable.
 */
import type { ChainTask } from "@glmmkit/core";
import { runMcmcChainTask, type McmcChainPayload } from "./mcmc/mcmc-estimator.js";

export function runChainTask(task: ChainTask, chain: number): unknown {
  if (task.estimator === "mcmc" && task.job === "chain") return runMcmcChainTask(task.payload as McmcChainPayload, chain);
  throw new Error(`no chain job "${task.job}" for estimator "${task.estimator}"`);
}
