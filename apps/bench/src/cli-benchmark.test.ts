import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseCsv, buildModelFrame } from "@glmmkit/core";
import { generateLargeFile } from "./cli-benchmark.js";

describe("bench cli's generated file", () => {
  it("is byte-identical for the same seed and reads as a 10-covariate model with the asked clusters", () => {
    const dir = mkdtempSync(join(tmpdir(), "bench-cli-"));
    generateLargeFile(join(dir, "a.csv"), 600, 30);
    generateLargeFile(join(dir, "b.csv"), 600, 30);
    const text = readFileSync(join(dir, "a.csv"), "utf8");
    expect(readFileSync(join(dir, "b.csv"), "utf8")).toBe(text);
    const frame = buildModelFrame(parseCsv(text, "a.csv"), `y ~ ${Array.from({ length: 10 }, (_, j) => `x${j + 1}`).join(" + ")} + (1 | g)`);
    expect(frame.n).toBe(600);
    expect(frame.p).toBe(11);
    expect(frame.terms[0]!.levels).toHaveLength(30);
    const successes = Array.from(frame.y).reduce((s, v) => s + v, 0);
    expect(successes).toBeGreaterThan(100);
    expect(successes).toBeLessThan(500);
  });
});
