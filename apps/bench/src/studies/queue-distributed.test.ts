/**
 * Distributed: redis-server on 127.0.0.1, the producer (`bench study … --queue`) and two `bench worker`
 * processes; one worker is killed with SIGKILL while both hold a task. Its task's lock expires, the other
 * worker takes it again, the study completes, and the one store equals the local run's byte for byte
 * (seconds aside).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { QUEUE_NAME } from "./queue/task-queue.js";
import { startBench, waitFor } from "./test-support/bench-process.js";
import { runReference } from "./test-support/local-reference.js";
import { hasRedisServer, startRedisServer, type RedisServer } from "./test-support/redis-server.js";
import { liveRowCount, storedContent, storedRows } from "./test-support/stored-rows.js";

const scratch = mkdtempSync(join(tmpdir(), "glmmkit-queue-"));
let redis: RedisServer | undefined;
afterAll(async () => {
  await redis?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

// CI installs redis-server (.ci/run), so there the test always runs; elsewhere it needs `apt-get install redis-server`.
describe.runIf(hasRedisServer() || process.env["CI"] !== undefined)("bench study --queue with two bench workers", () => {
  it("completes after a worker is killed mid-task, with the local run's rows", async () => {
    const total = 3 * 11 * 2;
    const reference = join(scratch, "reference");
    const distributed = join(scratch, "distributed");
    await runReference("extreme-effects", 1, reference);
    redis = await startRedisServer();
    const workerArgs = ["worker", "--queue", redis.url, "--workers", "1", "--stalled-ms", "1500"];
    const doomed = startBench(workerArgs);
    const survivor = startBench(workerArgs);
    const producer = startBench(["study", "extreme-effects", "--replications", "1", "--out", distributed, "--queue", redis.url]);
    const client = new Redis(redis.url);
    try {
      // Both workers hold a job (the active list has two) after some rows are in: the doomed one is mid-task.
      await waitFor("5 stored rows", () => liveRowCount(distributed) >= 5, 90_000);
      await waitFor("both workers busy", async () => (await client.llen(`bull:${QUEUE_NAME}:active`)) === 2, 30_000);
      doomed.child.kill("SIGKILL");
      await doomed.exited;
      expect(liveRowCount(distributed)).toBeLessThan(total);
      expect(await producer.exited).toBe(0);
    } finally {
      client.disconnect();
      survivor.child.kill("SIGTERM");
      await survivor.exited;
    }
    expect(producer.output()).toContain(`${total} tasks in ${distributed}`);
    expect(storedRows(distributed)).toHaveLength(total);
    expect(storedContent(distributed)).toBe(storedContent(reference));
  }, 240_000);
});
