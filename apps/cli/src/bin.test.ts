/**
 * The installed command as a user runs it: a whole `node` process on bin/glmm.mjs, which must run the
 * compiled bundle (no tsx), load the HiGHS solver only when an LP is solved, print its version, and
 * resolve relative paths against the directory the command was typed in (also through `pnpm glmm`).
 */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { sharedDir } from "./test-support/cli-harness.js";

const bin = fileURLToPath(new URL("../bin/glmm.mjs", import.meta.url));
const trace = fileURLToPath(new URL("./test-support/trace-loads.mjs", import.meta.url));
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const manifest = JSON.parse(readFileSync(fileURLToPath(new URL("../package.json", import.meta.url)), "utf8")) as { version: string };

function glmm(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  return spawnSync(process.execPath, ["--import", trace, bin, ...args], {
    encoding: "utf8",
    cwd: options.cwd ?? tmpdir(),
    env: { ...process.env, GLMM_FROM_SOURCE: "", ...options.env },
  });
}

const loads = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("load: "));

describe("the glmm command (whole process)", () => {
  it("prints its version", () => {
    const run = glmm(["--version"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`${manifest.version}\n`);
  });

  it("runs the compiled bundle: no tsx, and no HiGHS for commands that solve no LP", () => {
    for (const args of [["--version"], ["estimators"], ["fit", "--help"]]) {
      const run = glmm(args);
      expect(run.status).toBe(0);
      expect(loads(run.stderr)).toEqual([]);
    }
  });

  it("fits the embedded example without HiGHS (the IRLS certificate settles it) and loads HiGHS when the LP must run", () => {
    const run = glmm(["fit"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Generalized linear mixed model fit by "ml"');
    expect(run.stdout).toContain("separation (X alone");
    expect(loads(run.stderr)).toEqual([]);
    // Endometrial is separated in NV: no finite maximiser exists, so only the LP can say so.
    const separated = glmm(["separation", resolve(sharedDir, "data", "endometrial.csv"), "--formula", "HG ~ NV + PI + EH"]);
    expect(separated.status).toBe(0);
    expect(loads(separated.stderr).some((l) => l.includes("highs"))).toBe(true);
    expect(loads(separated.stderr).some((l) => l.includes("tsx"))).toBe(false);
  });

  it("runs the bundled chain workers: imsa and mcmc give the same bytes with --threads 2 as with one thread", () => {
    const data = resolve(sharedDir, "data", "culcita.csv");
    for (const flags of [
      ["--estimator", "imsa", "--iterations", "60"],
      ["--estimator", "mcmc", "--chains", "2", "--warmup", "50", "--draws", "50"],
    ]) {
      const args = ["fit", data, "--formula", "predation ~ ttt + (1 | block)", ...flags, "--seed", "3", "--json"];
      const one = glmm([...args, "--threads", "1"]);
      const two = glmm([...args, "--threads", "2"]);
      expect(one.status, one.stderr).toBe(0);
      expect(two.status, two.stderr).toBe(0);
      expect(loads(two.stderr)).toEqual([]);
      expect(two.stdout).toBe(one.stdout);
    }
  });

  it("reads a relative path from the directory it runs in", () => {
    const dir = mkdtempSync(join(tmpdir(), "glmm-cwd-"));
    copyFileSync(resolve(sharedDir, "data", "culcita.csv"), join(dir, "mine.csv"));
    const run = glmm(["fit", "mine.csv", "--formula", "predation ~ ttt + (1 | block)", "--json"], { cwd: dir });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).estimator).toBe("ml");
  });

  it("through `pnpm glmm`, resolves relative paths against INIT_CWD (where the user typed the command)", () => {
    const dir = mkdtempSync(join(tmpdir(), "glmm-init-cwd-"));
    copyFileSync(resolve(sharedDir, "data", "culcita.csv"), join(dir, "mine.csv"));
    const launcher = join(repoRoot, "tooling", "scripts", "pnpm-glmm.mjs");
    const run = spawnSync(process.execPath, [launcher, "fit", "mine.csv", "--formula", "predation ~ ttt + (1 | block)"], {
      encoding: "utf8",
      cwd: repoRoot,
      env: { ...process.env, INIT_CWD: dir },
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const missing = spawnSync(process.execPath, [launcher, "fit", "nope.csv", "--formula", "y ~ x + (1 | g)"], {
      encoding: "utf8",
      cwd: repoRoot,
      env: { ...process.env, INIT_CWD: dir },
    });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('error: cannot read file "nope.csv": no such file\n');
  });

  it("falls back to the TypeScript sources when asked (or when the bundle is stale), with the same output", () => {
    const fromBundle = glmm(["fit", "--json"]);
    const fromSource = glmm(["fit", "--json"], { env: { GLMM_FROM_SOURCE: "1" } });
    expect(loads(fromSource.stderr).some((l) => l.includes("tsx"))).toBe(true);
    expect(fromSource.stdout).toBe(fromBundle.stdout);
  });
});
