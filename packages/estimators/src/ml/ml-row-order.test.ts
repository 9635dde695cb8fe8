/** Results do not depend on the order of the rows beyond rounding, and repeated fits are identical. */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { buildModelFrame, parseCsv, formatFitJson } from "@glmmkit/core";
import { mlEstimator } from "./ml-estimator.js";
import { sharedDir } from "../test-support/reference.js";

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0;
  for (let k = out.length - 1; k > 0; k--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (k + 1);
    [out[k], out[j]] = [out[j]!, out[k]!];
  }
  return out;
}

describe("row order and repeatability", () => {
  const lines = readFileSync(resolve(sharedDir, "data", "toenail.csv"), "utf8").trim().split(/\r?\n/);
  const formula = "outcome ~ treatment * time + (1 + time | patientID)";
  const options = { success: "moderate or severe" };
  const original = mlEstimator.fit(buildModelFrame(parseCsv(lines.join("\n"), "toenail.csv"), formula, options), {});

  it("a shuffled copy of the data gives the same fit to rounding", () => {
    const text = [lines[0]!, ...shuffled(lines.slice(1), 7)].join("\n");
    const fit = mlEstimator.fit(buildModelFrame(parseCsv(text, "shuffled.csv"), formula, options), {});
    expect(fit.logLik).toBeCloseTo(original.logLik, 8);
    fit.beta.forEach((v, k) => expect(Math.abs(v - original.beta[k]!)).toBeLessThan(1e-6));
    fit.psi.forEach((v, k) => expect(Math.abs(v - original.psi[k]!)).toBeLessThan(1e-6));
  });

  it("the same input gives byte-identical output", () => {
    const again = mlEstimator.fit(buildModelFrame(parseCsv(lines.join("\n"), "toenail.csv"), formula, options), {});
    expect(formatFitJson(again)).toBe(formatFitJson(original));
  });
});
