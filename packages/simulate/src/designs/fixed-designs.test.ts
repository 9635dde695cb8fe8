import { columnTexts } from "@glmmkit/core";
import { readFileSync } from "node:fs";
import { parseCsv } from "@glmmkit/core";
import { describe, expect, it } from "vitest";
import { simulate } from "../simulate.js";
import { toCsv } from "../simulated-table.js";
import { expectFrameReadBack } from "../test-support/read-back.js";
import { sharedDataPath, sharedReferencePath } from "../test-support/shared-data.js";
import { SALAMANDER_CSV } from "./salamander-data.js";

describe("booth-hobert (Song & Tan 2022, §4.1)", () => {
  const replicate = simulate("booth-hobert", {}, { seed: 3, replicate: 1 });
  it("10 clusters × 15 with x = j/15, no intercept, β = 5, σ² = 0.5", () => {
    expect(replicate.table.columns.map((c) => c.name)).toEqual(["i", "x", "y"]);
    expect(replicate.frame.n).toBe(150);
    const x = replicate.table.columns[1]!.values as Float64Array;
    expect(x[0]).toBe(1 / 15);
    expect(x[14]).toBe(1);
    expect(x[15]).toBe(1 / 15);
    expect(replicate.truth.beta).toEqual({ x: 5 });
    expect(replicate.truth.randomEffects[0]!.sd[0]! ** 2).toBeCloseTo(0.5, 15);
    expect(replicate.truth.formula).toBe("y ~ 0 + x + (1 | i)");
    expect(replicate.randomEffects[0]!.levels).toHaveLength(10);
    expectFrameReadBack(replicate);
  });
});

describe("salamander (Song & Tan 2022, §4.2)", () => {
  const replicate = simulate("salamander", {}, { seed: 3, replicate: 1 });
  it("ships the 360 pairs of ../shared/data/salamander.csv", () => {
    const shipped = parseCsv(SALAMANDER_CSV, "shipped");
    const shared = parseCsv(readFileSync(sharedDataPath("salamander.csv"), "utf8"), "shared");
    expect(shipped.columnNames).toEqual(shared.columnNames);
    for (const name of shared.columnNames) expect(shipped.column(name)).toEqual(shared.column(name));
    expect(shipped.rows).toBe(360);
  });

  it("crossed Female and Male effects (60 levels each), four cross means, female type first", () => {
    expect(replicate.truth.beta).toEqual({ CrossRR: 1.03, CrossRW: 0.32, CrossWR: -1.95, CrossWW: 0.99 });
    expect(replicate.truth.randomEffects.map((r) => [r.group, Number(r.variance[0]!.toFixed(12))])).toEqual([
      ["Female", 1.4],
      ["Male", 1.25],
    ]);
    expect(replicate.frame.terms.map((t) => t.levels.length)).toEqual([60, 60]);
    // Cross is the female type followed by the male type.
    const csv = parseCsv(toCsv(replicate.table), "r");
    const [cross, typeF, typeM] = ["Cross", "TypeF", "TypeM"].map((name) => columnTexts(csv.column(name)));
    cross!.forEach((c, i) => expect(c).toBe(`${typeF![i]}${typeM![i]}`));
    // Only Mate changes.
    const shared = parseCsv(SALAMANDER_CSV, "s");
    for (const name of shared.columnNames.filter((n) => n !== "Mate")) expect(columnTexts(csv.column(name))).toEqual(columnTexts(shared.column(name)));
    expectFrameReadBack(replicate);
  });
});

describe("culcita (Kosmidis's MSPL slides, simulation study)", () => {
  const replicate = simulate("culcita", {}, { seed: 3, replicate: 1 });
  it("the design of culcita.csv with the slides' truth from published.json", () => {
    const published = JSON.parse(readFileSync(sharedReferencePath("published.json"), "utf8")).culcita_atypical_removed.simulation_truth;
    expect(replicate.truth.beta).toEqual({
      "(Intercept)": published.beta0,
      tttcrabs: published.beta2,
      tttshrimp: published.beta3,
      tttboth: published.beta4,
    });
    expect(Math.log(replicate.truth.randomEffects[0]!.sd[0]!)).toBeCloseTo(published.log_sigma, 14);
    const original = parseCsv(readFileSync(sharedDataPath("culcita.csv"), "utf8"), "culcita.csv");
    const simulated = parseCsv(toCsv(replicate.table), "r");
    expect(simulated.columnNames).toEqual(original.columnNames);
    expect(simulated.column("block")).toEqual(original.column("block"));
    expect(simulated.column("ttt")).toEqual(original.column("ttt"));
    expect(replicate.truth.fitCommand).toBe('glmm fit FILE --formula "predation ~ ttt + (1 | block)" --levels "ttt=none,crabs,shrimp,both"');
    expectFrameReadBack(replicate);
  });
});

describe("extreme-effects (Kosmidis's MSPL slides)", () => {
  it("5 clusters of n, β = (1, −0.5, λ, 0.25, −1), σ² = 9, covariates of the stated laws", () => {
    const replicate = simulate("extreme-effects", { n: 200, lambda: 6 }, { seed: 3, replicate: 2 });
    expect(replicate.frame.n).toBe(1000);
    expect(replicate.truth.beta).toEqual({ "(Intercept)": 1, x2: -0.5, x3: 6, x4: 0.25, x5: -1 });
    expect(replicate.truth.randomEffects[0]!.variance[0]).toBe(9);
    const column = (name: string) => Array.from(replicate.table.columns.find((c) => c.name === name)!.values as Float64Array);
    expect(new Set(column("x3"))).toEqual(new Set([0, 1]));
    expect(new Set(column("x4"))).toEqual(new Set([0, 1]));
    expect(column("x5").every((v) => v > 0)).toBe(true);
    expect(new Set(column("cluster"))).toEqual(new Set([1, 2, 3, 4, 5]));
    // Loose sanity on the covariate laws (1000 draws; 5 SEs).
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(Math.abs(mean(column("x2")))).toBeLessThan(5 / Math.sqrt(1000));
    expect(Math.abs(mean(column("x3")) - 0.5)).toBeLessThan(5 * 0.5 / Math.sqrt(1000));
    expect(Math.abs(mean(column("x5")) - 1)).toBeLessThan(5 / Math.sqrt(1000));
    expectFrameReadBack(replicate);
  });
});
