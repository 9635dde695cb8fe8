/**
 * The study commands' prebuilt bundles (scripts/study-bundles.mjs): when one counts as current
 * (tooling/node-bundle's bundleIsCurrent, which decides whether `bench study` rebuilds before it starts):
 * it exists, its inputs list reads, and it is newer than every input listed; an input changed or removed
 * since the build makes it stale. And bin/bench.mjs sends exactly the study suites to the bundle.
 */
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bundleIsCurrent } from "@glmmkit/node-bundle";
import { STUDY_COMMANDS } from "../../scripts/study-bundles.mjs";
import { STUDY_SUITES } from "./study-suites.js";

let dir: string;
let files: { bundle: string; inputsFile: string; packageDir: string };

function writeAt(path: string, text: string, seconds: number): void {
  writeFileSync(path, text);
  utimesSync(path, seconds, seconds);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "glmmkit-bundle-"));
  mkdirSync(join(dir, "src"));
  mkdirSync(join(dir, "dist"));
  files = { bundle: join(dir, "dist", "thread.mjs"), inputsFile: join(dir, "dist", "thread.inputs.json"), packageDir: dir };
  writeAt(join(dir, "src", "a.ts"), "export const a = 1;\n", 1_000);
  writeAt(join(dir, "src", "b.ts"), "export const b = 2;\n", 1_000);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("bundleIsCurrent", () => {
  it("is false without a bundle or without its inputs list", () => {
    expect(bundleIsCurrent(files)).toBe(false);
    writeAt(files.bundle, "export {};\n", 2_000);
    expect(bundleIsCurrent(files)).toBe(false);
  });

  it("is true for a bundle newer than every input, false once one is edited or removed", () => {
    writeAt(files.bundle, "export {};\n", 2_000);
    writeFileSync(files.inputsFile, JSON.stringify({ inputs: ["src/a.ts", "src/b.ts"] }));
    expect(bundleIsCurrent(files)).toBe(true);
    utimesSync(join(dir, "src", "b.ts"), 3_000, 3_000);
    expect(bundleIsCurrent(files)).toBe(false);
    utimesSync(join(dir, "src", "b.ts"), 1_000, 1_000);
    expect(bundleIsCurrent(files)).toBe(true);
    unlinkSync(join(dir, "src", "a.ts"));
    expect(bundleIsCurrent(files)).toBe(false);
  });
});

describe("the study commands' bundle", () => {
  it("serves exactly the study suites (bin/bench.mjs sends these names to it)", () => {
    expect([...STUDY_COMMANDS].sort()).toEqual(Object.keys(STUDY_SUITES).sort());
  });
});
