/**
 * The body of a pool thread (task-pool.ts), run from its prebuilt bundle dist/task-thread.mjs (plain
 * JavaScript: no TypeScript compiler in the thread). The code version comes from the process that started
 * the pool, which made sure the bundle is current with the sources first (worker-bundle.ts), so every
 * row names the source it was computed from without each thread asking git again.
 */
import { workerData } from "node:worker_threads";
import { loadHighsSolver } from "@glmmkit/separation-detect";
import { oneAtATime } from "./one-at-a-time.js";
import { runTask } from "./run-task.js";
import type { StoredRow } from "./stored-row.js";
import type { StudyTask } from "./study-task.js";

export interface TaskThreadData {
  readonly codeVersion: string;
}

const { codeVersion } = workerData as TaskThreadData;

// Every task starts with a separation LP: load and compile the HiGHS wasm now, while the main thread is
// still planning, not inside the first task. A failed load is left to that task, which records it as
// the run's warning (as it does for a load that fails later).
await loadHighsSolver().catch(() => undefined);

// The pool sends a thread its next task while the current one runs; they still run one at a time.
export default oneAtATime((task: StudyTask): Promise<StoredRow> => runTask(task, codeVersion));
