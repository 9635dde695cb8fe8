/** `glmm fit --ci/--ranef` and `glmm anova`: what a user sees, and one-line errors (exit 2) for bad flags. */
import { describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { readFileSync } from "node:fs";
import { runCli, sharedDir, writeTempCsv } from "./test-support/cli-harness.js";

const cbpp = resolve(sharedDir, "data", "cbpp.csv");
const CBPP = "cbind(incidence, size - incidence) ~ period + (1 | herd)";
const fitCbpp = (...extra: string[]) => runCli(["fit", cbpp, "--formula", CBPP, "--factors", "period", ...extra]);

describe("glmm fit --ci", () => {
  it("profile: lme4's confint numbers in the summary, with the Data line and df.resid", async () => {
    const { code, out, err } = await fitCbpp("--ci", "profile");
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toContain(`   Data: ${cbpp}\n`);
    expect(out).toMatch(/df df\.resid\n.* 5 +51\n/);
    expect(out).toContain("Std. errors: observed information of the Laplace log-likelihood in θ = (β, ψ) at the estimate");
    expect(out).toContain("Profile-likelihood 95 % confidence intervals:");
    // lme4: sd 0.3461 1.0999 (exact profile 1.09996); period2 -1.6168 -0.4078.
    expect(out).toMatch(/sd_\(Intercept\)\|herd +0\.34609 +1\.09996\n/);
    expect(out).toMatch(/period2 +-1\.61677 +-0\.40778\n/);
  });

  it("--json holds the intervals and the profile traces", async () => {
    const { code, out } = await fitCbpp("--ci", "profile", "--ci-level", "0.9", "--json");
    expect(code).toBe(0);
    const fit = JSON.parse(out);
    expect(fit.confidenceIntervals.method).toBe("profile");
    expect(fit.confidenceIntervals.level).toBe(0.9);
    expect(fit.confidenceIntervals.intervals.map((i: { parameter: string }) => i.parameter)).toEqual([
      "sd_(Intercept)|herd",
      "(Intercept)",
      "period2",
      "period3",
      "period4",
    ]);
    expect(fit.confidenceIntervals.profiles[0].zeta.length).toBeGreaterThan(5);
    expect(fit.standardErrorBasis).toMatch(/observed information/);
  });

  it("wald works for a penalised estimator and says whose standard errors it uses", async () => {
    const { code, out } = await fitCbpp("--estimator", "mspl", "--ci", "wald");
    expect(code).toBe(0);
    expect(out).toContain("Wald 95 % confidence intervals:");
    expect(out).toMatch(/basis: estimate ± 1\.9600·SE; standard errors from the observed information of the unpenalised Laplace log-likelihood/);
  });

  it("boot: the same seed prints the same intervals; --json keeps the bootstrap's bookkeeping", async () => {
    const first = await fitCbpp("--ci", "boot", "--boot-replicates", "30", "--seed", "5");
    expect(first.err).toBe("");
    expect(first.code).toBe(0);
    expect(first.out).toContain("Parametric bootstrap (percentile) 95 % confidence intervals:");
    expect(first.out).toContain("  bootstrap: 30 replicates, seed 5; 0 failed refits left out of the percentiles");
    expect((await fitCbpp("--ci", "boot", "--boot-replicates", "30", "--seed", "5")).out).toBe(first.out);
    expect((await fitCbpp("--ci", "boot", "--boot-replicates", "30", "--seed", "6")).out).not.toBe(first.out);
    const json = JSON.parse((await fitCbpp("--ci", "boot", "--boot-replicates", "30", "--seed", "5", "--json")).out);
    expect(json.confidenceIntervals.bootstrap).toEqual({ type: "perc", replicates: 30, failed: 0, seed: "5", failures: [] });
    // lme4's boot.type = "basic": the same refits reflected about the estimate, [2θ̂ − q_hi, 2θ̂ − q_lo].
    const basic = JSON.parse((await fitCbpp("--ci", "boot", "--boot-replicates", "30", "--seed", "5", "--boot-type", "basic", "--json")).out);
    expect(basic.confidenceIntervals.bootstrap.type).toBe("basic");
    basic.confidenceIntervals.intervals.forEach((i: { parameter: string; estimate: number; lower: number; upper: number; lowerStatus: string }, k: number) => {
      const perc = json.confidenceIntervals.intervals[k];
      expect(i.parameter).toBe(perc.parameter);
      expect(i.upper).toBeCloseTo(2 * i.estimate - perc.lower, 12);
      if (i.lowerStatus === "found") expect(i.lower).toBeCloseTo(2 * i.estimate - perc.upper, 12);
      else expect([i.lowerStatus, i.lower]).toEqual(["boundary", 0]);
    });
    expect((await fitCbpp("--ci", "boot", "--boot-replicates", "30", "--boot-type", "basic")).out).toContain(
      "Parametric bootstrap (basic) 95 % confidence intervals:",
    );
  });

  it("--boot-type bca: BCa intervals from the same refits, with the jackknife and the adjusted levels in the JSON", async () => {
    const text = await fitCbpp("--ci", "boot", "--boot-replicates", "30", "--seed", "5", "--boot-type", "bca");
    expect(text.code).toBe(0);
    expect(text.out).toContain("Parametric bootstrap (BCa) 95 % confidence intervals:");
    expect(text.out).toContain("  jackknife: 15 leave-one-herd-out refits for the acceleration; 0 failed");
    const bca = JSON.parse((await fitCbpp("--ci", "boot", "--boot-replicates", "30", "--seed", "5", "--boot-type", "bca", "--json")).out);
    const b = bca.confidenceIntervals.bootstrap;
    expect([b.type, b.replicates, b.seed, b.jackknife]).toEqual(["bca", 30, "5", { unit: "herd", refits: 15, failed: 0, failures: [] }]);
    expect(b.bca.map((l: { parameter: string }) => l.parameter)).toEqual(bca.confidenceIntervals.intervals.map((i: { parameter: string }) => i.parameter));
    for (const l of b.bca) expect(l.levels[0]).toBeLessThan(l.levels[1]);
  });

  it("--boot-type invert: the SD by test inversion, β by percentile, said in the title, the notes and the JSON; the same seed gives the same bytes", async () => {
    const flags = ["--ci", "boot", "--boot-replicates", "39", "--seed", "4", "--boot-type", "invert"];
    const text = await fitCbpp(...flags);
    expect(text.code).toBe(0);
    expect(text.out).toContain("Parametric bootstrap (test inversion) 95 % confidence intervals:");
    expect(text.out).toContain("note: fixed effects: percentile intervals of the refits at the estimate (test inversion is for the SD only)");
    expect(text.out).toMatch(/test inversion: sd_\(Intercept\)\|herd from \d+ values of σ₀ × 39 data sets/);
    expect((await fitCbpp(...flags)).out).toBe(text.out);
    const json = JSON.parse((await fitCbpp(...flags, "--json")).out).confidenceIntervals;
    expect([json.method, json.bootstrap.type, json.bootstrap.replicates, json.bootstrap.seed]).toEqual(["boot", "invert", 39, "4"]);
    expect(json.bootstrap.inversion).toMatchObject({ parameter: "sd_(Intercept)|herd", failed: 0, fixedEffects: "perc" });
    const sd = json.intervals[0];
    expect(sd.parameter).toBe("sd_(Intercept)|herd");
    // lme4's profile interval for this SD is about (0.38, 1.27); with B = 39 the test can only reject at a
    // p-value of 1/40, i.e. when none of the 39 refits lies on the observed side.
    expect([sd.lowerStatus, sd.upperStatus]).toEqual(["found", "found"]);
    expect(sd.lower).toBeGreaterThan(0.1);
    expect(sd.lower).toBeLessThan(sd.estimate);
    expect(sd.upper).toBeGreaterThan(sd.estimate);
    expect(sd.upper).toBeLessThan(3);
    const other = JSON.parse((await fitCbpp("--ci", "boot", "--boot-replicates", "39", "--seed", "5", "--boot-type", "invert", "--json")).out).confidenceIntervals;
    expect(other.intervals[0].upper).not.toBe(sd.upper);
  });

  it("--boot-type invert refuses, in one line, what it does not cover", async () => {
    const mspl = await fitCbpp("--ci", "boot", "--boot-type", "invert", "--estimator", "mspl", "--boot-replicates", "10");
    expect([mspl.code, mspl.err.trim()]).toEqual([2, 'error: --boot-type invert re-estimates β by maximum likelihood under each tested SD, so it needs --estimator ml; got "mspl" (use --boot-type bca)']);
    const two = await runCli(["fit", cbpp, "--formula", "cbind(incidence, size - incidence) ~ period + (1 | herd) + (1 | size)", "--factors", "period", "--ci", "boot", "--boot-type", "invert", "--boot-replicates", "10"]);
    expect([two.code, two.err.trim()]).toEqual([2, "error: --boot-type invert is implemented for one scalar random-effects term, e.g. (1 | herd); use --boot-type bca for this model"]);
    const wald = await fitCbpp("--ci", "wald", "--boot-type", "invert");
    expect([wald.code, wald.err.trim()]).toEqual([2, "error: --boot-type is only used by --ci boot (got --ci wald)"]);
    // A proportion response whose --weights are not whole trials (row 3: 1.5 × 9 = 13.5) cannot be simulated
    // trial by trial.
    const lines = readFileSync(cbpp, "utf8").trim().split(/\r?\n/);
    const header = lines[0]!.split(",");
    const [incidence, size] = [header.indexOf("incidence"), header.indexOf("size")];
    const scaled = writeTempCsv(
      "cbpp-fractional.csv",
      `${[`${lines[0]},wt,prop`, ...lines.slice(1).map((l) => {
        const cells = l.split(",");
        return `${l},${1.5 * Number(cells[size])},${Number(cells[incidence]) / Number(cells[size])}`;
      })].join("\n")}\n`,
    );
    const fractional = await runCli(["fit", scaled, "--formula", "prop ~ period + (1 | herd)", "--weights", "wt", "--factors", "period", "--ci", "boot", "--boot-type", "invert", "--boot-replicates", "10"]);
    expect(fractional.code).toBe(2);
    expect(fractional.err.trim()).toMatch(/^error: --boot-type invert simulates whole binomial trials; data row 3 has 13\.5 trials/);
  });

  it("--boot-type: perc, basic or bca, with --ci boot only", async () => {
    const bad = await fitCbpp("--ci", "boot", "--boot-type", "student");
    expect([bad.code, bad.err.trim()]).toEqual([2, 'error: --boot-type must be "perc", "basic", "bca", "invert", got "student"']);
    const wald = await fitCbpp("--ci", "wald", "--boot-type", "basic");
    expect([wald.code, wald.err.trim()]).toEqual([2, "error: --boot-type is only used by --ci boot (got --ci wald)"]);
    const none = await fitCbpp("--boot-type", "basic");
    expect([none.code, none.err.trim()]).toEqual([2, "error: --boot-type needs --ci (e.g. --ci boot)"]);
  });

  it("boot with --na-action omit: simulates on the rows the fit used; a missing response is refused in one line", async () => {
    const lines = readFileSync(cbpp, "utf8").trim().split(/\r?\n/);
    const withMissing = (row: number, column: number) =>
      writeTempCsv("cbpp-na.csv", `${lines.map((l, i) => (i === row ? l.split(",").map((c, k) => (k === column ? "NA" : c)).join(",") : l)).join("\n")}\n`);
    const flags = ["--formula", CBPP, "--factors", "period", "--na-action", "omit", "--ci", "boot", "--boot-replicates", "10"];
    const predictor = await runCli(["fit", withMissing(4, 3), ...flags]);
    expect(predictor.code).toBe(0);
    expect(predictor.out).toContain("1 of 56 rows omitted (missing values): row 4");
    expect(predictor.out).toContain("  bootstrap: 10 replicates, seed 1; 0 failed refits left out of the percentiles");
    const response = await runCli(["fit", withMissing(6, 1), ...flags]);
    expect(response.code).toBe(2);
    expect(response.err).toMatch(/^error: --ci boot cannot simulate on these data: rows were omitted .* remove the rows with a missing response/);
    expect(response.err.trim().split("\n")).toHaveLength(1);
  });

  it("refuses profile for a penalised fit and every bad interval flag, naming it (exit 2, one line)", async () => {
    const cases: [string[], RegExp][] = [
      [["--estimator", "mspl", "--ci", "profile"], /--ci profile .*\(--estimator ml\)/],
      [["--ci", "bootstrap"], /--ci must be "wald", "profile" or "boot", got "bootstrap"/],
      [["--ci", "wald", "--ci-level", "95"], /--ci-level expects a number strictly between 0 and 1 .* got "95"/],
      [["--ci-level", "0.9"], /--ci-level needs --ci/],
      [["--boot-replicates", "100"], /--boot-replicates needs --ci/],
      [["--ci", "wald", "--seed", "3"], /--seed is only used by --ci boot/],
      [["--ci", "profile", "--boot-replicates", "10"], /--boot-replicates is only used by --ci boot/],
      [["--ci", "boot", "--boot-replicates", "0"], /--boot-replicates expects a positive integer, got "0"/],
    ];
    for (const [flags, pattern] of cases) {
      const { code, out, err } = await fitCbpp(...flags);
      expect(code, flags.join(" ")).toBe(2);
      expect(out).toBe("");
      expect(err).toMatch(pattern);
      expect(err.trim().split("\n")).toHaveLength(1);
    }
  });
});

describe("glmm fit --ranef", () => {
  it("prints each level's conditional mode and SD; --json has them too", async () => {
    const { code, out } = await fitCbpp("--ranef");
    expect(code).toBe(0);
    // lme4 (reference/conditional-modes.json): herd 1 mode 0.59002, conditional SD 0.34827.
    expect(out).toContain("herd (15 levels):\n level (Intercept) cond.sd((Intercept))\n 1         0.59002               0.3483\n");
    const json = JSON.parse((await fitCbpp("--ranef", "--json")).out);
    expect(json.ranef[0].conditionalSd[0]).toBeCloseTo(0.348265, 4);
  });
});

describe("glmm anova", () => {
  const anova = (...args: string[]) => runCli(["anova", cbpp, "--factors", "period", ...args]);

  it("prints lme4's table for nested models", async () => {
    const { code, out, err } = await anova("--formula", "cbind(incidence, size - incidence) ~ 1 + (1 | herd)", "--formula", CBPP);
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toContain("m2    5 194.05 204.18  -92.026   184.05 25.61  3  1.151e-05 ***\n");
    const json = JSON.parse((await anova("--formula", CBPP, "--formula", "cbind(incidence, size - incidence) ~ 1 + (1 | herd)", "--json")).out);
    expect(json.rows.map((r: { label: string }) => r.label)).toEqual(["m2", "m1"]);
    expect(json.rows[1].chisq).toBeCloseTo(25.6100634, 5);
  });

  it("refuses non-nested models, a single formula and bad flags in one line (exit 2)", async () => {
    const cases: [string[], RegExp][] = [
      [["--formula", "cbind(incidence, size - incidence) ~ 1 + (1 | herd)"], /--formula at least twice/],
      [["--formula", "cbind(incidence, size - incidence) ~ period + (1 | herd)", "--formula", "cbind(incidence, size - incidence) ~ 1 + (1 | herd) + (1 | period)"], /is not nested in .*\(\(Intercept\) \| period\)/],
      [["--formula", CBPP, "--formula", "cbind(incidence, size - incidence) ~ 1 + (1 | herd)", "--nagq", "x"], /--nagq expects a positive integer/],
      [["--formula", CBPP, "--formula", "cbind(incidence, size - incidence) ~ 1 + (1 | herd)", "--optimizer", "lbfgs"], /--optimizer must be/],
    ];
    for (const [flags, pattern] of cases) {
      const { code, err } = await anova(...flags);
      expect(code, flags.join(" ")).toBe(2);
      expect(err).toMatch(pattern);
      expect(err.trim().split("\n")).toHaveLength(1);
    }
  });
});
