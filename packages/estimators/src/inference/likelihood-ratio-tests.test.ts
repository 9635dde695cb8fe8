/**
 * Likelihood-ratio tables against lme4's anova() (reference/lme4-inference-checks.json): fixed-effect tests on
 * cbpp, toenail (the issue's example) and crossed salamander, random-effect tests on the simulated slope; the
 * statistic is exactly 2·Δ logLik of the two fits; non-nested models and different data are refused.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { buildModelFrame, isGlmmInputError, parseCsv, type ModelFrame } from "@glmmkit/core";
import { repoReferenceDir, sharedFrame } from "../test-support/reference.js";
import { sharedDataFrame } from "../test-support/glmmtmb-reference.js";
import { inferenceChecks, slopeFrame, type AnovaReference } from "../test-support/inference-reference.js";
import { compareNestedModels } from "./likelihood-ratio-tests.js";

function expectTable(frames: ModelFrame[], reference: AnovaReference, rowsOf: number[] = frames.map((_, k) => k)): void {
  const { table, fits } = compareNestedModels(frames.map((frame, k) => ({ label: `m${k + 1}`, frame })));
  rowsOf.forEach((refRow, k) => {
    const row = table.rows[k]!;
    expect(row.formula).toBe(reference.formulas[refRow]);
    expect(row.npar).toBe(reference.npar[refRow]);
    // Our optimum is at least as high as lme4's (tight PIRLS) and agrees to 1e-6.
    expect(row.logLik).toBeGreaterThan(reference.logLik[refRow]! - 1e-6);
    expect(Math.abs(row.logLik - reference.logLik[refRow]!)).toBeLessThan(1e-5);
    for (const key of ["AIC", "BIC", "deviance"] as const) expect(Math.abs(row[key] - reference[key][refRow]!)).toBeLessThan(2e-5);
    if (k === 0) {
      expect(row.chisq).toBeUndefined();
      return;
    }
    expect(Math.abs(row.chisq! - (reference.Chisq[refRow] as number))).toBeLessThan(2e-5);
    expect(row.df).toBe(reference.Df[refRow]);
    expect(Math.abs(row.p! / (reference.p[refRow] as number) - 1)).toBeLessThan(1e-4);
  });
  // The statistic is exactly 2·Δ logLik of the two fits.
  const byFormula = new Map(fits.map((f) => [f.formula, f.logLik]));
  for (let k = 1; k < table.rows.length; k++) {
    const larger = byFormula.get(table.rows[k]!.formula)!;
    const smaller = byFormula.get(table.rows[k - 1]!.formula)!;
    expect(table.rows[k]!.chisq).toBe(2 * (larger - smaller));
  }
}

function expectRefused(frames: ModelFrame[], pattern: RegExp): void {
  try {
    compareNestedModels(frames.map((frame, k) => ({ label: `m${k + 1}`, frame })));
  } catch (error) {
    expect(isGlmmInputError(error)).toBe(true);
    expect((error as Error).message).toMatch(pattern);
    return;
  }
  throw new Error("expected the comparison to be refused");
}

describe("compareNestedModels", () => {
  const cbpp = (formula: string) => sharedFrame("cbpp.csv", formula, { factors: ["period"] });

  it("cbpp: period tested as lme4's anova, whatever order the models are given in", () => {
    const reference = inferenceChecks.anova["cbpp_period"]!;
    expectTable(reference.formulas.map(cbpp), reference);
    expectTable([...reference.formulas].reverse().map(cbpp), reference, [0, 1]);
  });

  it("toenail: the treatment × time interaction (the issue's example)", () => {
    const reference = inferenceChecks.anova["toenail_interaction"]!;
    const frames = reference.formulas.map((f) =>
      sharedDataFrame("toenail.csv", f.replace(/^y ~/, "outcome ~"), { success: "moderate or severe" }),
    );
    const { table } = compareNestedModels(frames.map((frame, k) => ({ label: `m${k + 1}`, frame })));
    expect(Math.abs(table.rows[1]!.chisq! - (reference.Chisq[1] as number))).toBeLessThan(1e-4);
    expect(Math.abs(table.rows[1]!.logLik - reference.logLik[1]!)).toBeLessThan(1e-5);
    expect(Math.abs(table.rows[0]!.logLik - reference.logLik[0]!)).toBeLessThan(1e-5);
  });

  it("salamander: crossed random effects in both models", () => {
    const reference = inferenceChecks.anova["salamander_interaction"]!;
    expectTable(reference.formulas.map((f) => sharedDataFrame("salamander.csv", f)), reference);
  });

  it("a random slope tested against its absence, with the boundary caveat", () => {
    const reference = inferenceChecks.anova["slope_q2_random"]!;
    // Rows 1 and 2 of lme4's table: "1 + (1 + x | g)" within "x + (1 + x | g)".
    expectTable([slopeFrame(reference.formulas[1]!), slopeFrame(reference.formulas[2]!)], reference, [1, 2]);
    const { table } = compareNestedModels([
      { label: "m1", frame: slopeFrame("y ~ x + (1 | g)") },
      { label: "m2", frame: slopeFrame("y ~ x + (1 + x | g)") },
    ]);
    expect(table.notes.join(" ")).toMatch(/m1 and m2 differ in their random effects: .* conservative/);
  });

  it("refuses non-nested models (lme4 would test them), equal sizes, different data and a single model", () => {
    const reference = inferenceChecks.anova["slope_q2_random"]!;
    // lme4 compares rows 0 and 1 of its table although neither model contains the other.
    expectRefused([slopeFrame(reference.formulas[0]!), slopeFrame(reference.formulas[1]!)], /m1 \("y ~ x \+ \(1 \| g\)"\) is not nested in m2 .* "x"/);
    const lines = readFileSync(resolve(repoReferenceDir, "data", "slope-q2.csv"), "utf8").trim().split(/\r?\n/);
    const flipped = [lines[0], `${1 - Number(lines[1]![0])}${lines[1]!.slice(1)}`, ...lines.slice(2)].join("\n");
    expectRefused(
      [slopeFrame("y ~ 1 + (1 | g)"), buildModelFrame(parseCsv(flipped, "flipped.csv"), "y ~ x + (1 | g)")],
      /not fitted to the same observations: their responses differ at observation 1/,
    );
    expectRefused(
      [slopeFrame("y ~ x + (1 | g)"), slopeFrame("y ~ x + (0 + x | g)")],
      /same number of parameters \(3\)/,
    );
    expectRefused([slopeFrame("y ~ x + (1 | g)")], /at least twice/);
  });
});
