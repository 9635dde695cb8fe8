/**
 * `--threads N`: the chains of a stochastic estimator in N threads (node:worker_threads), behind the
 * synchronous ChainExecutor contract of core — the estimators' fit is synchronous, so no thread waits on its
 * event loop: a message is posted on a MessagePort, announced through a counter in a SharedArrayBuffer
 * (shared-signal.ts), and taken with receiveMessageOnPort. Each chain's computation depends only on the task
 * and its index, and the results are put back in chain order, so the output is byte-identical to a one-thread
 * run. Two shapes of work:
 *  - runChains: independent chains run to the end (mcmc) in N workers, chain j in worker j mod N, one reply
 *    per chain;
 *  - openLockstep: the chains of imsa/scoresa, which every iteration must wait for, stay in their threads
 *    between steps. The calling thread is one of the N: chain j runs in thread j mod N, thread N − 1 being
 *    the caller (the smallest share), which runs its chains here while the N − 1 workers run theirs. An
 *    iteration then costs one message to and one reply from each worker, and no thread sits idle waiting
 *    for the others' share.
 *
 * Why plain worker_threads and not piscina/tinypool: those pools are asynchronous (a Promise per task), which
 * the synchronous fit cannot await, they cannot keep a chain's state in one worker across steps, and the work
 * here is a handful of long-lived workers per fit — nothing for a pool's queueing or recycling to improve.
 */
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import type { ChainExecutor, ChainTask, LockstepChains } from "@glmmkit/core";
import { openChainJob } from "@glmmkit/estimators";
import { signal, waitForChange } from "./shared-signal.js";
import { threadRuns } from "./thread-liveness.js";

/**
 * The worker's script: beside the bundle (dist/chain-worker.mjs, built with dist/glmm.mjs) when this module
 * runs bundled, or bin/chain-worker.mjs (which loads the TypeScript sources) when it runs from source.
 */
const WORKER_SCRIPT = import.meta.url.endsWith(".ts")
  ? new URL("../bin/chain-worker.mjs", import.meta.url)
  : new URL("./chain-worker.mjs", import.meta.url);

/** What a worker posts: results for some of its chains, or the reason it failed. */
export type ChainWorkerMessage = { chains: number[]; results: unknown[] } | { error: string };

/** What the calling thread sends a lockstep worker: the next step's message, or the end of the run. */
export type LockstepCommand = { readonly step: unknown } | { readonly close: true };

export interface ChainWorkerData {
  readonly port: MessagePort;
  /** One Int32 counter: the replies posted by all of the executor's workers (the caller waits on it). */
  readonly replies: SharedArrayBuffer;
  /**
   * Two Int32s: [0] counts the commands posted to this worker — its assignment first (it waits on it); [1] is
   * the worker's kernel thread id, written when it starts (thread-liveness.ts; 0 where unknown).
   */
  readonly commands: SharedArrayBuffer;
}

/** A worker's first command: what to run. */
export interface ChainAssignment {
  readonly mode: "run" | "lockstep";
  readonly task: ChainTask;
  readonly chains: readonly number[];
}

/** A started worker, not yet or already assigned. */
interface WorkerSlot {
  readonly port: MessagePort;
  readonly commands: Int32Array;
}

/**
 * The executor of `--threads N`. Its N − 1 workers start at once, before the data is read and the fit set
 * up, so that loading their bundle (about 50 ms) overlaps that work instead of delaying the first lockstep
 * iteration; each then waits for its assignment. `runChains` (N workers) starts the one more it needs.
 */
