import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { simulate, toCsv } from "@glmmkit/simulate";
import { runCli, sharedDir } from "./test-support/cli-harness.js";

const data = (file: string) => resolve(sharedDir, "data", file);
const tempPath = (name: string) => join(mkdtempSync(join(tmpdir(), "glmm-simulate-")), name);

describe("glmm simulate", () => {
  it("--list prints every design with its cells; DESIGN --list only that one", async () => {
    const all = await runCli(["simulate", "--list"]);
    expect(all.code).toBe(0);
    for (const name of ["booth-hobert", "salamander", "extreme-effects", "culcita", "unified", "model"]) {
      expect(all.out).toMatch(new RegExp(`^${name} — `, "m"));
    }
    expect(all.out).toContain("lambda = -10 | -8 | -6 | -4 | -2 | 0 | 2 | 4 | 6 | 8 | 10");
    expect(all.out).toContain("variant = base | partial_separation | full_separation | rare_2pct | rare_98pct");
    const one = await runCli(["simulate", "unified", "--list"]);
    expect(one.out).toMatch(/^unified — /);
    expect(one.out).not.toContain("booth-hobert —");
  });

  it("writes a replicate with --out (the API's bytes) that glmm fit reads as it is", async () => {
    const out = tempPath("bh7.csv");
    const made = await runCli(["simulate", "booth-hobert", "--seed", "2022", "--replicate", "7", "--out", out]);
    expect(made.code).toBe(0);
    expect(made.out).toBe("");
    expect(made.err).toBe(`wrote ${out}: 150 rows (booth-hobert, seed 2022, replicate 7)\n`);
    expect(readFileSync(out, "utf8")).toBe(toCsv(simulate("booth-hobert", {}, { seed: 2022, replicate: 7 }).table));
    const fit = await runCli(["fit", out, "--formula", "y ~ 0 + x + (1 | i)"]);
    expect(fit.err).toBe("");
    expect(fit.code).toBe(0);
    expect(fit.out).toContain("Number of obs: 150, groups: i, 10");
  });

  it("culcita: fitted back with the flags its truth names", async () => {
    const out = tempPath("culcita.csv");
    expect((await runCli(["simulate", "culcita", "--replicate", "2", "--out", out])).code).toBe(0);
    const truth = JSON.parse((await runCli(["simulate", "culcita", "--replicate", "2", "--truth"])).out);
    expect(truth.fitCommand).toBe('glmm fit FILE --formula "predation ~ ttt + (1 | block)" --levels "ttt=none,crabs,shrimp,both"');
    const fit = await runCli(["fit", out, "--formula", truth.formula, "--levels", "ttt=none,crabs,shrimp,both", "--nagq", "25"]);
    expect(fit.code).toBe(0);
    expect(fit.out).toMatch(/tttcrabs/);
  });

  it("the issue's examples: cells, standard output, the same bytes on every run", async () => {
    const x = await runCli(["simulate", "extreme-effects", "--cell", "n=100,lambda=-8", "--replicate", "3"]);
    expect(x.code).toBe(0);
    expect(x.out.split("\n")[0]).toBe("cluster,x2,x3,x4,x5,y");
    expect(x.out.trim().split("\n")).toHaveLength(501);
    expect((await runCli(["simulate", "extreme-effects", "--cell", "lambda=-8.0,n=100", "--replicate", "3"])).out).toBe(x.out);
    const u = await runCli(["simulate", "unified", "--cell", "J=50,sigma2=1.5,sizes=5-50,variant=partial_separation", "--replicate", "12"]);
    expect(u.code).toBe(0);
    expect(u.out.split("\n")[0]).toBe("y,gender,x_sep,x3,x4,g");
    const s = await runCli(["simulate", "salamander", "--replicate", "1"]);
    expect(s.out.split("\n")[0]).toBe("Season,Experiment,TypeM,TypeF,Cross,Male,Female,Mate");
    expect(s.out.trim().split("\n")).toHaveLength(361);
  });

  it("--truth prints the true parameters as JSON (instead of the CSV, or beside --out)", async () => {
    const alone = await runCli(["simulate", "unified", "--cell", "J=30,sigma2=4,sizes=5-20,variant=rare_2pct", "--truth"]);
    const truth = JSON.parse(alone.out);
    expect(truth.design).toBe("unified");
    expect(truth.cell).toEqual({ J: "30", sigma2: "4", sizes: "5-20", variant: "rare_2pct", beta: "primary" });
    expect(truth.beta["(Intercept)"]).toBeLessThan(-4);
    expect(truth.beta.x_sep).toBe(1.2);
    expect(truth.randomEffects[0].variance[0]).toBeCloseTo(4, 12);
    const out = tempPath("r.csv");
    const both = await runCli(["simulate", "unified", "--cell", "J=30,sigma2=4,sizes=5-20,variant=rare_2pct", "--truth", "--out", out]);
    expect(JSON.parse(both.out)).toEqual(truth);
    expect(readFileSync(out, "utf8").startsWith("y,gender,x_sep,x3,x4,g\n")).toBe(true);
  });

  it("model: any formula on the user's rows, truth by name; the replicate fits", async () => {
    const out = tempPath("m.csv");
    const made = await runCli([
      "simulate", "model", "--data", data("sim_base_J50.csv"), "--formula", "y ~ x1 + (1 + x1 | g)",
      "--beta", "(Intercept)=-1,x1=0.5", "--sd", "g:(Intercept)=1.2", "--sd", "g:x1=0.4", "--cor", "g:(Intercept):x1=0.3",
      "--replicate", "4", "--out", out,
    ]);
    expect(made.err).toContain("1246 rows (model, seed 1, replicate 4)");
    expect(made.code).toBe(0);
    const original = readFileSync(data("sim_base_J50.csv"), "utf8").split(/\r?\n/)[1]!.split(",");
    const simulated = readFileSync(out, "utf8").split("\n")[1]!.split(",");
    expect(simulated.slice(1)).toEqual(original.slice(1));
    const fit = await runCli(["fit", out, "--formula", "y ~ x1 + (1 + x1 | g)"]);
    expect(fit.code).toBe(0);
  });

  it("--from-fit: a parametric bootstrap replicate of a glmm fit --json result", async () => {
    const cbpp = data("cbpp.csv");
    const formula = "cbind(incidence, size - incidence) ~ period + (1 | herd)";
    const fitted = await runCli(["fit", cbpp, "--formula", formula, "--factors", "period", "--json"]);
    const json = tempPath("fit.json");
    writeFileSync(json, fitted.out);
    const out = tempPath("boot.csv");
    const made = await runCli(["simulate", "model", "--from-fit", json, "--data", cbpp, "--factors", "period", "--replicate", "2", "--out", out]);
    expect(made.code).toBe(0);
    const truth = JSON.parse((await runCli(["simulate", "model", "--from-fit", json, "--data", cbpp, "--factors", "period", "--truth"])).out);
    const fit = JSON.parse(fitted.out);
    expect(Object.values(truth.beta)).toEqual(fit.beta);
    expect(truth.randomEffects[0].sd).toEqual(fit.covariances[0].sd);
    const refit = await runCli(["fit", out, "--formula", formula, "--factors", "period"]);
    expect(refit.code).toBe(0);
    expect(refit.out).toContain("Number of obs: 56, groups: herd, 15");
  });

  it("--from-fit on a weighted proportion fit writes proportions that refit with the same --weights", async () => {
    const cbpp = data("cbpp.csv");
    const withProportion = tempPath("cbpp-proportion.csv");
    const lines = readFileSync(cbpp, "utf8").trim().split(/\r?\n/);
    const header = lines[0]!.split(",");
    const [incidence, size] = [header.indexOf("incidence"), header.indexOf("size")];
    writeFileSync(
      withProportion,
      [
        `${lines[0]},p`,
        ...lines.slice(1).map((l) => {
          const c = l.split(",");
          return `${l},${Number(c[incidence]) / Number(c[size])}`;
        }),
      ].join("\n"),
    );
    const formula = "p ~ period + (1 | herd)";
    const fitted = await runCli(["fit", withProportion, "--formula", formula, "--factors", "period", "--weights", "size", "--json"]);
    expect(fitted.code).toBe(0);
    const json = tempPath("weighted-fit.json");
    writeFileSync(json, fitted.out);
    const out = tempPath("weighted-boot.csv");
    const made = await runCli(["simulate", "model", "--from-fit", json, "--data", withProportion, "--factors", "period", "--out", out]);
    expect(made.code).toBe(0);
    expect(readFileSync(out, "utf8")).toMatch(/^herd,incidence,size,period,p\n/);
    const refit = await runCli(["fit", out, "--formula", formula, "--factors", "period", "--weights", "size"]);
    expect(refit.code).toBe(0);
    const wrong = await runCli([
      "simulate",
      "model",
      "--from-fit",
      json,
      "--data",
      withProportion,
      "--factors",
      "period",
      "--weights",
      "incidence",
    ]);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/^error: --weights incidence: the fit in .* was weighted by size/);
  });

  it("--describe-cells prints one row per cell", async () => {
    const { code, out } = await runCli([
      "simulate", "unified", "--describe-cells", "--cell", "J=30,sigma2=0.5,sizes=5-20,variant=full_separation", "--replicates", "3",
    ]);
    expect(code).toBe(0);
    const lines = out.trim().split("\n");
    expect(lines[0]).toBe("unified: 3 replicates per cell, seed 1");
    expect(lines[1]).toMatch(/^J\s+sigma2\s+sizes\s+variant\s+beta\s+rows/);
    expect(lines[2]).toMatch(/^30\s+0\.5\s+5-20\s+full_separation\s+primary\s.*\s1\.000\s+0\.\d{3}$/);
    expect(lines).toHaveLength(3);
  });
});

