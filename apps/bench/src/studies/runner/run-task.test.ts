/**
 * One task in-process: the same task gives the same record bytes, a stochastic estimator's seed is a
 * function of the task, and an error inside the fit is the task's recorded failure, not an exception.
 */
import { describe, expect, it } from "vitest";
import { fromCanonicalJson } from "./canonical-json.js";
import type { FitRecord } from "./fit-record.js";
import { runTask, taskSeed } from "./run-task.js";
import type { StudyTask } from "./study-task.js";

const task: StudyTask = {
  study: "extreme-effects",
  design: "extreme-effects",
  seed: "1",
  cell: "n=50,lambda=-10",
  cellInput: { n: 50, lambda: -10 },
  replicate: 3,
  estimator: { label: "ml", estimator: "ml" },
};

const VERSION = "bench 0.0.0 test";

describe("runTask", () => {
  it("gives the same bytes for the same task, and a record that reads back", async () => {
    const first = await runTask(task, VERSION);
    const second = await runTask(task, VERSION);
    expect(first.status).toBe("ok");
    expect(second.record).toBe(first.record);
    expect(first.task).toBe("n=50,lambda=-10#3#ml");
    expect(first.codeVersion).toBe(VERSION);
    const fit = fromCanonicalJson<FitRecord>(first.record!);
    expect(fit.betaNames).toEqual(["(Intercept)", "x2", "x3", "x4", "x5"]);
    expect(fit.data.rows).toBe(250);
    expect(fit.data.clusters).toBe(5);
    // Wald: β̂ ± 1.96 SE.
    const k = 2;
    expect(fit.betaUpper[k]! - fit.beta[k]!).toBeCloseTo(1.959963984540054 * fit.betaSe[k]!, 10);
  }, 60_000);

  it("records an error inside the fit as the task's failure, naming it", async () => {
    const row = await runTask({ ...task, estimator: { label: "bad", estimator: "ml", options: { nAGQ: -1 } } }, VERSION);
    expect(row.status).toBe("failed");
    expect(row.record).toBeNull();
    expect(row.error).toMatch(/nAGQ/);
    const unknown = await runTask({ ...task, estimator: { label: "none", estimator: "no-such-estimator" } }, VERSION);
    expect(unknown.status).toBe("failed");
    expect(unknown.error).toMatch(/no-such-estimator/);
  }, 60_000);

  it("derives a stochastic estimator's seed from the task alone", () => {
    expect(taskSeed(task)).toBe("1/extreme-effects/n=50,lambda=-10/3/ml");
    expect(taskSeed({ ...task, replicate: 4 })).not.toBe(taskSeed(task));
  });
});
