/**
 * The formula language against lme4 (reference/lme4-model.json, `formulas`): models with I(), log, exp,
 * sqrt, abs, scale, poly (orthogonal and raw) and factor() get R's coefficient names and lme4's estimates
 * (logLik at least lme4's − 1e-6, estimates within 2e-3·max(1, |value|), or within 1e-3 standard errors
 * where the model is so ill-conditioned that lme4's optimiser stops short along a flat direction — toenail's
 * poly(time, 2) + log(time + 1) + factor(visit), SE(poly 1) ≈ 265, where our logLik is 1e-5 higher);
 * R's poly() basis is reproduced.
 */
import { describe, expect, it } from "vitest";
import { buildModelFrame, orthogonalPolynomial } from "@glmmkit/core";
import { readCsvFile } from "@glmmkit/core/node";
import { mlEstimator } from "./ml-estimator.js";
import { frameOptions, repoReference, repoReferenceDir, sharedDir } from "../test-support/reference.js";

interface FormulaEntry {
  data: string;
  formula: string;
  cli: { factors?: string; success?: string };
  logLik: number;
  fixef: Record<string, number>;
  varcorr: Record<string, { sd: number }>;
}

const reference = repoReference<{
  formulas: Record<string, FormulaEntry>;
  poly: { alpha: number[]; norm2: number[]; firstRows: number[][] };
}>("lme4-model.json");

/** Data sets the project ships in reference/data, or the shared ones. */
function table(file: string) {
  const local = ["bacteria.csv", "contraception.csv", "singular-q3.csv"].includes(file);
  return readCsvFile(local ? `${repoReferenceDir}/data/${file}` : `${sharedDir}/data/${file}`);
}

describe("formula functions fitted as lme4 fits them", () => {
  it.each(Object.keys(reference.formulas).map((k) => [k]))("%s", (key) => {
    const entry = reference.formulas[key]!;
    const fit = mlEstimator.fit(buildModelFrame(table(entry.data), entry.formula, frameOptions(entry.cli)), {});
    expect([...fit.betaNames]).toEqual(Object.keys(entry.fixef));
    expect(fit.converged).toBe(true);
    expect(fit.logLik).toBeGreaterThanOrEqual(entry.logLik - 1e-6);
    fit.betaNames.forEach((name, k) => {
      const value = entry.fixef[name]!;
      const tolerance = Math.max(2e-3 * Math.max(1, Math.abs(value)), 1e-3 * fit.betaStdErrors[k]!);
      expect(Math.abs(fit.beta[k]! - value), name).toBeLessThanOrEqual(tolerance);
    });
  });

  it("poly(time, 3) on toenail: R's α, norm² and basis", () => {
    const column = table("toenail.csv").column("time");
    if (column.kind !== "numeric") throw new Error("toenail's time column should read as numbers");
    const time = column.values;
    const { columns, coefficients } = orthogonalPolynomial(time, 3);
    coefficients.alpha.forEach((a, k) => expect(a).toBeCloseTo(reference.poly.alpha[k]!, 10));
    coefficients.norm2.forEach((v, k) => expect(Math.abs(v - reference.poly.norm2[k]!) / reference.poly.norm2[k]!).toBeLessThan(1e-12));
    reference.poly.firstRows.forEach((row, i) => row.forEach((v, k) => expect(columns[k]![i]).toBeCloseTo(v, 12)));
  });
});
