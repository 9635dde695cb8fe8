// A chain worker that dies without a word: it reports its thread id as chain-worker.ts does, takes its
// assignment, and ends its thread — as one killed for running out of memory would (worker-executor.test.ts).
import { readlinkSync } from "node:fs";
import { workerData } from "node:worker_threads";

const commands = new Int32Array(workerData.commands);
Atomics.store(commands, 1, Number(readlinkSync("/proc/thread-self").split("/").pop()));
while (Atomics.load(commands, 0) === 0) Atomics.wait(commands, 0, 0, 100);
process.exit(1);
