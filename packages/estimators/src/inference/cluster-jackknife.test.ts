/**
 * The delete-one-cluster jackknife: a frame without one cluster fits exactly as the frame built from the CSV
 * without that cluster's rows (an independent path through the parser and the model-frame builder), and the
 * jackknife refits every cluster of the outermost factor, or every row of a GLM.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { Estimator } from "@glmmkit/core";
import { buildModelFrame, parameterLayout, parseCsv } from "@glmmkit/core";
import { mlEstimator } from "../ml/ml-estimator.js";
import { sharedDir } from "../test-support/reference.js";
import { clusterJackknife, jackknifeTerm } from "./cluster-jackknife.js";
import { frameWithoutGroup } from "./frame-without-group.js";
import { inferenceTargets } from "./inference-targets.js";

const ml = mlEstimator as Estimator<Record<string, unknown>>;
const csv = readFileSync(resolve(sharedDir, "data", "cbpp.csv"), "utf8");
const FORMULA = "cbind(incidence, size - incidence) ~ period + (1 | herd)";
const options = { factors: ["period"] };
const frame = buildModelFrame(parseCsv(csv, "cbpp.csv"), FORMULA, options);

/** cbpp.csv without the rows of one herd, parsed afresh. */
function csvWithoutHerd(herd: string): string {
  const [header, ...lines] = csv.trimEnd().split("\n");
  return [header, ...lines.filter((line) => line.split(",")[0] !== herd)].join("\n");
}

describe("frameWithoutGroup", () => {
  it("fits as the data set without that cluster's rows", () => {
    for (const level of [0, 7, 14]) {
      const herd = frame.terms[0]!.levels[level]!;
      const reduced = frameWithoutGroup(frame, 0, level);
      const oracle = buildModelFrame(parseCsv(csvWithoutHerd(herd), "cbpp.csv"), FORMULA, options);
      expect(reduced.n).toBe(oracle.n);
      expect(reduced.terms[0]!.levels).toEqual(oracle.terms[0]!.levels);
      expect([...reduced.terms[0]!.groupIndex]).toEqual([...oracle.terms[0]!.groupIndex]);
      expect([...reduced.X]).toEqual([...oracle.X]);
      const a = ml.fit(reduced, {});
      const b = ml.fit(oracle, {});
      expect(a.logLik).toBeCloseTo(b.logLik, 10);
      expect(a.covariances[0]!.sd[0]).toBeCloseTo(b.covariances[0]!.sd[0]!, 8);
    }
  });
});

describe("clusterJackknife", () => {
  it("leaves out each herd in turn and reads the targets of every refit", () => {
    const fit = ml.fit(frame, {});
    const targets = inferenceTargets(frame, parameterLayout(frame), fit);
    const jackknife = clusterJackknife(frame, ml, {}, targets);
    expect(jackknife.unit).toBe("herd");
    expect(jackknife.values).toHaveLength(15);
    expect(jackknife.failures).toEqual([]);
    const without8 = ml.fit(frameWithoutGroup(frame, 0, frame.terms[0]!.levels.indexOf("8")), {});
    const eighth = jackknife.values[frame.terms[0]!.levels.indexOf("8")]!;
    expect(eighth[0]).toBeCloseTo(without8.covariances[0]!.sd[0]!, 12);
    expect([...eighth.slice(1)]).toEqual([...without8.beta]);
  });

  it("leaves out rows of a model without random effects, and picks the factor with the fewest levels", () => {
    const glm = buildModelFrame(parseCsv(csv, "cbpp.csv"), "cbind(incidence, size - incidence) ~ period", options);
    expect(jackknifeTerm(glm)).toBeNull();
    const glmFit = ml.fit(glm, {});
    const jackknife = clusterJackknife(glm, ml, {}, inferenceTargets(glm, parameterLayout(glm), glmFit));
    expect([jackknife.unit, jackknife.values.length]).toEqual(["row", 56]);
    const crossed = buildModelFrame(parseCsv(csv, "cbpp.csv"), "cbind(incidence, size - incidence) ~ 1 + (1 | herd) + (1 | period)", options);
    expect(jackknifeTerm(crossed)).toBe(1); // period: 4 levels, herd: 15
  });
});
