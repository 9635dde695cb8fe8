import { describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { runCli as run, sharedDir, writeTempCsv as csv } from "./test-support/cli-harness.js";

const cbpp = resolve(sharedDir, "data", "cbpp.csv");
const CBIND = "cbind(incidence, size - incidence) ~ period + (1 | herd)";

describe("glmm fit: links, weights, offsets, formula functions and plain GLMs", () => {
  it("--link probit, --weights with a proportion, an offset and a poly() term print R's names", async () => {
    const probit = await run(["fit", cbpp, "--formula", CBIND, "--factors", "period", "--link", "probit"]);
    expect(probit.code).toBe(0);
    expect(probit.out).toContain("Family: binomial  ( probit )");
    expect(probit.out).toMatch(/logLik.*\n\s+-92\.62/);
    const weighted = await run(["fit", cbpp, "--formula", "incidence / size ~ period + (1 | herd)", "--weights", "size", "--factors", "period", "--json"]);
    expect(weighted.code).toBe(0);
    expect(JSON.parse(weighted.out).logLik).toBeCloseTo(-92.0262819, 5);
    const functions = await run(["fit", cbpp, "--formula", "cbind(incidence, size - incidence) ~ poly(size, 2) + offset(log(size)/10) + (1 | herd)"]);
    expect(functions.code).toBe(0);
    expect(functions.out).toMatch(/poly\(size, 2\)1\s/);
    expect(functions.out).toMatch(/poly\(size, 2\)2\s/);
  });

  it("a formula without random effects is the GLM by ML, for any link", async () => {
    const { code, out } = await run(["fit", cbpp, "--formula", "cbind(incidence, size - incidence) ~ period", "--factors", "period", "--link", "cloglog"]);
    expect(code).toBe(0);
    expect(out).toContain('Generalized linear model fit by "ml" (exact (GLM))');
    expect(out).toContain("Family: binomial  ( cloglog )");
    expect(out).toContain("optimizer: IRLS (Fisher scoring, Householder QR)");
  });
});

describe("glmm predict", () => {
  it("link and response scale, with and without random effects, known and new levels", async () => {
    const fitted = await run(["fit", cbpp, "--formula", CBIND, "--factors", "period", "--json"]);
    const fitPath = csv("fit.json", fitted.out);
    const newData = csv("new.csv", "herd,period,size\n1,1,10\n7,4,20\n16,2,15\n");
    const link = await run(["predict", fitPath, newData, "--allow-new-levels"]);
    expect(link.code).toBe(0);
    const lines = link.out.trim().split("\n");
    expect(lines[0]).toBe("row,link");
    // lme4: predict(fit, newdata, allow.new.levels = TRUE) for herd 1 in period 1 is its fitted η, −0.8085.
    expect(Number(lines[1]!.split(",")[1])).toBeCloseTo(-0.80851, 4);
    const response = await run(["predict", fitPath, newData, "--type", "response", "--re-form", "none", "--json"]);
    expect(response.code).toBe(0);
    const values = JSON.parse(response.out) as number[];
    expect(values).toHaveLength(3);
    expect(values[0]).toBeCloseTo(1 / (1 + Math.exp(1.398532)), 5);
    const subset = await run(["predict", fitPath, newData, "--re-form", "~ (1 | herd)", "--allow-new-levels"]);
    expect(subset.out).toBe(link.out);
  });

  it.each([
    [["--type", "probability"], /--type must be "link" or "response", got "probability"/],
    [["--re-form", "herd"], /--re-form must be "all", "none" or random-effects terms/],
    [["--re-form", "~ (1 | period)"], /--re-form names \(1 \| period\), which is not a term of the fitted model \(its terms: \(1 \| herd\)\)/],
    [[], /row 3: herd "16" is not a level of the fitted model; use --allow-new-levels/],
  ])("bad input %j: one line naming it, exit 2", async (flags, message) => {
    const fitted = await run(["fit", cbpp, "--formula", CBIND, "--factors", "period", "--json"]);
    const fitPath = csv("fit.json", fitted.out);
    const newData = csv("new.csv", "herd,period,size\n1,1,10\n7,4,20\n16,2,15\n");
    const { code, out, err } = await run(["predict", fitPath, newData, ...flags]);
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toMatch(message);
    expect(err.trim().split("\n")).toHaveLength(1);
  });

  it("a file that is not a fit, a missing column and an unseen factor level are errors naming them", async () => {
    const fitted = await run(["fit", cbpp, "--formula", CBIND, "--factors", "period", "--json"]);
    const fitPath = csv("fit.json", fitted.out);
    const notFit = await run(["predict", csv("x.json", '{"beta": [1]}'), csv("n.csv", "herd,period\n1,1\n")]);
    expect(notFit.err).toMatch(/is not a glmm fit: betaNames/);
    const missing = await run(["predict", fitPath, csv("m.csv", "herd,size\n1,10\n")]);
    expect(missing.err).toMatch(/column "period" not found/);
    const level = await run(["predict", fitPath, csv("l.csv", "herd,period\n1,5\n")]);
    expect(level.err).toMatch(/row 1: period has the level "5", which the fitted data did not have/);
    expect([notFit.code, missing.code, level.code]).toEqual([2, 2, 2]);
  });
});

describe("bad input for the new syntax and flags: one line, exit 2", () => {
  it.each([
    [["--link", "logistic"], /--link must be one of logit, probit, cloglog, loglog, cauchit, got "logistic"/],
    [["--weights", "size"], /--weights size with a cbind\(successes, failures\) response/],
    [["--weights", "nope"], /column "nope" not found/],
    [["--formula", "cbind(incidence, size - incidence) ~ foo(period) + (1 | herd)"], /unknown function "foo\(\)" in the formula/],
    [["--formula", "cbind(incidence, size - incidence) ~ log(period - 1) + (1 | herd)"], /row 1: log\(period - 1\) is -Infinity/],
    [["--formula", "cbind(incidence, size - incidence) ~ poly(period, 9) + (1 | herd)"], /poly\(period, 9\): the degree \(9\) must be less than the number of distinct values/],
  ])("%j", async (flags, message) => {
    // A flag may be given once: the cases that test a formula replace the default one.
    const args = ["fit", cbpp, ...(flags.includes("--formula") ? [] : ["--formula", CBIND]), ...flags];
    const { code, out, err } = await run(args);
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toMatch(message);
    expect(err.trim().split("\n")).toHaveLength(1);
  });
});
