import { describe, expect, it } from "vitest";
import type { FitResult } from "./fit-result.js";
import { formatAnovaTable, likelihoodRatioRows } from "./anova-table.js";

/** Only what the table reads: formula, logLik, df, n. */
function fit(formula: string, logLik: number, df: number, n = 56): FitResult {
  return { formula, logLik, df, n } as unknown as FitResult;
}

// lme4 1.1-31, anova(m0, m1) on cbpp (reference/lme4-inference-checks.json, anova.cbpp_period).
const null0 = fit("cbind(incidence, size - incidence) ~ 1 + (1 | herd)", -104.831313593857, 2);
const period = fit("cbind(incidence, size - incidence) ~ period + (1 | herd)", -92.0262818714973, 5);

describe("likelihoodRatioRows", () => {
  it("sorts by npar and tests each model against the one above: χ² = 2Δℓ, Df = Δnpar", () => {
    const rows = likelihoodRatioRows([
      { label: "m1", fit: period },
      { label: "m2", fit: null0 },
    ]);
    expect(rows.map((r) => r.label)).toEqual(["m2", "m1"]);
    expect(rows[0]!.chisq).toBeUndefined();
    expect(rows[1]!.chisq).toBeCloseTo(25.6100634447193, 10);
    expect(rows[1]!.df).toBe(3);
    expect(rows[1]!.p! / 1.15093669430759e-5 - 1).toBeLessThan(1e-9);
    expect(rows[0]!.AIC).toBeCloseTo(213.662627187714, 10);
    expect(rows[1]!.BIC).toBeCloseTo(204.17932219667, 10);
  });
});

describe("formatAnovaTable", () => {
  it("prints lme4's anova layout", () => {
    const text = formatAnovaTable({
      dataName: "cbpp.csv",
      rows: likelihoodRatioRows([
        { label: "m1", fit: null0 },
        { label: "m2", fit: period },
      ]),
      notes: ["a note"],
    });
    // lme4 prints the same numbers: "m1    5 194.05 204.18  -92.026   184.05 25.61  3  1.151e-05 ***".
    expect(text).toBe(
      [
        "Data: cbpp.csv",
        "Models:",
        "m1: cbind(incidence, size - incidence) ~ 1 + (1 | herd)",
        "m2: cbind(incidence, size - incidence) ~ period + (1 | herd)",
        "   npar    AIC    BIC   logLik deviance Chisq Df Pr(>Chisq)",
        "m1    2 213.66 217.71 -104.831   209.66",
        "m2    5 194.05 204.18  -92.026   184.05 25.61  3  1.151e-05 ***",
        "---",
        "Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1",
        "Note: a note",
        "",
      ].join("\n"),
    );
  });
});
