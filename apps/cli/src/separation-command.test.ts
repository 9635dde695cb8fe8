/**
 * `glmm separation` and the separation checks `glmm fit` runs, end to end through the command line on the
 * acceptance data of the separation issue.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runCli, writeTempCsv } from "./test-support/cli-harness.js";

const here = dirname(fileURLToPath(import.meta.url));
const shared = resolve(here, "..", "..", "..", "vendor", "shared");
const data = (file: string) => resolve(shared, "data", file);

const run = runCli;
const csv = writeTempCsv;

/** R's quantile type 7. */
function quantile(values: readonly number[], probability: number): number {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * probability;
  const lo = Math.floor(h);
  return s[lo]! + (h - lo) * (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!);
}

/** endometrial.csv plus PIq = cut(PI, quantile(PI), include.lowest = TRUE) as 1..4, written to a temp file. */
function endometrialGrouped(): string {
  const lines = readFileSync(data("endometrial.csv"), "utf8").trim().split(/\r?\n/);
  const rows = lines.slice(1).map((l) => l.split(","));
  const pi = rows.map((r) => Number(r[1]));
  const breaks = [0, 0.25, 0.5, 0.75, 1].map((p) => quantile(pi, p));
  const group = (v: number) => [1, 2, 3, 4].find((k) => v <= breaks[k]!)!;
  expect(lines[0]).toBe("NV,PI,EH,HG");
  return csv("endometrial-grouped.csv", [`${lines[0]},PIq`, ...rows.map((r, i) => `${r.join(",")},${group(pi[i]!)}`)].join("\n"));
}

function culcita(dropAtypical: boolean): string {
  const lines = readFileSync(data("culcita.csv"), "utf8").trim().split(/\r?\n/);
  return csv("culcita.csv", lines.filter((l) => !dropAtypical || l !== "10,0,none").join("\n"));
}

const CULCITA = ["--formula", "predation ~ ttt + (1 | block)", "--levels", "ttt=none,crabs,shrimp,both"];
const GROUPED = "HG ~ NV + PI + EH + (1 | PIq)";

