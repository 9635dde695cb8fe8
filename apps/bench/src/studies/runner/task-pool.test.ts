/**
 * The pool runs the prebuilt bundle, not the sources vitest loads: the rows it returns must be the bytes
 * runTask gives in-process from the TypeScript sources, stamped with the code version the pool was given.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTask } from "./run-task.js";
import type { StudyTask } from "./study-task.js";
import { startTaskPool, type TaskPool } from "./task-pool.js";

const base = { study: "extreme-effects", design: "extreme-effects", seed: "1", cell: "n=50,lambda=-10", cellInput: { n: 50, lambda: -10 } } as const;
const tasks: StudyTask[] = [
  { ...base, replicate: 1, estimator: { label: "ml", estimator: "ml" } },
  { ...base, replicate: 2, estimator: { label: "mspl", estimator: "mspl" } },
  { ...base, replicate: 3, estimator: { label: "bad", estimator: "ml", options: { nAGQ: -1 } } },
];
const VERSION = "bench 0.0.0 pool-test";

let pool: TaskPool;
beforeAll(async () => {
  pool = await startTaskPool(1, VERSION);
}, 60_000);
afterAll(async () => {
  await pool.close();
});

describe("the task pool", () => {
  it("gives the rows runTask gives from the sources, byte for byte, with the pool's code version", async () => {
    for (const task of tasks) {
      const { seconds: _pooled, ...pooled } = await pool.run(task);
      const { seconds: _direct, ...direct } = await runTask(task, VERSION);
      expect(pooled).toEqual(direct);
      expect(pooled.codeVersion).toBe(VERSION);
    }
  }, 60_000);
});
