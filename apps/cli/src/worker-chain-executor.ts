/**
 * `--threads N`: the chains of a stochastic estimator in N worker threads (node:worker_threads), behind
 * the synchronous ChainExecutor contract of core — the estimators' fit is synchronous, so the main thread
 * blocks on a shared counter (Atomics.wait, allowed on Node's main thread) and collects the results with
 * receiveMessageOnPort, without needing its event loop. Chain j runs in worker j mod N; each chain's
 * computation depends only on the task and its index, and the results are assembled in chain order, so the
 * output is byte-identical to a one-thread run.
 *
 * Why plain worker_threads and not piscina/tinypool: those pools are asynchronous (a Promise per task), which
 * the synchronous fit cannot await, and the job here is a handful of long tasks started once per fit — no
 * queueing, recycling or idle management to gain from a pool.
 */
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import type { ChainExecutor, ChainTask } from "@glmmkit/core";

/**
 * The worker's script: beside the bundle (dist/chain-worker.mjs, built with dist/glmm.mjs) when this module
 * runs bundled, or bin/chain-worker.mjs (which loads the TypeScript sources) when it runs from source.
 */
const WORKER_SCRIPT = import.meta.url.endsWith(".ts")
  ? new URL("../bin/chain-worker.mjs", import.meta.url)
  : new URL("./chain-worker.mjs", import.meta.url);

/** What a worker posts: one chain's result, or the reason it failed. */
export type ChainWorkerMessage = { chain: number; result: unknown } | { chain: number; error: string };

export interface ChainWorkerData {
  readonly task: ChainTask;
  readonly chains: readonly number[];
  readonly port: MessagePort;
  readonly signal: SharedArrayBuffer;
}

export function workerChainExecutor(threads: number): ChainExecutor & { close(): void } {
  const live: Worker[] = [];
  return {
    threads,
    runChains(task: ChainTask, chains: number): unknown[] {
      const workerCount = Math.min(threads, chains);
      const signal = new SharedArrayBuffer(4);
      const counter = new Int32Array(signal);
      const ports: MessagePort[] = [];
      for (let w = 0; w < workerCount; w++) {
        const { port1, port2 } = new MessageChannel();
        const assigned = Array.from({ length: chains }, (_, j) => j).filter((j) => j % workerCount === w);
        const data: ChainWorkerData = { task, chains: assigned, port: port2, signal };
        live.push(new Worker(WORKER_SCRIPT, { workerData: data, transferList: [port2], execArgv: [] }));
        ports.push(port1);
      }
      const results = new Array<unknown>(chains);
      let received = 0;
      while (received < chains) {
        const seen = Atomics.load(counter, 0);
        for (const port of ports) {
          for (let message = receiveMessageOnPort(port); message !== undefined; message = receiveMessageOnPort(port)) {
            const m = message.message as ChainWorkerMessage;
            if ("error" in m) throw new Error(`chain ${m.chain + 1} failed in a worker thread: ${m.error}`);
            results[m.chain] = m.result;
            received++;
          }
        }
        if (received < chains) Atomics.wait(counter, 0, seen, 1000);
      }
      for (const port of ports) port.close();
      return results;
    },
    close(): void {
      for (const worker of live.splice(0)) void worker.terminate();
    },
  };
}
