import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";
import { runCli, writeTempCsv } from "./test-support/cli-harness.js";

const here = dirname(fileURLToPath(import.meta.url));
const shared = resolve(here, "..", "..", "..", "vendor", "shared");

const run = runCli;
const csv = writeTempCsv;

describe("glmm fit", () => {
  it("fits the embedded Culcita example by default and prints an lme4-style summary", async () => {
    const { code, out, err } = await run(["fit"]);
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toContain("Formula: predation ~ ttt + (1 | block)");
    expect(out).toMatch(/-30\.35/); // lme4: logLik -30.3529
    expect(out).toMatch(/\(Intercept\)\s+5\.09/);
    expect(out).toMatch(/tttboth\s+-5\.59/);
    expect(out).toMatch(/block\s+\(Intercept\)\s+11\.8\d*\s+3\.43/);
    expect(out).toContain("Number of obs: 80, groups: block, 10");
    expect(out).toMatch(/max \|gradient\|/);
  });

  it("--json writes the whole FitResult", async () => {
    const path = resolve(shared, "data", "cbpp.csv");
    const { code, out } = await run([
      "fit",
      path,
      "--formula",
      "cbind(incidence, size - incidence) ~ period + (1 | herd)",
      "--factors",
      "period",
      "--nagq",
      "25",
      "--json",
    ]);
    expect(code).toBe(0);
    const fit = JSON.parse(out);
    expect(fit.estimator).toBe("ml");
    expect(fit.betaNames).toEqual(["(Intercept)", "period2", "period3", "period4"]);
    expect(fit.beta[0]).toBeCloseTo(-1.3992, 3);
    expect(fit.diagnostics.approximation).toContain("nAGQ = 25");
    expect(fit.covariances[0].sd[0]).toBeCloseTo(0.6475, 3);
  });

  it("fits a correlated random slope with --success for a text response, printing glmmTMB's numbers", async () => {
    const path = resolve(shared, "data", "toenail.csv");
    const { code, out } = await run([
      "fit",
      path,
      "--formula",
      "outcome ~ treatment * time + (1 + time | patientID)",
      "--success",
      "moderate or severe",
    ]);
    expect(code).toBe(0);
    // glmmTMB 1.1.5 (../shared/reference/glmmtmb.json): logLik −491.3153, SDs 23.4309 and 3.8363, corr −0.873.
    const ref = glmmTmb("toenail_slope_laplace");
    expect(out).toMatch(/^\s+-491\.3\s+982\.6\s+996\.6\s+1035\.5\s+7\s+1901$/m); // df.resid = 1908 − 7
    expect(out).toMatch(/^ patientID \(Intercept\) 549\.0\d\s+23\.431\s*$/m);
    expect(out).toMatch(/^\s+time\s+14\.72\s+3\.836\s+-0\.87$/m);
    const table = fixedEffectsTable(out);
    expect(Object.keys(table)).toEqual(Object.keys(ref.fixef));
    for (const [name, [estimate, se]] of Object.entries(table)) {
      // Printed to 5 decimals: within rounding plus 1e-4 of glmmTMB's optimum, SEs within 1 %.
      expect(Math.abs(estimate - ref.fixef[name]!), name).toBeLessThan(1.5e-4);
      expect(Math.abs(se - ref.se[name]!) / ref.se[name]!, `SE ${name}`).toBeLessThan(0.01);
    }
  });

  it("--optimizer bfgs reaches glmmTMB's optimum and --json carries lme4's conditional modes (cbpp)", async () => {
    const path = resolve(shared, "data", "cbpp.csv");
    const args = ["fit", path, "--formula", "cbind(incidence, size - incidence) ~ period + (1 | herd)", "--factors", "period"];
    const { code, out } = await run([...args, "--optimizer", "bfgs", "--json"]);
    expect(code).toBe(0);
    const fit = JSON.parse(out);
    expect(fit.diagnostics.optimizer).toBe("BFGS");
    expect(fit.converged).toBe(true);
    const ref = glmmTmb("cbpp_laplace");
    expect(Math.abs(fit.logLik - ref.logLik)).toBeLessThan(1e-6);
    fit.betaNames.forEach((name: string, k: number) => expect(Math.abs(fit.beta[k] - ref.fixef[name]!), name).toBeLessThan(1e-4));
    // lme4's ranef() at tolPwrss = 1e-12 (reference/conditional-modes.json, made by reference/scripts/conditional-modes.R).
    const modes = JSON.parse(readFileSync(resolve(here, "..", "..", "..", "reference", "conditional-modes.json"), "utf8")).cbpp_laplace;
    expect(fit.ranef[0].levels).toEqual(modes.levels);
    const values = Object.values(fit.ranef[0].values) as number[];
    modes.modes.forEach((mode: number, j: number) => expect(Math.abs(values[j]! - mode), `herd ${modes.levels[j]}`).toBeLessThan(5e-5));
  });

  it("reports the nearly flat likelihood of the Culcita data without the atypical row", async () => {
    const text = `block,predation,ttt\n${culcitaRowsWithoutAtypical()}`;
    const path = csv("culcita-atypical-removed.csv", text);
    const { code, out } = await run(["fit", path, "--formula", "predation ~ ttt + (1 | block)", "--levels", "ttt=none,crabs,shrimp,both"]);
    expect(code).toBe(0);
    expect(out).toMatch(/nearly flat/);
    expect(out).toMatch(/--nagq/);
  });
});