describe("glmm separation", () => {
  it("endometrial: quasi-complete separation, NV → +Inf, the others finite", async () => {
    const { code, out, err } = await run(["separation", data("endometrial.csv"), "--formula", "HG ~ NV + PI + EH"]);
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toContain("Separation: TRUE (quasi-complete)");
    expect(out).toMatch(/\(Intercept\) +NV +PI +EH\n +0 +Inf +0 +0\n/);
    expect(out).toMatch(/Observations on the separating hyperplane \(66 of 79; data rows\): 1, 2, 3/);
    expect(out).toMatch(/ML estimates of NV \(\+Inf\) are infinite/);

    const json = await run(["separation", data("endometrial.csv"), "--formula", "HG ~ NV + PI + EH", "--json"]);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.out);
    expect(report.fixedEffects.kind).toBe("quasi-complete");
    expect(report.fixedEffects.estimates).toEqual([0, "Inf", 0, 0]);
    expect(report.fixedEffects.hyperplaneRows).toHaveLength(66);
    expect(report.clusters).toEqual([]);
  });

  for (const dropAtypical of [false, true]) {
    it(`Culcita${dropAtypical ? " without the atypical row" : ""}: X not separated; [X Z] separated, labelled a risk indicator`, async () => {
      const { code, out } = await run(["separation", culcita(dropAtypical), ...CULCITA]);
      expect(code).toBe(0);
      expect(out).toContain("Separation: FALSE");
      expect(out).toMatch(/Conclusion: no separation in X/);
      expect(out).toContain("Cluster level — risk indicators, NOT certificates:");
      expect(out).toContain(`block: ${dropAtypical ? 4 : 3} of 10 clusters perfectly predicted`);
      expect(out).toMatch(/\[X Z\] \(X with the block indicator columns\): separated/);
      expect(out).toMatch(/yet lme4's ML estimates are finite/);
      const json = JSON.parse((await run(["separation", culcita(dropAtypical), ...CULCITA, "--json"])).out);
      expect(json.certificate).toBe(false);
      expect(json.fixedEffects.separated).toBe(false);
      expect(json.clusters[0].augmented.separated).toBe(true);
    });
  }

  it("endometrial with a random intercept for the quartile of PI: the certificate names NV (+Inf) for the GLMM", async () => {
    const { code, out } = await run(["separation", endometrialGrouped(), "--formula", GROUPED]);
    expect(code).toBe(0);
    expect(out).toContain("Number of obs: 79, groups: PIq, 4");
    expect(out).toMatch(/NV \(\+Inf\) are infinite — for the GLMM too/);
  });

  it("NBA Bradley–Terry (±1 team columns, no intercept, Spurs as reference): the 76ers' ability → −Inf", async () => {
    const lines = readFileSync(data("nba_2014_15_before_2014-12-03.csv"), "utf8").trim().split(/\r?\n/);
    const header = lines[0]!.split(",");
    const games = lines.slice(1).map((l) => l.split(","));
    const [away, home, win] = ["away", "home", "home_win"].map((c) => header.indexOf(c)) as [number, number, number];
    const teams = [...new Set(games.flatMap((g) => [g[home]!, g[away]!]))].sort().filter((t) => t !== "San Antonio Spurs");
    const column = (team: string) => team.replace(/[^A-Za-z0-9]+/g, "_");
    const rows = games.map((g) => [...teams.map((t) => (t === g[home] ? 1 : t === g[away] ? -1 : 0)), g[win]].join(","));
    const path = csv("nba.csv", [[...teams.map(column), "home_win"].join(","), ...rows].join("\n"));
    const formula = `home_win ~ 0 + ${teams.map(column).join(" + ")}`;
    const { code, out } = await run(["separation", path, "--formula", formula, "--json"]);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.fixedEffects.kind).toBe("quasi-complete");
    expect(report.infinite).toEqual([{ name: "Philadelphia_76ers", direction: -1 }]);
    expect(report.fixedEffects.estimates.filter((e: unknown) => e === 0)).toHaveLength(28);
  });

  describe("synthetic configurations", () => {
    const table = (rows: (string | number)[][]) => ["y,x,f", ...rows.map((r) => r.join(","))].join("\n");
    const cases: { name: string; rows: (string | number)[][]; formula: string; kind: string; estimates: unknown[] }[] = [
      {
        name: "complete separation",
        rows: [[0, 1, "a"], [0, 2, "a"], [0, 3, "b"], [1, 5, "b"], [1, 6, "a"], [1, 7, "b"]],
        formula: "y ~ x",
        kind: "complete",
        estimates: ["-Inf", "Inf"],
      },
      {
        name: "quasi-complete separation",
        rows: [[0, -2, "a"], [0, -1, "a"], [0, 0, "b"], [1, 0, "b"], [1, 1, "a"], [1, 2, "b"]],
        formula: "y ~ x",
        kind: "quasi-complete",
        estimates: [0, "Inf"],
      },
      {
        name: "an all-zero factor level",
        rows: [[0, 1, "a"], [1, 2, "a"], [0, 3, "a"], [1, 4, "b"], [0, 5, "b"], [1, 6, "b"], [0, 7, "c"], [0, 8, "c"], [0, 9, "c"]],
        formula: "y ~ f",
        kind: "quasi-complete",
        estimates: [0, 0, "-Inf"],
      },
      {
        name: "one flipped point (overlap)",
        rows: [[0, 1, "a"], [0, 2, "a"], [1, 3, "b"], [1, 5, "b"], [0, 6, "a"], [1, 7, "b"]],
        formula: "y ~ x",
        kind: "none",
        estimates: [0, 0],
      },
      {
        name: "a column in units of 1e5 (same answer as the complete case)",
        rows: [[0, 1e5, "a"], [0, 2e5, "a"], [0, 3e5, "b"], [1, 5e5, "b"], [1, 6e5, "a"], [1, 7e5, "b"]],
        formula: "y ~ x",
        kind: "complete",
        estimates: ["-Inf", "Inf"],
      },
      {
        name: "a column in units of 1e-5 (same answer as the quasi-complete case)",
        rows: [[0, -2e-5, "a"], [0, -1e-5, "a"], [0, 0, "b"], [1, 0, "b"], [1, 1e-5, "a"], [1, 2e-5, "b"]],
        formula: "y ~ x",
        kind: "quasi-complete",
        estimates: [0, "Inf"],
      },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const { code, out } = await run(["separation", csv("s.csv", table(c.rows)), "--formula", c.formula, "--json"]);
        expect(code).toBe(0);
        const report = JSON.parse(out);
        expect(report.fixedEffects.kind).toBe(c.kind);
        expect(report.fixedEffects.estimates).toEqual(c.estimates);
        if (c.kind === "none") {
          const text = (await run(["separation", csv("s.csv", table(c.rows)), "--formula", c.formula])).out;
          expect(text).toContain("Conclusion: no separation — the data overlap and every ML estimate is finite.");
        }
      });
    }

    it("two collinear columns: a one-line error naming the aliased column (the LP package reports it as NA)", async () => {
      const path = csv("c.csv", "y,x1,x2\n0,1,2\n1,2,4\n0,3,6\n1,4,8\n");
      const { code, out, err } = await run(["separation", path, "--formula", "y ~ x1 + x2"]);
      expect(code).toBe(2);
      expect(out).toBe("");
      expect(err).toMatch(/^error: .*rank deficient: "x2" is a linear combination of/);
    });
  });
});

