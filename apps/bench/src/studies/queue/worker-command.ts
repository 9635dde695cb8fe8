/**
 * `bench worker --queue redis://… [--workers N] [--stalled-ms N]`: takes study tasks from the queue, runs
 * them on a local worker-thread pool and leaves each row on its completed job for the producer. A worker
 * killed mid-task holds its job's lock until it expires (`--stalled-ms`, default 30 s); another worker then
 * takes the job again, and since a task is a pure function of its data, the retry gives the same bytes.
 * Runs until SIGINT or SIGTERM, then finishes the tasks in hand.
 */
import { availableParallelism } from "node:os";
import { parseFlags, positiveInteger, redisUrl, UsageError } from "../command-flags.js";
import { codeVersion } from "../runner/code-version.js";
import { startTaskPool } from "../runner/task-pool.js";
import { loadBullmq, QUEUE_NAME, redisConnection, type TaskJobData, type TaskJobResult } from "./task-queue.js";

export const WORKER_USAGE = "usage: bench worker --queue redis://HOST:PORT [--workers N] [--stalled-ms N]";

export async function runWorkerCommand(args: readonly string[]): Promise<number> {
  const flags = parseFlags(args, ["--queue", "--workers", "--stalled-ms"]);
  if (flags.positional.length > 0) throw new UsageError(`unexpected argument "${flags.positional[0]}" (${WORKER_USAGE})`);
  const url = redisUrl(flags);
  if (url === undefined) throw new UsageError(`bench worker needs --queue (${WORKER_USAGE})`);
  const workers = positiveInteger(flags, "--workers", availableParallelism());
  const stalledMs = positiveInteger(flags, "--stalled-ms", 30_000);
  // BullMQ first: if it cannot load, no pool threads are left running.
  const { Worker } = await loadBullmq();
  const pool = await startTaskPool(workers, codeVersion());
  const connection = await redisConnection(url);
  const worker = new Worker<TaskJobData, TaskJobResult>(QUEUE_NAME, (job) => pool.run(job.data.task), {
    connection,
    concurrency: workers,
    lockDuration: stalledMs,
    stalledInterval: Math.max(500, Math.floor(stalledMs / 2)),
    maxStalledCount: 10,
  });
  let finished = 0;
  worker.on("completed", () => {
    finished++;
  });
  worker.on("error", (error) => process.stderr.write(`worker: ${error.message}\n`));
  process.stderr.write(`worker: ${workers} thread(s) on ${url}, queue ${QUEUE_NAME}\n`);
  await new Promise<void>((stop) => {
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await worker.close();
  await pool.close();
  connection.disconnect();
  process.stderr.write(`worker: stopped after ${finished} task(s)\n`);
  return 0;
}
