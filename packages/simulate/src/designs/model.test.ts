import { createDataTable } from "@glmmkit/core";
import { describe, expect, it } from "vitest";
import { truthFromFitJson } from "../fit-json.js";
import { simulate } from "../simulate.js";
import { toCsv } from "../simulated-table.js";
import { expectFrameReadBack, frameReadBack } from "../test-support/read-back.js";
import { modelDesign, type ModelDesignOptions } from "./model.js";

function table(columns: Record<string, string[]>) {
  return createDataTable("design.csv", new Map(Object.entries(columns)));
}

const rows = {
  dose: ["1", "2", "3", "1", "2", "3", "1", "2"],
  site: ["3", "1", "2", "3", "1", "2", "3", "1"],
  label: ["a,b", "c", "d", "e", "f", "g", "h", "i"],
};
const base: Omit<ModelDesignOptions, "data"> = {
  formula: "y ~ dose + (1 | site)",
  parameters: { beta: { "(Intercept)": -1, dose: 0.5 }, sd: { site: 1.2 } },
};

describe("model design", () => {
  it("adds a missing 0/1 response, copies every other cell verbatim, and reads back as glmm fit would", () => {
    const replicate = simulate(modelDesign({ ...base, data: table(rows) }), {}, { seed: 1, replicate: 1 });
    expect(replicate.table.columns.map((c) => c.name)).toEqual(["dose", "site", "label", "y"]);
    expect(toCsv(replicate.table).split("\n")[1]).toMatch(/^1,3,"a,b",[01]$/);
    expectFrameReadBack(replicate);
  });

  it("replaces a response column in place, whatever it held (text, with --success in the fit)", () => {
    const data = table({ ...rows, y: ["yes", "no", "no", "yes", "no", "yes", "no", "no"] });
    const replicate = simulate(modelDesign({ ...base, data, frameOptions: { success: "yes" } }), {}, { seed: 1, replicate: 2 });
    expect(replicate.table.columns.map((c) => c.name)).toEqual(["dose", "site", "label", "y"]);
    expect(new Set(replicate.table.columns[3]!.values as Float64Array).size).toBeLessThanOrEqual(2);
    expectFrameReadBack(replicate);
  });

  it("binomial counts: cbind(s, f) keeps the rows' trials s + f; cbind(s, n - s) keeps n", () => {
    const withCounts = table({ ...rows, s: ["1", "0", "2", "3", "0", "1", "1", "2"], f: ["2", "4", "0", "1", "1", "1", "3", "0"] });
    const a = simulate(
      modelDesign({ ...base, formula: "cbind(s, f) ~ dose + (1 | site)", data: withCounts }),
      {},
      { seed: 1, replicate: 1 },
    );
    expect(Array.from(a.frame.trials)).toEqual([3, 4, 2, 4, 1, 2, 4, 2]);
    expectFrameReadBack(a);
    const withTotals = table({ ...rows, n: ["5", "5", "8", "1", "0", "2", "9", "3"] });
    const b = simulate(
      modelDesign({ ...base, formula: "cbind(s, n - s) ~ dose + (1 | site)", data: withTotals }),
      {},
      { seed: 1, replicate: 1 },
    );
    expect(b.table.columns.map((c) => c.name)).toEqual(["dose", "site", "label", "n", "s"]);
    const y = Array.from(b.frame.y);
    y.forEach((s, i) => expect(s).toBeLessThanOrEqual(b.frame.trials[i]!));
    // Row 5 has no trials: the frame sets it aside (and counts it); the table keeps it with 0 successes.
    expect(b.frame.omitted?.map((o) => [o.reason, Array.from(o.rows)])).toEqual([["zero trials", [5]]]);
    expect(b.table.columns[4]!.values[4]).toBe(0);
    expectFrameReadBack(b);
    expect(() =>
      simulate(modelDesign({ ...base, formula: "cbind(s, f) ~ dose + (1 | site)", data: table(rows) }), {}, { seed: 1, replicate: 1 }),
    ).toThrow(/cbind\(s, f\) takes the trials from the design rows, but column "s" is not in "design.csv"/);
    expect(() =>
      simulate(
        modelDesign({ ...base, formula: "cbind(s, n - dose) ~ site", parameters: { beta: {}, sd: {} }, data: withTotals }),
        {},
        { seed: 1, replicate: 1 },
      ),
    ).toThrow(/the failures must be written n - s/);
  });

  it("adds the formula's offset to η, and writes a proportion response under prior weights (R's weights =)", () => {
    // With no random-effect variance and β = 0, η is the offset alone: ±30 makes every response certain.
    const offsets = table({
      ...rows,
      o: ["30", "-30", "30", "-30", "30", "-30", "30", "-30"],
    });
    const shifted = simulate(
      modelDesign({
        formula: "y ~ dose + offset(o) + (1 | site)",
        parameters: { beta: { "(Intercept)": 0, dose: 0 }, sd: { site: 0 } },
        data: offsets,
      }),
      {},
      { seed: 3, replicate: 1 },
    );
    expect(Array.from(shifted.frame.y)).toEqual([1, 0, 1, 0, 1, 0, 1, 0]);
    expectFrameReadBack(shifted);

    const weighted = table({
      ...rows,
      n: ["5", "5", "8", "1", "3", "2", "9", "3"],
    });
    const replicate = simulate(
      modelDesign({
        ...base,
        formula: "p ~ dose + (1 | site)",
        frameOptions: { weights: "n" },
        data: weighted,
      }),
      {},
      { seed: 1, replicate: 1 },
    );
    expect(Array.from(replicate.frame.trials)).toEqual([5, 5, 8, 1, 3, 2, 9, 3]);
    const proportions = replicate.table.columns.find((c) => c.name === "p")!.values as Float64Array;
    proportions.forEach((v, i) => expect(v * replicate.frame.trials[i]!).toBeCloseTo(replicate.frame.y[i]!, 12));
    const read = frameReadBack(replicate);
    read.y.forEach((v, i) => expect(v).toBeCloseTo(replicate.frame.y[i]!, 12));
  });

  it("refuses a computed response it could not write back", () => {
    const withTotals = table({
      ...rows,
      s: ["1", "0", "2", "3", "0", "1", "1", "2"],
      n: ["5", "5", "8", "4", "3", "2", "9", "3"],
    });
    expect(() =>
      simulate(
        modelDesign({
          ...base,
          formula: "s/n ~ dose + (1 | site)",
          frameOptions: { weights: "n" },
          data: withTotals,
        }),
        {},
        { seed: 1, replicate: 1 },
      ),
    ).toThrow(/cannot simulate the computed response s\/n/);
  });

  it("factor options shape the coefficients; the truth says how to fit", () => {
    const replicate = simulate(
      modelDesign({
        ...base,
        formula: "y ~ site + (1 | dose)",
        data: table(rows),
        frameOptions: { factors: ["site"], referenceLevels: { site: "2" } },
        parameters: { beta: { "(Intercept)": 0, site1: 1, site3: -1 }, sd: { dose: 0.5 } },
      }),
      {},
      { seed: 1, replicate: 1 },
    );
    expect(replicate.truth.fitCommand).toBe('glmm fit FILE --formula "y ~ site + (1 | dose)" --factors site --reference-level "site=2"');
    expectFrameReadBack(replicate);
  });

  it("refuses parameters fitted to another number of rows", () => {
    expect(() => simulate(modelDesign({ ...base, data: table(rows), expectedRows: { rows: 80, source: "fit.json" } }), {}, { seed: 1, replicate: 1 })).toThrow(
      'fit.json was fitted to 80 rows but "design.csv" has 8: give the data it was fitted to',
    );
  });
});