interface GlmmTmbFit {
  logLik: number;
  fixef: Record<string, number>;
  se: Record<string, number>;
}

function glmmTmb(key: string): GlmmTmbFit {
  return JSON.parse(readFileSync(resolve(shared, "reference", "glmmtmb.json"), "utf8"))[key] as GlmmTmbFit;
}

/** The printed fixed-effects table: name → [estimate, standard error]. */
function fixedEffectsTable(summary: string): Record<string, [number, number]> {
  const lines = summary.split("\n");
  const start = lines.findIndex((l) => l.startsWith("Fixed effects:")) + 2;
  const table: Record<string, [number, number]> = {};
  for (const line of lines.slice(start)) {
    const cells = line.trim().split(/\s+/);
    if (line.startsWith("---") || cells.length < 3) break;
    table[cells[0]!] = [Number(cells[1]), Number(cells[2])];
  }
  return table;
}

function culcitaRowsWithoutAtypical(): string {
  const rows = readFileSync(resolve(shared, "data", "culcita.csv"), "utf8").trim().split(/\r?\n/).slice(1);
  return rows.filter((l) => l !== "10,0,none").join("\n");
}

describe("bad input: one-line error naming the problem, exit code 2", () => {
  const cases: { name: string; args: () => string[]; message: RegExp }[] = [
    { name: "missing file", args: () => ["fit", "/no/such/file.csv", "--formula", "y ~ x + (1 | g)"], message: /cannot read file.*no such file/ },
    {
      name: "unknown column",
      args: () => ["fit", csv("a.csv", "y,x,g\n0,1,a\n1,2,b\n"), "--formula", "y ~ z + (1 | g)"],
      message: /"z"/,
    },
    {
      name: "non-0/1 response",
      args: () => ["fit", csv("b.csv", "y,x,g\n0,1,a\n2,2,b\n1,3,a\n"), "--formula", "y ~ x + (1 | g)"],
      message: /row 2, column "y": response must be 0 or 1/,
    },
    {
      name: "y > trials",
      args: () => ["fit", csv("c.csv", "s,n,g\n1,3,a\n5,4,b\n"), "--formula", "cbind(s, n - s) ~ 1 + (1 | g)"],
      message: /row 2: s \(5\) exceeds n \(4\)/,
    },
    {
      name: "NaN cell",
      args: () => ["fit", csv("d.csv", "y,x,g\n0,1,a\n1,NaN,b\n1,3,a\n"), "--formula", "y ~ x + (1 | g)"],
      message: /row 2.*"x"/,
    },
    {
      name: "empty cell",
      args: () => ["fit", csv("e.csv", "y,x,g\n0,1,a\n1,,b\n1,3,a\n"), "--formula", "y ~ x + (1 | g)"],
      message: /row 2.*"x"/,
    },
    {
      name: "single-level factor",
      args: () => ["fit", csv("f.csv", "y,f,g\n0,u,a\n1,u,b\n1,u,a\n"), "--formula", "y ~ f + (1 | g)"],
      message: /"f" is a factor with a single level/,
    },
    {
      name: "rank-deficient X",
      args: () => ["fit", csv("h.csv", "y,x1,x2,g\n0,1,2,a\n1,2,4,b\n1,3,6,a\n0,4,8,b\n"), "--formula", "y ~ x1 + x2 + (1 | g)"],
      message: /rank deficient: "x2" is a linear combination of/,
    },
    {
      name: "malformed formula",
      args: () => ["fit", csv("i.csv", "y,x,g\n0,1,a\n1,2,b\n"), "--formula", "y ~ x +"],
      message: /formula error at position \d+/,
    },
    { name: "unknown estimator", args: () => ["fit", "--estimator", "nope"], message: /unknown estimator "nope"; known estimators: .*ml/ },
    { name: "bad --nagq", args: () => ["fit", "--nagq", "0"], message: /--nagq expects a positive integer/ },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { code, out, err } = await run(c.args());
      expect(code).toBe(2);
      expect(out).toBe("");
      expect(err).toMatch(/^error: /);
      expect(err).toMatch(c.message);
      expect(err.trim().split("\n")).toHaveLength(1);
      expect(err).not.toMatch(/\n\s+at /);
    });
  }

  it("the installed command exits 2 with no stack trace", () => {
    const bin = resolve(here, "..", "bin", "glmm.mjs");
    const r = spawnSync(process.execPath, [bin, "fit", "/no/such/file.csv", "--formula", "y ~ x + (1 | g)"], {
      encoding: "utf8",
    });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: cannot read file/);
  });
});

