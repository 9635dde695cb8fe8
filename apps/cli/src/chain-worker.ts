/**
 * The body of a chain worker thread (see worker-chain-executor.ts): run the assigned chains to the end and
 * post each result ("run"), or hold them and answer every step message with their replies ("lockstep").
 */
import { workerData } from "node:worker_threads";
import { openChainJob, runChainTask } from "@glmmkit/estimators";
import type { ChainWorkerData, ChainWorkerMessage } from "./worker-chain-executor.js";

const { mode, task, chains, port, signal } = workerData as ChainWorkerData;
const counter = new Int32Array(signal);

function post(message: ChainWorkerMessage): void {
  port.postMessage(message);
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
}

function failure(error: unknown): ChainWorkerMessage {
  return { error: error instanceof Error ? error.message : String(error) };
}

if (mode === "run") {
  for (const chain of chains) {
    try {
      post({ chains: [chain], results: [runChainTask(task, chain)] });
    } catch (error) {
      post(failure(error));
    }
  }
  port.close();
} else {
  try {
    const job = openChainJob(task, chains);
    port.on("message", (message: unknown) => {
      try {
        post({ chains: [...chains], results: job.step(message) });
      } catch (error) {
        post(failure(error));
      }
    });
  } catch (error) {
    post(failure(error));
  }
}