describe("truth from `glmm fit --json`", () => {
  const fit = {
    estimator: "mspl",
    formula: "y ~ x + (1 + x | g)",
    n: 100,
    beta: [-1.5, 0.25],
    betaNames: ["(Intercept)", "x"],
    covariances: [{ group: "g", termNames: ["(Intercept)", "x"], sd: [1.1, 0.4], correlation: [1, -0.3, -0.3, 1], sigma: [1.21, -0.132, -0.132, 0.16] }],
    diagnostics: {},
  };

  it("reads the formula, β, SDs and correlations by name", () => {
    const truth = truthFromFitJson(fit, "fit.json");
    expect(truth).toEqual({
      formula: "y ~ x + (1 + x | g)",
      estimator: "mspl",
      rows: 100,
      parameters: {
        beta: { "(Intercept)": -1.5, x: 0.25 },
        sd: { "g:(Intercept)": 1.1, "g:x": 0.4 },
        correlation: { "g:(Intercept):x": -0.3 },
      },
    });
  });

  it("refuses non-finite estimates, other links and JSON that is not a fit", () => {
    expect(() => truthFromFitJson({ ...fit, beta: ["Inf", 0.25] }, "fit.json")).toThrow(
      /fit.json: coefficient "\(Intercept\)" is Inf; a simulation needs finite true values/,
    );
    expect(() => truthFromFitJson({ ...fit, link: "probit" }, "fit.json")).toThrow(/probit link; simulate draws logistic/);
    expect(() => truthFromFitJson({ formula: "y ~ x" }, "fit.json")).toThrow(/fit.json is not the JSON of `glmm fit --json`: "estimator"/);
  });
});
