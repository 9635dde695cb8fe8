/** The study commands as a user meets them: the list, and bad input as one line naming the token, exit 2. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../main.js";
import { runBench } from "./test-support/bench-process.js";

afterEach(() => {
  vi.restoreAllMocks();
});

async function mainWithOutput(args: readonly string[]): Promise<{ code: number; output: string }> {
  let output = "";
  const capture = (chunk: string | Uint8Array): boolean => {
    output += String(chunk);
    return true;
  };
  vi.spyOn(process.stdout, "write").mockImplementation(capture);
  vi.spyOn(process.stderr, "write").mockImplementation(capture);
  const code = await main(args);
  vi.restoreAllMocks();
  return { code, output };
}

describe("bench study / worker / report on the command line", () => {
  it("lists the studies with their columns (as a separate process, the way a user runs it)", async () => {
    const { code, output } = await runBench(["study", "--list"]);
    expect(code).toBe(0);
    for (const name of ["extreme-effects", "culcita", "unified-table4", "unified-table5", "unified-table6", "booth-hobert", "salamander"]) {
      expect(output).toContain(name);
    }
    expect(output).toMatch(/columns: ml, mspl; default 100 replications/);
  }, 60_000);

  it.each([
    [["study", "no-such-study"], /^bench study: unknown study "no-such-study": one of extreme-effects/],
    [["study", "culcita", "--replications", "0"], /^bench study: --replications expects a positive integer, got "0"/],
    [["study", "culcita", "--wokers", "2"], /^bench study: unknown flag --wokers/],
    [["study", "culcita", "--queue", "localhost:6379"], /^bench study: --queue expects a Redis URL/],
    [["worker"], /^bench worker: bench worker needs --queue/],
    [["report", "/nonexistent/folder"], /^bench report: \/nonexistent\/folder holds no results.sqlite/],
  ])("%j exits 2 with one line naming the problem", async (args, message) => {
    const { code, output } = await mainWithOutput(args);
    expect(code).toBe(2);
    expect(output).toMatch(message);
    expect(output.trim().split("\n")).toHaveLength(1);
  }, 30_000);
});
