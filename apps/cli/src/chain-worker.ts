/** The body of a chain worker thread (see worker-chain-executor.ts): run the assigned chains, post each result. */
import { workerData } from "node:worker_threads";
import { runChainTask } from "@glmmkit/estimators";
import type { ChainWorkerData, ChainWorkerMessage } from "./worker-chain-executor.js";

const { task, chains, port, signal } = workerData as ChainWorkerData;
const counter = new Int32Array(signal);

function post(message: ChainWorkerMessage): void {
  port.postMessage(message);
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
}

for (const chain of chains) {
  try {
    post({ chain, result: runChainTask(task, chain) });
  } catch (error) {
    post({ chain, error: error instanceof Error ? error.message : String(error) });
  }
}
