/**
 * The body of a chain worker thread (see worker-chain-executor.ts): run the assigned chains to the end and
 * post each result ("run"), or hold them and answer every step command with their replies ("lockstep"). A
 * lockstep worker never returns to its event loop between steps: it waits on its command counter
 * (shared-signal.ts) and takes the command with receiveMessageOnPort, which is what keeps a step's round trip
 * far below the length of a short iteration.
 */
import { receiveMessageOnPort, workerData, type MessagePort } from "node:worker_threads";
import { openChainJob, runChainTask, type ChainJob } from "@glmmkit/estimators";
import { signal as signalChange, waitForChange } from "./shared-signal.js";
import { currentThreadId } from "./thread-liveness.js";
import type { ChainAssignment, ChainWorkerData, ChainWorkerMessage, LockstepCommand } from "./worker-chain-executor.js";

const { port, replies: repliesBuffer, commands: commandsBuffer } = workerData as ChainWorkerData;
/** The executor's reply counter (the caller waits on it), and this worker's command counter (it waits on it). */
const replies = new Int32Array(repliesBuffer);
const commands = new Int32Array(commandsBuffer);
// The caller waits for this thread without an event loop: it looks for this id to tell whether it still runs.
Atomics.store(commands, 1, currentThreadId());
/** The commands taken so far: the assignment, then the lockstep steps. */
let seen = 0;

function post(message: ChainWorkerMessage): void {
  port.postMessage(message);
  signalChange(replies, 0);
}

/** The next command on `port`, waiting on the command counter until one is there. */
function nextCommand(from: MessagePort): unknown {
  for (;;) {
    const received = receiveMessageOnPort(from);
    if (received !== undefined) return received.message;
    waitForChange(commands, 0, seen);
    seen = Atomics.load(commands, 0);
  }
}

/** Answers each step command until the caller closes the run. */
function serveLockstep(job: ChainJob, chains: number[]): void {
  for (;;) {
    const command = nextCommand(port) as LockstepCommand;
    if ("close" in command) return;
    try {
      post({ chains, results: job.step(command.step) });
    } catch (error) {
      post(failure(error));
    }
  }
}

function failure(error: unknown): ChainWorkerMessage {
  return { error: error instanceof Error ? error.message : String(error) };
}

const { mode, task, chains } = nextCommand(port) as ChainAssignment;
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
  if (job !== null) serveLockstep(job, [...chains]);
  port.close();
}
