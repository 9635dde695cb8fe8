/**
 * The worker-thread pool (piscina 5): `workers` threads, each running tasks through runTask from the
 * prebuilt bundle (task-thread.ts → dist/task-thread.mjs). One pool serves the local runner and each
 * queue worker. The threads start loading as soon as the pool exists, so a caller creates it first and
 * plans while they warm up.
 *
 * Each thread holds two tasks: the one it runs and the next, which it starts as soon as the first ends
 * (task-thread.ts runs them one at a time). With one, a thread sat idle after every task until the main
 * thread — sharing the same cores — woke, took the row and sent the next task. A thread that dies (out of
 * memory, a crash in native code) rejects both tasks it holds, so the caller retries a rejected task once
 * on a fresh thread before it records the task as failed (runOnPool).
 */
import { Piscina } from "piscina";
import { workerFailureRow } from "./failed-row.js";
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
  const pool = new Piscina({
    filename: await currentWorkerBundle(),
    workerData,
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 60_000,
    concurrentTasksPerWorker: 2,
  });
  return {
    run: (task) => pool.run(task) as Promise<StoredRow>,
    close: () => pool.destroy(),
  };
}

/**
 * A task's row from the pool; a task whose thread died is tried once more on a fresh thread (it may only
 * have been queued behind the task that killed it), and recorded as the worker's failure if lost again.
 */
export async function runOnPool(pool: TaskPool, task: StudyTask, codeVersion: string): Promise<StoredRow> {
  try {
    return await pool.run(task);
  } catch {
    return pool.run(task).catch((error: unknown) => workerFailureRow(task, error, codeVersion));
  }
}
