/**
 * The worker-thread pool (piscina 5): `workers` threads, each running tasks through runTask. One pool
 * serves the local runner and each queue worker. A thread that dies mid-task (out of memory, a crash in
 * native code) rejects that task only: the caller records it as a failure and the pool replaces the thread.
 */
import { Piscina } from "piscina";
import type { StoredRow } from "./stored-row.js";
import type { StudyTask } from "./study-task.js";

export interface TaskPool {
  run(task: StudyTask): Promise<StoredRow>;
  close(): Promise<void>;
}

const WORKER_FILE = new URL("./task-worker.mjs", import.meta.url).href;

export function createTaskPool(workers: number): TaskPool {
  const pool = new Piscina({ filename: WORKER_FILE, minThreads: workers, maxThreads: workers, idleTimeout: 60_000 });
  return {
    run: (task) => pool.run(task) as Promise<StoredRow>,
    close: () => pool.destroy(),
  };
}
