/**
 * The BullMQ queue every study run and every `bench worker` share. A job carries one task (self-contained:
 * design, cell, seed, replicate, estimator and options), so a worker needs no study definition, only the
 * same code. The job id is a hash of the run and the task: enqueuing again (a restarted producer) adds
 * nothing that is already waiting, running or finished.
 */
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import type { StoredRow } from "../runner/stored-row.js";
import type { StudyTask } from "../runner/study-task.js";

export const QUEUE_NAME = "glmmkit-study-tasks";

export interface TaskJobData {
  /** Which producer's store the row goes to (hash of study, seed and output folder). */
  readonly runId: string;
  readonly task: StudyTask;
}

export type TaskJobResult = StoredRow;

export function runIdOf(study: string, seed: string, out: string): string {
  return createHash("sha256").update(`${study}\u0000${seed}\u0000${out}`).digest("hex").slice(0, 16);
}

export function jobIdOf(runId: string, taskKey: string): string {
  return createHash("sha256").update(`${runId}\u0000${taskKey}`).digest("hex").slice(0, 32);
}

/**
 * A connection as BullMQ needs it (blocking commands must not time out). ioredis and BullMQ are loaded only
 * here and where a queue or worker is made: the study commands run from one bundle, whose static imports
 * load with every command, and these two take about 0.2 s that a local run does not need.
 */
export async function redisConnection(url: string): Promise<Redis> {
  const { Redis } = await import("ioredis");
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}

/** BullMQ, loaded on first use (see redisConnection). */
export function loadBullmq(): Promise<typeof import("bullmq")> {
  return import("bullmq");
}
