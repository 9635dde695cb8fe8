import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { GlmmInputError, buildModelFrame, columnTexts, formatFitSummary, getEstimator, parseCsv } from "@glmmkit/core";
import { fitWithSeparationChecks } from "../separation-check/fit-with-separation-checks.js";
import { CULCITA_LEVELS, lme4Reference, sharedDir } from "../test-support/reference.js";
import { fitGlmm, fitGlmmAsync, toDataTable } from "./fit-glmm.js";

const csvText = readFileSync(resolve(sharedDir, "data", "culcita.csv"), "utf8");
const formula = "predation ~ ttt + (1 | block)";
const table = parseCsv(csvText, "culcita.csv");
const [block, predation, ttt] = ["block", "predation", "ttt"].map((name) => columnTexts(table.column(name)));
const rows = Array.from({ length: table.rows }, (_, i) => ({
  block: Number(block![i]),
  predation: Number(predation![i]),
  ttt: ttt![i]!,
}));
const columns = { block: rows.map((r) => r.block), predation: rows.map((r) => r.predation), ttt: rows.map((r) => r.ttt) };

describe("fitGlmmAsync", () => {
  it("gives the CLI's fit (same summary text) from CSV text, rows and columns", async () => {
    const cliRoute = await fitWithSeparationChecks(
      getEstimator("ml"),
      buildModelFrame(table, formula, { levelOrders: CULCITA_LEVELS }),
    );
    const expected = formatFitSummary(cliRoute);
    for (const data of [csvText, rows, columns]) {
      const fit = await fitGlmmAsync({ data, formula, levelOrders: CULCITA_LEVELS, source: "culcita.csv" });
      expect(formatFitSummary(fit)).toBe(expected);
      expect(Array.from(fit.beta)).toEqual(Array.from(cliRoute.beta));
    }
  });

  it("matches lme4's ML fit of Culcita (nAGQ = 1) to 1e-3 and its logLik from above", async () => {
    const ref = lme4Reference("culcita_full_laplace");
    const fit = await fitGlmmAsync({ data: rows, formula, levelOrders: CULCITA_LEVELS });
    expect(fit.logLik).toBeGreaterThanOrEqual(ref.logLik - 1e-6);
    fit.betaNames.forEach((name, k) => expect(Math.abs(fit.beta[k]! - ref.fixef[name]!)).toBeLessThan(1e-3));
    expect(fit.diagnostics.separation?.fixedEffects).not.toBeNull();
  });

  it("takes an estimator by name with its options, and rejects options it does not know", async () => {
    const fit = await fitGlmmAsync({ data: columns, formula, estimator: "ridge", options: { lambda: 0.5 } });
    expect(fit.estimator).toBe("ridge");
    await expect(fitGlmmAsync({ data: columns, formula, estimator: "ml", options: { lambda: 0.5 } })).rejects.toSatisfy(
      (e: unknown) => GlmmInputError.isInstance(e),
    );
  });
});

describe("fitGlmm (synchronous)", () => {
  it("gives the same estimates as the async call and says the LP certificate was not run", async () => {
    const sync = fitGlmm({ data: rows, formula, estimator: "mspl" });
    const async = await fitGlmmAsync({ data: rows, formula, estimator: "mspl" });
    // The async call starts from the separation certificate's GLM fit, the sync one from its own: the same
    // optimum, to the stopping rule (max |∇| < 1e-6).
    const close = (a: Float64Array, b: Float64Array) => a.forEach((v, k) => expect(Math.abs(v - b[k]!)).toBeLessThan(1e-6 * Math.max(1, Math.abs(v))));
    close(sync.beta, async.beta);
    close(sync.psi, async.psi);
    expect(sync.diagnostics.warnings.some((w) => w.includes("LP certificate was not run"))).toBe(true);
  });

  it("throws input errors that carry a kind (bad formula, unknown column)", () => {
    const badFormula = (() => {
      try {
        fitGlmm({ data: rows, formula: "predation ~ ttt + (1 | block" });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(GlmmInputError.isInstance(badFormula)).toBe(true);
    expect((badFormula as GlmmInputError).kind).toBe("formula");
    expect(() => fitGlmm({ data: rows, formula: "predation ~ nope + (1 | block)" })).toThrow(/column "nope" not found/);
  });

  it("accepts a DataTable unchanged", () => {
    expect(toDataTable(table)).toBe(table);
  });
});

describe("fitGlmm with a stochastic estimator", () => {
  it("passes the seed to the estimator: the same seed gives the same fit, another seed another", () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ y: (i * 7) % 3 === 0 ? 1 : 0, x: ((i * 13) % 11) / 5 - 1, g: `g${i % 5}` }));
    const request = { data: rows, formula: "y ~ x + (1 | g)", estimator: "mcmc", options: { chains: 1, warmup: 30, draws: 20 } };
    const a = fitGlmm({ ...request, seed: "5" });
    const b = fitGlmm({ ...request, seed: "5" });
    const c = fitGlmm({ ...request, seed: "6" });
    expect([...a.beta]).toEqual([...b.beta]);
    expect([...a.beta]).not.toEqual([...c.beta]);
    expect(a.sampling!.seed).toBe("5");
  });
});
