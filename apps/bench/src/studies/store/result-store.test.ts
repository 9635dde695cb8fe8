import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { StoredRow } from "../runner/stored-row.js";
import { ResultStore, StoreMismatchError, reproducibleContent } from "./result-store.js";

const scratch = mkdtempSync(join(tmpdir(), "glmmkit-store-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function row(task: string, seconds: number): StoredRow {
  return { task, cell: "c", replicate: 1, estimator: "ml", status: "ok", record: '{"x":1}', error: null, codeVersion: "v", seconds };
}

describe("result store", () => {
  it("keeps the first row of a task stored twice and reads rows in task order", () => {
    const dir = join(scratch, "a");
    const store = ResultStore.open(dir, { study: "s", design: "d", seed: "1" });
    store.put(row("b#1#ml", 1));
    store.put(row("a#1#ml", 2));
    store.put({ ...row("b#1#ml", 3), record: '{"x":2}' });
    expect(store.rows().map((r) => [r.task, r.record, r.seconds])).toEqual([
      ["a#1#ml", '{"x":1}', 2],
      ["b#1#ml", '{"x":1}', 1],
    ]);
    expect(store.count()).toEqual({ total: 2, failed: 0 });
    store.close();
    // Seconds are left out of the reproducible content.
    const reopened = ResultStore.open(dir, { study: "s", design: "d", seed: "1" });
    expect(reproducibleContent(reopened.rows())).toBe(reproducibleContent([row("a#1#ml", 9), row("b#1#ml", 9)]));
    reopened.close();
  });

  it("stores a group of rows in one transaction, keeping the first of a task stored twice", () => {
    const store = ResultStore.open(join(scratch, "c"), { study: "s", design: "d", seed: "1" });
    store.put(row("a#1#ml", 1));
    store.putAll([{ ...row("a#1#ml", 2), record: '{"x":2}' }, row("c#1#ml", 3), row("b#1#ml", 4)]);
    store.putAll([]);
    expect(store.rows().map((r) => [r.task, r.record, r.seconds])).toEqual([
      ["a#1#ml", '{"x":1}', 1],
      ["b#1#ml", '{"x":1}', 4],
      ["c#1#ml", '{"x":1}', 3],
    ]);
    store.close();
  });

  it("refuses a folder that holds another study or seed, naming both", () => {
    const dir = join(scratch, "b");
    ResultStore.open(dir, { study: "s", design: "d", seed: "1" }).close();
    expect(() => ResultStore.open(dir, { study: "s", design: "d", seed: "2" })).toThrow(StoreMismatchError);
    expect(() => ResultStore.open(dir, { study: "t", design: "d", seed: "1" })).toThrow(/holds study "s" with seed "1"/);
  });
});