describe("glmm estimators", () => {
  it("lists the registry", async () => {
    const { code, out } = await run(["estimators"]);
    expect(code).toBe(0);
    expect(out).toMatch(/^ml\s+maximum likelihood/m);
  });
});

describe("review fixes", () => {
  it("rejects extra positional arguments", async () => {
    const { code, err } = await run(["fit", "a.csv", "b.csv", "--formula", "y ~ x + (1 | g)"]);
    expect(code).toBe(2);
    expect(err).toMatch(/too many arguments/);
  });

  it("rejects the response used as a predictor", async () => {
    const path = csv("r.csv", "y,x,g\n0,1,a\n1,2,b\n1,3,a\n0,4,b\n");
    const { code, err } = await run(["fit", path, "--formula", "y ~ y + x + (1 | g)"]);
    expect(code).toBe(2);
    expect(err).toMatch(/the response column "y" also appears as a predictor/);
  });

  it("keeps lme4's level order of the embedded example with an explicit formula", async () => {
    const { code, out } = await run(["fit", "--formula", "predation ~ ttt + (1 | block)", "--json"]);
    expect(code).toBe(0);
    expect(JSON.parse(out).betaNames).toEqual(["(Intercept)", "tttcrabs", "tttshrimp", "tttboth"]);
  });

  it("reports a singular fit (σ → 0) as lme4 does", async () => {
    // Every group has the same x and y pattern: no between-group variation, so σ̂ = 0.
    const rows = ["y,x,g"];
    const pattern = [0, 1, 0, 1, 1, 0, 1, 1];
    for (let g = 0; g < 12; g++) pattern.forEach((y, k) => rows.push(`${y},${k},${g}`));
    const { code, out } = await run(["fit", csv("singular.csv", rows.join("\n")), "--formula", "y ~ x + (1 | g)"]);
    expect(code).toBe(0);
    expect(out).toMatch(/sd-zero/);
    expect(out).toMatch(/singular fit/);
  });

  it("a model with no fixed effects is refused by jeffreys-glm with a clear message", async () => {
    const { code, err } = await run(["fit", resolve(shared, "data", "endometrial.csv"), "--estimator", "jeffreys-glm", "--formula", "HG ~ 0"]);
    expect(code).toBe(2);
    expect(err).toMatch(/has no fixed effects/);
  });
});
