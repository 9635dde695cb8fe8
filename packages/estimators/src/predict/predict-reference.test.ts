/**
 * `predict` against lme4's predict.merMod (reference/lme4-model.json `predict`, and the shared
 * lme4-inference.json's fitted probabilities and population-level predictions for cbpp): link and response
 * scale, with all random effects (a new herd / patient gets 0, allow.new.levels = TRUE) and with none, on
 * new data whose poly()/scale() must use the fitted data's coefficients. The fit goes through its JSON, as
 * `glmm predict fit.json` reads it. Probabilities within 1e-6 where lme4's optimum is as tight as ours (cbpp);
 * on the ill-conditioned toenail model (SE of poly 1 ≈ 80) lme4 stops ~1e-4 away, so there the design
 * recipe is checked exactly with lme4's own coefficients (population level, 1e-9) and our fit within 1e-4.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { fitResultToJson, predict, readFitJson, type ModelFrameOptions, type PredictionModel } from "@glmmkit/core";
import { readCsvFile } from "@glmmkit/core/node";
import type { LinkName } from "@glmmkit/math";
import { mlEstimator } from "../ml/ml-estimator.js";
import { frameOptions, repoReference, repoReferenceDir, sharedDir, sharedFrame } from "../test-support/reference.js";

interface PredictEntry {
  formula: string;
  link: LinkName;
  data: string;
  newdata: string;
  cli: { factors?: string; success?: string };
  /** lme4's fixed effects, where recorded. */
  fixef?: Record<string, number>;
  link_full: number[];
  response_full: number[];
  link_none: number[];
  response_none: number[];
}

const entries = repoReference<{ predict: Record<string, PredictEntry> }>("lme4-model.json").predict;

function fitModel(file: string, formula: string, options: ModelFrameOptions, link: LinkName): PredictionModel {
  const fit = mlEstimator.fit(sharedFrame(file, formula, options), { link });
  // Through the JSON a user would save with `glmm fit --json`.
  return readFitJson(JSON.stringify(fitResultToJson(fit)), "fit.json");
}

function expectClose(got: Float64Array, want: readonly number[], tolerance: number): void {
  expect(got.length).toBe(want.length);
  want.forEach((w, i) => expect(Math.abs(got[i]! - w), `row ${i + 1}`).toBeLessThan(tolerance));
}

describe("predictions for new data, as lme4's predict", () => {
  it.each(Object.keys(entries).map((k) => [k]))("%s", (key) => {
    const entry = entries[key]!;
    const model = fitModel(entry.data, entry.formula, frameOptions(entry.cli), entry.link);
    const newData = readCsvFile(resolve(repoReferenceDir, "data", entry.newdata));
    const [link, response] = entry.fixef === undefined ? [1e-5, 1e-6] : [1e-4, 1e-5];
    expectClose(predict(model, newData, { type: "link", reForm: "all", allowNewLevels: true }), entry.link_full, link);
    expectClose(predict(model, newData, { type: "response", reForm: "all", allowNewLevels: true }), entry.response_full, response);
    expectClose(predict(model, newData, { type: "link", reForm: "none", allowNewLevels: false }), entry.link_none, link);
    expectClose(predict(model, newData, { type: "response", reForm: "none", allowNewLevels: false }), entry.response_none, response);
    if (entry.fixef !== undefined) {
      // lme4's coefficients through our design recipe: the new data's poly()/scale() columns are R's.
      const lme4Model = { ...model, beta: Float64Array.from(model.betaNames, (name) => entry.fixef![name]!) };
      expectClose(predict(lme4Model, newData, { type: "link", reForm: "none", allowNewLevels: false }), entry.link_none, 1e-9);
    }
    // Without allow.new.levels a new level is an error naming the row, as lme4's.
    expect(() => predict(model, newData, { type: "link", reForm: "all", allowNewLevels: false })).toThrow(/row 3: .* is not a level of the fitted model/);
  });

  it("cbpp: fitted probabilities and population-level predictions (shared lme4-inference.json)", () => {
    const reference = JSON.parse(readFileSync(resolve(sharedDir, "reference", "lme4-inference.json"), "utf8")).cbpp_inference as {
      fitted_prob: number[];
      predict_link_population: number[];
    };
    const model = fitModel("cbpp.csv", "cbind(incidence, size - incidence) ~ period + (1 | herd)", { factors: ["period"] }, "logit");
    const data = readCsvFile(resolve(sharedDir, "data", "cbpp.csv"));
    expectClose(predict(model, data, { type: "response", reForm: "all", allowNewLevels: false }), reference.fitted_prob, 1e-6);
    expectClose(predict(model, data, { type: "link", reForm: "none", allowNewLevels: false }), reference.predict_link_population, 1e-6);
    // A re-form naming the one term is the full prediction.
    expectClose(
      predict(model, data, { type: "response", reForm: { terms: "~ (1 | herd)" }, allowNewLevels: false }),
      reference.fitted_prob,
      1e-6,
    );
  });
});