export function workerChainExecutor(threads: number, script: URL = WORKER_SCRIPT): ChainExecutor & { close(): void } {
  const live: Worker[] = [];
  const replies = new Int32Array(new SharedArrayBuffer(4));
  const idle: WorkerSlot[] = [];

  function spawn(): WorkerSlot {
    const { port1, port2 } = new MessageChannel();
    const commands = new Int32Array(new SharedArrayBuffer(8));
    const data: ChainWorkerData = { port: port2, replies: replies.buffer as SharedArrayBuffer, commands: commands.buffer as SharedArrayBuffer };
    const worker = new Worker(script, { workerData: data, transferList: [port2], execArgv: [] });
    // A worker that fails outside a chain (while it loads, or one never assigned) must not take the command
    // down with an unhandled 'error' event: a chain's failure reaches the caller as a message instead.
    worker.on("error", () => {});
    live.push(worker);
    return { port: port1, commands };
  }
  try {
    for (let w = 1; w < threads; w++) idle.push(spawn());
  } catch (error) {
    // The workers already started would wait for an assignment for ever and keep the process alive.
    for (const worker of live.splice(0)) void worker.terminate();
    throw error;
  }

  /** Posts `command` to a worker and announces it on the worker's counter. */
  function post(slot: WorkerSlot, command: ChainAssignment | LockstepCommand): void {
    slot.port.postMessage(command);
    signal(slot.commands, 0);
  }

  /** One worker per entry of `assignments` (started ones first), worker w running the chains assignments[w]. */
  function start(mode: ChainAssignment["mode"], task: ChainTask, assignments: readonly (readonly number[])[]): WorkerSlot[] {
    return assignments.map((chains) => {
      const slot = idle.shift() ?? spawn();
      post(slot, { mode, task, chains });
      return slot;
    });
  }

  /** Blocks until `expected` chain results have arrived from `slots`; returns them by chain index. */
  function collect(slots: readonly WorkerSlot[], expected: number, chains: number): unknown[] {
    const results = new Array<unknown>(chains);
    let received = 0;
    while (received < expected) {
      const seen = Atomics.load(replies, 0);
      for (const { port } of slots) {
        for (let message = receiveMessageOnPort(port); message !== undefined; message = receiveMessageOnPort(port)) {
          const m = message.message as ChainWorkerMessage;
          if ("error" in m) throw new Error(`a worker thread failed: ${m.error}`);
          m.chains.forEach((chain, k) => (results[chain] = m.results[k]));
          received += m.chains.length;
        }
      }
      if (received < expected) waitForChange(replies, 0, seen, () => checkRunning(slots));
    }
    return results;
  }

  /** Throws when a worker that owes replies has ended without sending them (killed, out of memory). */
  function checkRunning(slots: readonly WorkerSlot[]): void {
    for (const { commands } of slots) {
      if (!threadRuns(Atomics.load(commands, 1))) {
        throw new Error("a worker thread ended without sending its chains' results (out of memory?); run with fewer --threads, or none");
      }
    }
  }

  return {
    threads,
    runChains(task: ChainTask, chains: number): unknown[] {
      const slots = start("run", task, roundRobin(chains, Math.min(threads, chains)));
      const results = collect(slots, chains, chains);
      for (const { port } of slots) port.close();
      return results;
    },
    openLockstep(task: ChainTask, chains: number): LockstepChains {
      // This thread takes the last share, the smallest (it also runs the SA update between steps).
      const shares = roundRobin(chains, Math.min(threads, chains));
      const here = shares.pop()!;
      const slots = start("lockstep", task, shares);
      const remote = chains - here.length;
      const send = (command: LockstepCommand) => slots.forEach((slot) => post(slot, command));
      const closeWorkers = () => {
        send({ close: true });
        for (const { port } of slots) port.close();
      };
      let local: ReturnType<typeof openChainJob>;
      try {
        local = openChainJob(task, here);
      } catch (error) {
        closeWorkers();
        throw error;
      }
      return {
        step(message: unknown): unknown[] {
          send({ step: message });
          // This thread's share runs while the workers run theirs.
          const mine = local.step(message);
          const results = collect(slots, remote, chains);
          here.forEach((chain, k) => (results[chain] = mine[k]));
          return results;
        },
        close: closeWorkers,
      };
    },
    close(): void {
      // Workers never assigned are waiting for their assignment: terminate ends them as it ends the others.
      idle.length = 0;
      for (const worker of live.splice(0)) void worker.terminate();
    },
  };
}

/** Chain j goes to part j mod parts: `parts` lists of chain indices, in increasing order. */
function roundRobin(chains: number, parts: number): number[][] {
  return Array.from({ length: parts }, (_, w) => Array.from({ length: chains }, (_, j) => j).filter((j) => j % parts === w));
}