describe("glmm fit runs the separation checks", () => {
  it("endometrial with (1 | PIq): NV (+Inf) certified before the fit, the fit not converged with β_NV diverging", async () => {
    const path = endometrialGrouped();
    const { code, out, err } = await run(["fit", path, "--formula", GROUPED]);
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toContain("  converged: no\n");
    expect(out).toMatch(/boundary: NV \(diverging\): the ML estimate of NV is \+∞/);
    expect(out).toMatch(/separation \(X alone, LP certificate\): quasi-complete; infinite ML estimates: NV \(\+Inf\)/);
    expect(out).toMatch(/divergence check: diverging: NV \(\+Inf\)/);
    expect(out).toMatch(/warning: X alone is quasi-completely separated .*NV \(\+Inf\).*mspl.*entropy/);

    const json = JSON.parse((await run(["fit", path, "--formula", GROUPED, "--json"])).out);
    expect(json.converged).toBe(false);
    expect(json.diagnostics.separation.fixedEffects.estimates).toEqual([0, "Inf", 0, 0]);
    const nv = json.diagnostics.separation.divergence.parameters.find((p: { parameter: string }) => p.parameter === "NV");
    expect(nv.status).toBe("diverging");
    expect(json.diagnostics.boundary.some((b: { parameter: string; kind: string }) => b.parameter === "NV" && b.kind === "diverging")).toBe(true);
  });

  it("Culcita without the atypical row, --nagq 100: finite, flat — no diverging parameter", async () => {
    const { code, out } = await run(["fit", culcita(true), ...CULCITA, "--nagq", "100"]);
    expect(code).toBe(0);
    expect(out).toContain("  converged: yes\n");
    expect(out).toMatch(/divergence check: finite, flat/);
    expect(out).not.toMatch(/\(diverging\)/);
    expect(out).toMatch(/separation \(X alone, finite-maximiser certificate\): none/);
  });

  it("Culcita, all rows, --nagq 100: a clean fit skips the refits unless asked; asked, it finds nothing diverging", async () => {
    const auto = await run(["fit", culcita(false), ...CULCITA, "--nagq", "100", "--json"]);
    const fit = JSON.parse(auto.out);
    expect(fit.diagnostics.separation.divergence).toBeNull();
    expect(fit.diagnostics.separation.fixedEffects.separated).toBe(false);
    const always = await run(["fit", culcita(false), ...CULCITA, "--nagq", "100", "--divergence-check", "always"]);
    expect(always.code).toBe(0);
    expect(always.out).toMatch(/divergence check: finite: every estimate and standard error is stable/);
    expect(always.out).toContain("  warnings: none\n");
  });
});

describe("glmm separation: bad input is a one-line error with exit code 2", () => {
  const cases: { name: string; args: () => string[]; message: RegExp }[] = [
    { name: "missing file", args: () => ["separation", "/no/such/file.csv", "--formula", "y ~ x"], message: /cannot read file.*no such file/ },
    { name: "file without --formula", args: () => ["separation", data("endometrial.csv")], message: /--formula is required/ },
    { name: "malformed formula", args: () => ["separation", data("endometrial.csv"), "--formula", "HG ~ NV +"], message: /formula error at position \d+/ },
    { name: "unknown column", args: () => ["separation", data("endometrial.csv"), "--formula", "HG ~ XX"], message: /"XX"/ },
    {
      name: "non-0/1 response",
      args: () => ["separation", csv("b.csv", "y,x\n0,1\n2,2\n1,3\n"), "--formula", "y ~ x"],
      message: /row 2, column "y": response must be 0 or 1/,
    },
    {
      name: "y > trials",
      args: () => ["separation", csv("c.csv", "s,n,x\n1,3,1\n5,4,2\n"), "--formula", "cbind(s, n - s) ~ x"],
      message: /row 2: s \(5\) exceeds n \(4\)/,
    },
    { name: "empty cell", args: () => ["separation", csv("e.csv", "y,x\n0,1\n1,\n1,3\n"), "--formula", "y ~ x"], message: /row 2.*"x"/ },
    {
      name: "single-level factor",
      args: () => ["separation", csv("f.csv", "y,f\n0,u\n1,u\n1,u\n"), "--formula", "y ~ f"],
      message: /"f" is a factor with a single level/,
    },
    { name: "bad --divergence-check for fit", args: () => ["fit", "--divergence-check", "sometimes"], message: /--divergence-check must be "auto", "always" or "never"/ },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { code, out, err } = await run(c.args());
      expect(code).toBe(2);
      expect(out).toBe("");
      expect(err).toMatch(/^error: /);
      expect(err).toMatch(c.message);
      expect(err.trim().split("\n")).toHaveLength(1);
    });
  }
});
