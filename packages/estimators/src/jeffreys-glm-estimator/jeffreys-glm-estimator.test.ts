import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { buildModelFrame, parseCsv } from "@glmmkit/core";
import { jeffreysGlmEstimator } from "./jeffreys-glm-estimator.js";
import { sharedDir, sharedFrame } from "../test-support/reference.js";

interface BrglmEntry {
  coef: Record<string, number>;
  se: Record<string, number>;
}
const reference = JSON.parse(readFileSync(resolve(sharedDir, "reference", "lme4.json"), "utf8")) as Record<string, BrglmEntry>;

describe("jeffreys-glm estimator on the endometrial data", () => {
  const frame = sharedFrame("endometrial.csv", "HG ~ NV + PI + EH");
  const cases: [string, "logit" | "probit" | "cloglog", number][] = [
    ["endometrial_jeffreys_logit_a0.5", "logit", 0.5],
    ["endometrial_jeffreys_logit_a1", "logit", 1],
    ["endometrial_jeffreys_logit_a0.1", "logit", 0.1],
    ["endometrial_jeffreys_probit_a0.5", "probit", 0.5],
    ["endometrial_jeffreys_cloglog_a0.5", "cloglog", 0.5],
  ];
  for (const [key, link, a] of cases) {
    it(`${key}: brglm2's estimates to 1e-5 and SEs to 1e-4 relative`, () => {
      const ref = reference[key]!;
      const fit = jeffreysGlmEstimator.fit(frame, { link, a, compareWithMl: false });
      expect(fit.converged).toBe(true);
      fit.betaNames.forEach((name, k) => {
        expect(Math.abs(fit.beta[k]! - ref.coef[name]!), name).toBeLessThan(1e-5);
        expect(Math.abs(fit.betaStdErrors[k]! / ref.se[name]! - 1), `SE ${name}`).toBeLessThan(1e-4);
      });
    });
  }

  it("every Jeffreys estimate is finite while ML's NV is not", () => {
    const fit = jeffreysGlmEstimator.fit(frame, {});
    for (const v of fit.beta) expect(Number.isFinite(v)).toBe(true);
    expect(String(fit.diagnostics.extra!["shift from ML"])).toMatch(/not available: .*infinite \(separation/);
  });

  it("rejects a model with random effects and an unknown link", () => {
    expect(() => jeffreysGlmEstimator.fit(sharedFrame("culcita.csv", "predation ~ ttt + (1 | block)"), {})).toThrow(
      /without random effects/,
    );
    expect(() => jeffreysGlmEstimator.fit(frame, { link: "logitt" as never })).toThrow(/unknown link "logitt"; known links: logit/);
  });
});

describe("jeffreys-glm on the NBA games as a Bradley–Terry model", () => {
  it("gives the Philadelphia 76ers (0–17) a finite ability below every other team's", () => {
    const lines = readFileSync(resolve(sharedDir, "data", "nba_2014_15_before_2014-12-03.csv"), "utf8").trim().split(/\r?\n/);
    const header = lines[0]!.split(",");
    const rows = lines.slice(1).map((l) => l.split(","));
    const home = header.indexOf("home");
    const away = header.indexOf("away");
    const win = header.indexOf("home_win");
    const teams = [...new Set(rows.flatMap((r) => [r[home]!, r[away]!]))].sort();
    const column = (t: string) => t.replace(/[^A-Za-z0-9]/g, "_");
    const csv = [
      ["home_win", ...teams.map(column)].join(","),
      ...rows.map((r) => [r[win], ...teams.map((t) => (t === r[home] ? 1 : t === r[away] ? -1 : 0))].join(",")),
    ].join("\n");
    const others = teams.filter((t) => t !== "San Antonio Spurs").map(column);
    const frame = buildModelFrame(parseCsv(csv, "nba-bradley-terry.csv"), `home_win ~ 0 + ${others.join(" + ")}`);
    const fit = jeffreysGlmEstimator.fit(frame, {});
    const k76 = fit.betaNames.indexOf("Philadelphia_76ers");
    expect(Number.isFinite(fit.beta[k76]!)).toBe(true);
    fit.beta.forEach((v, k) => {
      if (k !== k76) expect(fit.beta[k76]!).toBeLessThan(v);
    });
    expect(fit.beta[k76]!).toBeLessThan(0); // below the Spurs (0)
  });
});
