/**
 * The body of a chain worker thread (see worker-chain-executor.ts): run the assigned chains to the end and
 * post each result ("run"), or hold them and answer every step command with their replies ("lockstep"). A
 * lockstep worker never returns to its event loop between steps: it waits on its command counter
 * (shared-signal.ts) and takes the command with receiveMessageOnPort, which is what keeps a step's round trip
 * far below the length of a short iteration.
 */
import { receiveMessageOnPort, workerData } from "node:worker_threads";
import { openChainJob, runChainTask, type ChainJob } from "@glmmkit/estimators";
import { signal as signalChange, waitForChange } from "./shared-signal.js";
import type { ChainWorkerData, ChainWorkerMessage, LockstepCommand } from "./worker-chain-executor.js";

const { mode, task, chains, port, signal, index } = workerData as ChainWorkerData;
const counters = new Int32Array(signal);
/** Counter 0 counts replies (the caller waits on it); counter 1 + index counts this worker's commands. */
const COMMANDS = 1 + index;

function post(message: ChainWorkerMessage): void {
  port.postMessage(message);
  signalChange(counters, 0);
}

/** Answers each step command until the caller closes the run. */
function serveLockstep(job: ChainJob): void {
  const held = [...chains];
  let seen = 0;
  for (;;) {
    waitForChange(counters, COMMANDS, seen);
    seen = Atomics.load(counters, COMMANDS);
    for (let received = receiveMessageOnPort(port); received !== undefined; received = receiveMessageOnPort(port)) {
      const command = received.message as LockstepCommand;
      if ("close" in command) return;
      try {
        post({ chains: held, results: job.step(command.step) });
      } catch (error) {
        post(failure(error));
      }
    }
  }
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
  let job: ChainJob | null = null;
  try {
    job = openChainJob(task, chains);
  } catch (error) {
    post(failure(error));
  }
  if (job !== null) serveLockstep(job);
  port.close();
}
