/**
 * `--threads N`: the chains of a stochastic estimator in N worker threads (node:worker_threads), behind
 * the synchronous ChainExecutor contract of core — the estimators' fit is synchronous, so the main thread
 * blocks on a shared counter (Atomics.wait, allowed on Node's main thread) and collects the replies with
 * receiveMessageOnPort, without needing its event loop. Chain j runs in worker j mod N; each chain's
 * computation depends only on the task and its index, and the results are put back in chain order, so the
 * output is byte-identical to a one-thread run. Two shapes of work:
 *  - runChains: independent chains run to the end (mcmc), one reply per chain;
 *  - openLockstep: workers keep their chains between steps (the imputation chains of imsa/scoresa, which
 *    every iteration must wait for), one message per step to every worker, one reply per chain.
 *
 * Why plain worker_threads and not piscina/tinypool: those pools are asynchronous (a Promise per task), which
 * the synchronous fit cannot await, they cannot keep a chain's state in one worker across steps, and the work
 * here is a handful of long-lived workers per fit — nothing for a pool's queueing or recycling to improve.
 */
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import type { ChainExecutor, ChainTask, LockstepChains } from "@glmmkit/core";

/**
 * The worker's script: beside the bundle (dist/chain-worker.mjs, built with dist/glmm.mjs) when this module
 * runs bundled, or bin/chain-worker.mjs (which loads the TypeScript sources) when it runs from source.
 */
const WORKER_SCRIPT = import.meta.url.endsWith(".ts")
  ? new URL("../bin/chain-worker.mjs", import.meta.url)
  : new URL("./chain-worker.mjs", import.meta.url);

/** What a worker posts: results for some of its chains, or the reason it failed. */
export type ChainWorkerMessage = { chains: number[]; results: unknown[] } | { error: string };

export interface ChainWorkerData {
  readonly mode: "run" | "lockstep";
  readonly task: ChainTask;
  readonly chains: readonly number[];
  readonly port: MessagePort;
  readonly signal: SharedArrayBuffer;
}

interface WorkerSet {
  readonly ports: MessagePort[];
  readonly counter: Int32Array;
}

export function workerChainExecutor(threads: number): ChainExecutor & { close(): void } {
  const live: Worker[] = [];

  function start(mode: ChainWorkerData["mode"], task: ChainTask, chains: number): WorkerSet {
    const workerCount = Math.min(threads, chains);
    const signal = new SharedArrayBuffer(4);
    const ports: MessagePort[] = [];
    for (let w = 0; w < workerCount; w++) {
      const { port1, port2 } = new MessageChannel();
      const assigned = Array.from({ length: chains }, (_, j) => j).filter((j) => j % workerCount === w);
      const data: ChainWorkerData = { mode, task, chains: assigned, port: port2, signal };
      live.push(new Worker(WORKER_SCRIPT, { workerData: data, transferList: [port2], execArgv: [] }));
      ports.push(port1);
    }
    return { ports, counter: new Int32Array(signal) };
  }

  /** Blocks until `expected` chain results have arrived; returns them in chain order. */
  function collect(set: WorkerSet, expected: number): unknown[] {
    const results = new Array<unknown>(expected);
    let received = 0;
    while (received < expected) {
      const seen = Atomics.load(set.counter, 0);
      for (const port of set.ports) {
        for (let message = receiveMessageOnPort(port); message !== undefined; message = receiveMessageOnPort(port)) {
          const m = message.message as ChainWorkerMessage;
          if ("error" in m) throw new Error(`a worker thread failed: ${m.error}`);
          m.chains.forEach((chain, k) => (results[chain] = m.results[k]));
          received += m.chains.length;
        }
      }
      if (received < expected) Atomics.wait(set.counter, 0, seen, 1000);
    }
    return results;
  }

  return {
    threads,
    runChains(task: ChainTask, chains: number): unknown[] {
      const set = start("run", task, chains);
      const results = collect(set, chains);
      for (const port of set.ports) port.close();
      return results;
    },
    openLockstep(task: ChainTask, chains: number): LockstepChains {
      const set = start("lockstep", task, chains);
      return {
        step(message: unknown): unknown[] {
          for (const port of set.ports) port.postMessage(message);
          return collect(set, chains);
        },
        close(): void {
          for (const port of set.ports) port.close();
        },
      };
    },
    close(): void {
      for (const worker of live.splice(0)) void worker.terminate();
    },
  };
}
