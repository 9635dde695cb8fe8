import { describe, expect, it } from "vitest";
import type { StoredRow } from "./stored-row.js";
import { COMMIT_EVERY_MS, GroupCommit } from "./group-commit.js";

const row = (task: string): StoredRow => ({ task, cell: "c", replicate: 1, estimator: "ml", status: "ok", record: "{}", error: null, codeVersion: "v", seconds: 0 });
const later = () => new Promise((resolve) => setTimeout(resolve, 3 * COMMIT_EVERY_MS));

describe("GroupCommit", () => {
  it("commits rows added within one interval together, and the rest at close", async () => {
    const commits: string[][] = [];
    const group = new GroupCommit({ putAll: (rows) => void commits.push(rows.map((r) => r.task)) });
    group.add(row("a"));
    group.add(row("b"));
    await later();
    group.add(row("c"));
    group.close();
    group.add(row("d"));
    await later();
    expect(commits).toEqual([["a", "b"], ["c"]]);
  });

  it("keeps a commit that failed on the timer and throws it at close, committing nothing after it", async () => {
    let calls = 0;
    const group = new GroupCommit({
      putAll: () => {
        calls++;
        throw new Error("disk full");
      },
    });
    group.add(row("a"));
    await later();
    group.add(row("b"));
    expect(() => group.close()).toThrow("disk full");
    expect(calls).toBe(1);
  });
});
