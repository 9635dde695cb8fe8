/** The row of a task whose worker died before it could report (the fit's own errors are caught inside runTask). */
import type { StoredRow } from "./stored-row.js";
import { taskKey, type StudyTask } from "./study-task.js";

export function workerFailureRow(task: StudyTask, error: unknown, codeVersion: string): StoredRow {
  const text = error instanceof Error ? error.message : String(error);
  return {
    task: taskKey(task),
    cell: task.cell,
    replicate: task.replicate,
    estimator: task.estimator.label,
    status: "failed",
    record: null,
    error: `worker lost: ${text.split("\n")[0]}`,
    codeVersion,
    seconds: 0,
  };
}
