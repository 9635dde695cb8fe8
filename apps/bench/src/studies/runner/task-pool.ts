/**
 * The worker-thread pool (piscina 5): `workers` threads, each running tasks through runTask from the
 * prebuilt bundle (task-thread.ts → dist/task-thread.mjs). One pool serves the local runner and each
 * queue worker. The threads start loading as soon as the pool exists, so a caller creates it first and
 * plans while they warm up. A thread that dies mid-task (out of memory, a crash in native code) rejects
 * that task only: the caller records it as a failure and the pool replaces the thread.
 */
import { Piscina } from "piscina";
import type { StoredRow } from "./stored-row.js";
import type { StudyTask } from "./study-task.js";
import type { TaskThreadData } from "./task-thread.js";
import { currentWorkerBundle } from "./worker-bundle.js";

export interface TaskPool {
  run(task: StudyTask): Promise<StoredRow>;
  close(): Promise<void>;
}

/** Starts `workers` threads on a current bundle (rebuilt first if a source changed); rows carry `codeVersion`. */
export async function startTaskPool(workers: number, codeVersion: string): Promise<TaskPool> {
  const workerData: TaskThreadData = { codeVersion };
  const pool = new Piscina({ filename: await currentWorkerBundle(), workerData, minThreads: workers, maxThreads: workers, idleTimeout: 60_000 });
  return {
    run: (task) => pool.run(task) as Promise<StoredRow>,
    close: () => pool.destroy(),
  };
}
