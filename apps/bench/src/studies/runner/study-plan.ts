/**
 * What a run of a study has to do: open (or resume) its store, list its tasks for the active estimators,
 * and keep those not yet stored. Shared by the local runner and the queue producer.
 */
import { ResultStore } from "../store/result-store.js";
import { estimatorAvailability } from "../estimator-availability.js";
import type { StudyDefinition, StudyEstimator } from "../study-definition.js";
import { enumerateTasks, taskKey, type StudyTask } from "./study-task.js";

export interface StudyRunOptions {
  readonly study: StudyDefinition;
  readonly out: string;
  readonly replications: number;
  readonly seed: string;
}

export interface StudyPlan {
  readonly store: ResultStore;
  readonly total: number;
  readonly pending: readonly StudyTask[];
  readonly alreadyDone: number;
  readonly alreadyFailed: number;
  readonly missingEstimators: readonly StudyEstimator[];
}

export function planStudy(options: StudyRunOptions): StudyPlan {
  const { active, missing } = estimatorAvailability(options.study);
  const tasks = enumerateTasks(options.study, active, options.replications, options.seed);
  const store = ResultStore.open(options.out, { study: options.study.name, design: options.study.design, seed: options.seed });
  const stored = store.storedTasks();
  const pending = tasks.filter((task) => !stored.has(taskKey(task)));
  const wanted = new Set(tasks.map(taskKey));
  const failedKeys = new Set(store.rows().filter((r) => r.status === "failed").map((r) => r.task));
  let alreadyFailed = 0;
  for (const key of failedKeys) if (wanted.has(key)) alreadyFailed++;
  return { store, total: tasks.length, pending, alreadyDone: tasks.length - pending.length, alreadyFailed, missingEstimators: missing };
}
