/**
 * Resume: `bench study` killed with SIGKILL after some tasks, then run again on the same folder, ends with
 * exactly the full set of rows — the same bytes as an uninterrupted run, seconds aside — runs only the
 * tasks that were missing, and reports the same summary.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { reportStudyDir } from "./report/report-command.js";
import { runBench, startBench, waitFor } from "./test-support/bench-process.js";
import { runReference } from "./test-support/local-reference.js";
import { liveRowCount, storedContent, storedRows } from "./test-support/stored-rows.js";

const scratch = mkdtempSync(join(tmpdir(), "glmmkit-resume-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

it("a run killed with SIGKILL resumes with only the missing tasks and ends equal to an uninterrupted run", async () => {
  const total = 3 * 11 * 2; // cells × 1 replication × (ml, mspl)
  const reference = join(scratch, "reference");
  const killed = join(scratch, "killed");
  await runReference("extreme-effects", 1, reference);

  const args = ["study", "extreme-effects", "--replications", "1", "--workers", "1", "--out", killed];
  const first = startBench(args);
  await waitFor("10 stored rows", () => liveRowCount(killed) >= 10, 60_000);
  first.child.kill("SIGKILL");
  await first.exited;
  const survived = liveRowCount(killed);
  expect(survived).toBeGreaterThanOrEqual(10);
  expect(survived).toBeLessThan(total);

  const second = await runBench(args);
  expect(second.code).toBe(0);
  expect(second.output).toContain(`${total} tasks in ${killed} (${total - survived} run now, 0 failed)`);
  expect(storedRows(killed)).toHaveLength(total);
  expect(storedContent(killed)).toBe(storedContent(reference));

  const resumedReport = await reportStudyDir(killed);
  const referenceReport = await reportStudyDir(reference);
  expect(resumedReport.markdown).toBe(referenceReport.markdown);
  expect(readFileSync(join(resumedReport.dir, "bad-fits.csv"), "utf8")).toBe(readFileSync(join(referenceReport.dir, "bad-fits.csv"), "utf8"));
}, 180_000);
