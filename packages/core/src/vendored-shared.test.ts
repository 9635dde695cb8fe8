/**
 * vendor/shared/ is a copy of ../shared's test data and reference numbers (so `pnpm test` runs in a clone
 * without ../shared); where ../shared exists, the copy must match it byte for byte.
 */
import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { sharedDataPath, sharedReferencePath } from "./test-support/shared-data.js";

const script = fileURLToPath(new URL("../../../tooling/scripts/refresh-vendored-shared.mjs", import.meta.url));
const upstream = fileURLToPath(new URL("../../../../shared/", import.meta.url));

describe("vendor/shared", () => {
  it("holds the data and reference files the tests read", () => {
    expect(existsSync(sharedDataPath("culcita.csv"))).toBe(true);
    expect(existsSync(sharedReferencePath("lme4.json"))).toBe(true);
  });

  it.skipIf(!existsSync(upstream))("matches ../shared (run `pnpm vendor:shared` when it does not)", () => {
    const run = spawnSync(process.execPath, [script, "--check"], { encoding: "utf8", env: { ...process.env, GLMMKIT_SHARED: upstream } });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });
});