describe("glmm simulate: bad input is one line naming it, exit 2", () => {
  const cases: [string, string[], RegExp][] = [
    ["no design", ["simulate"], /^error: name a design/],
    ["unknown design", ["simulate", "nope"], /^error: unknown design "nope"; designs: "booth-hobert", .*"model"$/],
    ["unknown cell key", ["simulate", "extreme-effects", "--cell", "n=50,mu=1"], /^error: unknown cell key "mu" for design "extreme-effects"/],
    ["value outside the grid", ["simulate", "unified", "--cell", "J=40,sigma2=1.5,sizes=5-50,variant=base"], /^error: cell value J=40 is outside the grid .* "30", "50", "100"$/],
    ["missing cell key", ["simulate", "unified", "--cell", "J=30"], /^error: design "unified" needs the cell key "sigma2"/],
    ["malformed cell", ["simulate", "unified", "--cell", "J"], /^error: --cell expects KEY=VALUE/],
    ["replicate 0", ["simulate", "booth-hobert", "--replicate", "0"], /^error: --replicate expects a positive integer, got "0"$/],
    [
      "a --beta name that is not a coefficient",
      ["simulate", "model", "--data", data("sim_base_J50.csv"), "--formula", "y ~ x1 + (1 | g)", "--beta", "(Intercept)=-1,x9=0.5", "--sd", "g=1"],
      /^error: --beta names "x9", which is not a coefficient of "y ~ x1 \+ \(1 \| g\)"; its coefficients are "\(Intercept\)", "x1"$/,
    ],
    [
      "a negative SD",
      ["simulate", "model", "--data", data("sim_base_J50.csv"), "--formula", "y ~ x1 + (1 | g)", "--beta", "(Intercept)=-1,x1=0.5", "--sd", "g=-1.2"],
      /^error: --sd g=-1.2: a standard deviation must be a finite number >= 0$/,
    ],
    ["a value that is not a number", ["simulate", "model", "--data", data("sim_base_J50.csv"), "--formula", "y ~ x1", "--beta", "x1=abc"], /^error: --beta x1=abc: expected a finite number$/],
    ["model without --data", ["simulate", "model", "--formula", "y ~ x"], /^error: the model design needs --data FILE/],
    ["--from-fit without --data", ["simulate", "model", "--from-fit", "fit.json"], /^error: --from-fit needs --data FILE/],
    ["a model flag on a built-in design", ["simulate", "booth-hobert", "--sd", "i=1"], /^error: --sd applies only to the model design$/],
    ["--replicates without --describe-cells", ["simulate", "booth-hobert", "--replicates", "5"], /^error: --replicates applies only to --describe-cells/],
    ["missing data file", ["simulate", "model", "--data", "/no/such.csv", "--formula", "y ~ x", "--beta", "x=1"], /^error: cannot read file "\/no\/such.csv": no such file$/],
  ];
  it.each(cases)("%s", async (_, args, message) => {
    const { code, out, err } = await runCli(args);
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err.split("\n").filter((l) => l !== "")).toHaveLength(1);
    expect(err.trim()).toMatch(message);
  });
});
