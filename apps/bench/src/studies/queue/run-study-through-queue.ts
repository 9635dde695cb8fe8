/**
 * `bench study NAME --queue redis://…`: the producer. It enqueues the study's missing tasks and collects
 * the rows the workers leave on completed jobs into the one store, removing each job once its row is
 * committed. Everything lives in Redis until stored, so a producer killed at any point, restarted, picks up
 * the rows finished meanwhile and enqueues only what is still missing.
 */
import type { Job } from "bullmq";
import { codeVersion } from "../runner/code-version.js";
import { workerFailureRow } from "../runner/failed-row.js";
import { createProgress, type ProgressSink } from "../runner/progress.js";
import type { RunSummary } from "../runner/run-study-locally.js";
import { planStudy, type StudyRunOptions } from "../runner/study-plan.js";
import { taskKey } from "../runner/study-task.js";
import { jobIdOf, loadBullmq, QUEUE_NAME, redisConnection, runIdOf, type TaskJobData, type TaskJobResult } from "./task-queue.js";

export interface QueueRunOptions extends StudyRunOptions {
  readonly url: string;
  readonly sink: ProgressSink;
  /** How often to look for finished jobs (milliseconds). */
  readonly pollMs?: number;
}

const PAGE = 500;
/** A task whose worker died is retried this many times in all before it is stored as a failure. */
const ATTEMPTS = 5;

export async function runStudyThroughQueue(options: QueueRunOptions): Promise<RunSummary> {
  // BullMQ first: if it cannot load, nothing is open yet.
  const { Queue } = await loadBullmq();
  const plan = planStudy(options);
  const { store } = plan;
  const runId = runIdOf(options.study.name, options.seed, options.out);
  const connection = await redisConnection(options.url);
  const queue = new Queue<TaskJobData, TaskJobResult>(QUEUE_NAME, { connection });
  const progress = createProgress({
    label: `${options.study.name} (queue)`,
    total: plan.total,
    alreadyDone: plan.alreadyDone,
    alreadyFailed: plan.alreadyFailed,
    sink: options.sink,
  });
  const wanted = new Set(plan.pending.map(taskKey));
  let failed = plan.alreadyFailed;
  try {
    for (let start = 0; start < plan.pending.length; start += PAGE) {
      await queue.addBulk(
        plan.pending.slice(start, start + PAGE).map((task) => ({
          name: options.study.name,
          data: { runId, task },
          opts: { jobId: jobIdOf(runId, taskKey(task)), attempts: ATTEMPTS, removeOnComplete: false, removeOnFail: false },
        })),
      );
    }
    const collect = async (job: Job<TaskJobData, TaskJobResult>, row: TaskJobResult): Promise<void> => {
      if (wanted.delete(row.task)) {
        store.put(row);
        if (row.status === "failed") failed++;
        progress.tick(row.status === "failed");
      }
      await job.remove();
    };
    while (wanted.size > 0) {
      let found = 0;
      for (const state of ["completed", "failed"] as const) {
        for (let offset = 0; ; offset += PAGE) {
          const jobs = await queue.getJobs([state], offset, offset + PAGE - 1, true);
          if (jobs.length === 0) break;
          let removed = 0;
          for (const job of jobs) {
            if (job === undefined || job.data.runId !== runId) continue;
            const row = state === "completed" ? job.returnvalue : workerFailureRow(job.data.task, job.failedReason, codeVersion());
            await collect(job, row);
            removed++;
            found++;
          }
          // Removed jobs shift the ones after them down by as many places.
          offset -= removed;
          if (jobs.length < PAGE) break;
        }
      }
      if (found === 0) await new Promise((done) => setTimeout(done, options.pollMs ?? 250));
    }
  } finally {
    progress.finish();
    await queue.close();
    connection.disconnect();
    store.close();
  }
  return { total: plan.total, ranNow: plan.pending.length, failed, missingEstimators: plan.missingEstimators.map((e) => e.label) };
}
