/**
 * `bench study NAME`: every missing task of the study through the local worker-thread pool, rows committed
 * to the store within COMMIT_EVERY_MS of their task finishing, so a run killed at any point resumes with
 * only what is missing (at most that much finished work is lost and run again, with the same bytes).
 */
import { codeVersion } from "./code-version.js";
import { createProgress, type ProgressSink } from "./progress.js";
import { planStudy, type StudyPlan, type StudyRunOptions } from "./study-plan.js";
import { GroupCommit } from "./group-commit.js";
import { runOnPool, startTaskPool, type TaskPool } from "./task-pool.js";

export interface LocalRunOptions extends StudyRunOptions {
  readonly workers: number;
  readonly sink: ProgressSink;
  /** A pool to reuse (tests running several studies); by default one of `workers` threads, closed at the end. */
  readonly pool?: TaskPool;
}

export interface RunSummary {
  readonly total: number;
  readonly ranNow: number;
  readonly failed: number;
  readonly missingEstimators: readonly string[];
}

export async function runStudyLocally(options: LocalRunOptions): Promise<RunSummary> {
  // The pool first: its threads load their bundle and warm up while this thread plans and opens the store.
  const pool = options.pool ?? (await startTaskPool(options.workers, codeVersion()));
  try {
    return await runPendingTasks(planStudy(options), pool, options);
  } finally {
    if (options.pool === undefined) await pool.close();
  }
}

async function runPendingTasks(plan: StudyPlan, pool: TaskPool, options: LocalRunOptions): Promise<RunSummary> {
  const { store, pending } = plan;
  const progress = createProgress({
    label: options.study.name,
    total: plan.total,
    alreadyDone: plan.alreadyDone,
    alreadyFailed: plan.alreadyFailed,
    sink: options.sink,
  });
  let failed = plan.alreadyFailed;
  const commits = new GroupCommit(store);
  try {
    try {
      await Promise.all(
        pending.map(async (task) => {
          const row = await runOnPool(pool, task, codeVersion());
          commits.add(row);
          if (row.status === "failed") failed++;
          progress.tick(row.status === "failed");
        }),
      );
    } finally {
      // Commits what is left, and throws the first commit that failed (here or on the timer).
      commits.close();
    }
  } finally {
    progress.finish();
    store.close();
  }
  return { total: plan.total, ranNow: pending.length, failed, missingEstimators: plan.missingEstimators.map((e) => e.label) };
}
