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

describe("configureHighs", () => {
  it("passes the wasm location to a fresh loader and refuses a change after loading", async () => {
    vi.resetModules();
    const fresh = await import("./highs-solver.js");
    const { createRequire } = await import("node:module");
    const wasmPath = createRequire(import.meta.url).resolve("highs/runtime");
    const asked: string[] = [];
    expect(fresh.isHighsSolverLoaded()).toBe(false);
    fresh.configureHighs({
      locateFile: (file) => {
        asked.push(file);
        return wasmPath;
      },
    });
    const highs = await fresh.loadHighsSolver();
    expect(highs.version.major).toBeGreaterThanOrEqual(1);
    expect(asked).toContain("highs.wasm");
    expect(fresh.isHighsSolverLoaded()).toBe(true);
    expect(() => fresh.configureHighs({})).toThrow(/before the first separation LP/);
  });

  it("loads from the wasm bytes alone (no file lookup)", async () => {
    vi.resetModules();
    const fresh = await import("./highs-solver.js");
    const { readFileSync } = await import("node:fs");
    const { createRequire } = await import("node:module");
    fresh.configureHighs({ wasmBinary: readFileSync(createRequire(import.meta.url).resolve("highs/runtime")) });
    expect((await fresh.loadHighsSolver()).version.major).toBeGreaterThanOrEqual(1);
  });

  it("reports a wasm location that does not exist when the solver loads", async () => {
    vi.resetModules();
    const fresh = await import("./highs-solver.js");
    fresh.configureHighs({ locateFile: () => "/no/such/dir/highs.wasm" });
    await expect(fresh.loadHighsSolver()).rejects.toThrow();
    expect(fresh.isHighsSolverLoaded()).toBe(false);
  });
});
