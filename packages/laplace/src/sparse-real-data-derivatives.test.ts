/**
 * The exact gradient of the multi-term Laplace likelihood against central differences of ℓ at random θ on
 * the real data sets of the crossed, observation-level and uncorrelated reference fits (glmmtmb.json).
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildModelFrame, parseCsv, type ModelFrame, type ModelFrameOptions } from "@glmmkit/core";
import { GlmmLikelihood } from "./glmm-likelihood.js";
import { mulberry32 } from "./test-support/synthetic-frame.js";

const shared = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "vendor", "shared");

function frame(file: string, formula: string, options: ModelFrameOptions = {}, withRowNumber = false): ModelFrame {
  const lines = readFileSync(resolve(shared, "data", file), "utf8").trim().split(/\r?\n/);
  const text = withRowNumber ? [`${lines[0]},obs`, ...lines.slice(1).map((l, i) => `${l},${i + 1}`)] : lines;
  return buildModelFrame(parseCsv(text.join("\n"), file), formula, options);
}

const cases: { name: string; frame: () => ModelFrame }[] = [
  { name: "salamander, (1 | Female) + (1 | Male)", frame: () => frame("salamander.csv", "Mate ~ TypeF * TypeM + (1 | Female) + (1 | Male)") },
  { name: "VerbAgg, (1 | id) + (1 | item)", frame: () => frame("verbagg.csv", "r2 ~ Anger + Gender + btype + situ + (1 | id) + (1 | item)") },
  {
    name: "cbpp, (1 | herd) + (1 | obs)",
    frame: () => frame("cbpp.csv", "cbind(incidence, size - incidence) ~ period + (1 | herd) + (1 | obs)", { factors: ["period"] }, true),
  },
  {
    name: "toenail, (time || patientID)",
    frame: () => frame("toenail.csv", "outcome ~ treatment * time + (time || patientID)", { success: "moderate or severe" }),
  },
];

function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let k = 0; k < a.length; k++) {
    num = Math.max(num, Math.abs(a[k]! - b[k]!));
    den = Math.max(den, Math.abs(b[k]!));
  }
  return num / den;
}

describe("exact multi-term gradient on the real data sets", () => {
  for (const c of cases) {
    it(c.name, () => {
      const f = c.frame();
      const lik = new GlmmLikelihood(f);
      expect(lik.engineName).toBe("sparse");
      const d = lik.dim;
      const rand = mulberry32(d * 104729);
      const theta = new Float64Array(d);
      for (let k = 0; k < d; k++) theta[k] = k < f.p ? 2 * rand() - 1 : 0.8 * rand() - 0.2;
      const gradient = new Float64Array(d);
      lik.logLikAndGradient(theta, gradient);
      const numeric = new Float64Array(d);
      const at = (k: number, h: number) => {
        const t = theta.slice();
        t[k] += h;
        return lik.logLik(t);
      };
      for (let k = 0; k < d; k++) {
        const h = 1e-3;
        const d1 = (at(k, h) - at(k, -h)) / (2 * h);
        const d2 = (at(k, h / 2) - at(k, -h / 2)) / h;
        numeric[k] = (4 * d2 - d1) / 3;
      }
      expect(maxRelativeError(gradient, numeric)).toBeLessThan(1e-5);
    });
  }
});
