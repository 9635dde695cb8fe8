import { afterEach, describe, expect, it, vi } from "vitest";
import { loadHighsSolver } from "./highs-solver.js";
import { detectSeparation } from "./detect-separation.js";

describe("loadHighsSolver", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("loads the wasm solver once, silently, and reuses it", async () => {
    const writes: string[] = [];
    const capture = (chunk: unknown) => {
      writes.push(String(chunk));
      return true;
    };
    vi.spyOn(process.stdout, "write").mockImplementation(capture);
    vi.spyOn(process.stderr, "write").mockImplementation(capture);
    const logs = vi.spyOn(console, "log");
    const errors = vi.spyOn(console, "error");

    const first = loadHighsSolver();
    const second = loadHighsSolver();
    expect(second).toBe(first);
    const highs = await first;
    expect(highs.version.major).toBeGreaterThanOrEqual(1);
    // A full detection (several LP solves) prints nothing either: no banner, no iteration log.
    const report = await detectSeparation(
      Float64Array.from([1, 1, 1, 1, -2, -1, 1, 2]),
      4,
      2,
      Float64Array.from([0, 0, 1, 1]),
    );
    expect(report.separated).toBe(true);
    expect(await loadHighsSolver()).toBe(highs);
    expect(writes).toEqual([]);
    expect(logs).not.toHaveBeenCalled();
    expect(errors).not.toHaveBeenCalled();
  });
});
