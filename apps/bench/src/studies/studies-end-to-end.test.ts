/**
 * Every study end to end at 2 replications on the worker-thread pool: the store holds exactly one row per
 * (cell, replicate, active estimator), the report writes its tables (Markdown + CSV) and plots, and every
 * plot opens as an SVG and a PNG of twice its size. The extreme-effects store written here is the
 * uninterrupted reference of the resume and queue tests.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STUDIES } from "./definitions/registry.js";
import type { StudyDefinition } from "./study-definition.js";
import { estimatorAvailability } from "./estimator-availability.js";
import { reportStudyDir } from "./report/report-command.js";
import { runStudyLocally } from "./runner/run-study-locally.js";
import { codeVersion } from "./runner/code-version.js";
import { startTaskPool, type TaskPool } from "./runner/task-pool.js";
import { studyCellLabels, taskKey, enumerateTasks } from "./runner/study-task.js";
import { checkPlotFiles } from "./test-support/plot-files.js";
import { storedRows } from "./test-support/stored-rows.js";

const REPLICATIONS = 2;

/**
 * Test-sized settings of the stochastic columns (each study's own take minutes per fit): the columns run
 * end to end through the same runner, store and report, only shorter. Estimators not registered are skipped.
 */
const SHORT_RUNS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  imsa: { iterations: 40, chains: 2, malaSteps: 5, preconditionAfter: 20 },
  scoresa: { iterations: 40, chains: 2, malaSteps: 5, preconditionAfter: 20 },
  mcmc: { chains: 1, warmup: 25, draws: 25 },
};

function shortened(study: StudyDefinition): StudyDefinition {
  return { ...study, estimators: study.estimators.map((e) => ({ ...e, options: { ...e.options, ...SHORT_RUNS[e.estimator] } })) };
}
let scratch: string;
let pool: TaskPool;
const quiet = { isTTY: false, write: () => undefined };

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), "glmmkit-studies-"));
  pool = await startTaskPool(2, codeVersion());
});

afterAll(async () => {
  await pool.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe.each(STUDIES.map((s) => [s.name, shortened(s)] as const))("study %s at 2 replications", (name, study) => {
  it("stores one row per task and reports tables and plots", async () => {
    const out = join(scratch, name);
    const summary = await runStudyLocally({ study, out, replications: REPLICATIONS, seed: study.defaultSeed, workers: 2, sink: quiet, pool });
    const { active, missing } = estimatorAvailability(study);
    const expected = enumerateTasks(study, active, REPLICATIONS, study.defaultSeed).map(taskKey).sort();
    expect(summary.total).toBe(studyCellLabels(study).length * REPLICATIONS * active.length);
    expect(summary.missingEstimators).toEqual(missing.map((e) => e.label));
    const rows = storedRows(out);
    expect(rows.map((r) => r.task)).toEqual(expected);
    // Failures are recorded, never thrown; none of these small fits should fail.
    expect(rows.filter((r) => r.status === "failed").map((r) => `${r.task}: ${r.error}`)).toEqual([]);

    const report = await reportStudyDir(out);
    const readme = readFileSync(join(report.dir, "README.md"), "utf8");
    expect(readme).toContain(`${rows.length} stored tasks, 0 failed`);
    const tables = report.files.filter((f) => f.endsWith(".csv"));
    expect(tables.length).toBeGreaterThan(0);
    for (const csv of tables) {
      const lines = readFileSync(join(report.dir, csv), "utf8").trim().split("\n");
      expect(lines.length).toBeGreaterThan(1);
      expect(existsSync(join(report.dir, csv.replace(/\.csv$/, ".md")))).toBe(true);
    }
    const plots = report.files.filter((f) => f.endsWith(".svg"));
    expect(plots.length).toBeGreaterThan(0);
    for (const svg of plots) {
      const check = checkPlotFiles(join(report.dir, svg), join(report.dir, svg.replace(/\.svg$/, ".png")));
      expect(check.svgWidth).toBeGreaterThan(100);
      expect(check.svgHeight).toBeGreaterThan(100);
      expect(check.pngWidth).toBe(Math.ceil(check.svgWidth * 2));
      expect(check.pngHeight).toBe(Math.ceil(check.svgHeight * 2));
    }
  }, 120_000);
});

describe("a study whose column cannot fit", () => {
  it("records every task of that column as failed and completes the others", async () => {
    const boothHobert = STUDIES.find((s) => s.name === "booth-hobert")!;
    const study: StudyDefinition = {
      ...boothHobert,
      estimators: [
        { label: "ml", estimator: "ml" },
        { label: "ml-bad-option", estimator: "ml", options: { nAGQ: 0 } },
      ],
    };
    const out = join(scratch, "with-failures");
    const summary = await runStudyLocally({ study, out, replications: 3, seed: "1", workers: 2, sink: quiet, pool });
    expect(summary).toMatchObject({ total: 6, ranNow: 6, failed: 3 });
    const rows = storedRows(out);
    expect(rows.filter((r) => r.status === "ok").map((r) => r.estimator)).toEqual(["ml", "ml", "ml"]);
    expect(rows.filter((r) => r.status === "failed").every((r) => r.estimator === "ml-bad-option" && /nAGQ/.test(r.error ?? ""))).toBe(true);
    const report = await reportStudyDir(out);
    expect(report.markdown).toContain("6 stored tasks, 3 failed");
  }, 60_000);
});
