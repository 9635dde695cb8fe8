/**
 * The pool runs the prebuilt bundle, not the sources vitest loads: the rows it returns must be the bytes
 * runTask gives in-process from the TypeScript sources, stamped with the code version the pool was given,
 * also when a thread holds a second task behind the one it runs. A task whose thread died is tried once more.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTask } from "./run-task.js";
import type { StudyTask } from "./study-task.js";
import type { StoredRow } from "./stored-row.js";
import { runOnPool, startTaskPool, type TaskPool } from "./task-pool.js";

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
    // All at once: the one thread holds two tasks at a time and must run them one after the other.
    const pooledRows = await Promise.all(tasks.map((task) => pool.run(task)));
    for (const [i, task] of tasks.entries()) {
      const { seconds: _pooled, ...pooled } = pooledRows[i]!;
      const { seconds: _direct, ...direct } = await runTask(task, VERSION);
      expect(pooled).toEqual(direct);
      expect(pooled.codeVersion).toBe(VERSION);
    }
  }, 60_000);

  it("tries a task lost with its thread once more, and records it as the worker's failure if lost again", async () => {
    const row = (task: StudyTask): StoredRow => ({ task: `${task.cell}#${task.replicate}#${task.estimator.label}`, cell: task.cell, replicate: task.replicate, estimator: task.estimator.label, status: "ok", record: "{}", error: null, codeVersion: VERSION, seconds: 0 });
    let calls = 0;
    const losesFirst: TaskPool = { run: async (task) => (++calls === 1 ? Promise.reject(new Error("thread exited")) : row(task)), close: async () => undefined };
    expect(await runOnPool(losesFirst, tasks[0]!, VERSION)).toEqual(row(tasks[0]!));
    expect(calls).toBe(2);
    const losesAlways: TaskPool = { run: () => Promise.reject(new Error("thread exited\nstack")), close: async () => undefined };
    const failed = await runOnPool(losesAlways, tasks[0]!, VERSION);
    expect(failed).toMatchObject({ status: "failed", record: null, error: "worker lost: thread exited", codeVersion: VERSION });
  });
});
