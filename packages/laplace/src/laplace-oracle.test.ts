/**
 * Independent oracle for the Laplace value on real data: each cluster's mode found by golden-section
 * search on h_j (no Newton, no PIRLS code), H_j from its closed form, summed by hand.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildModelFrame, type ModelFrame } from "@glmmkit/core";
import { readCsvFile } from "@glmmkit/core/node";
import { GlmmLikelihood } from "./glmm-likelihood.js";

const shared = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "vendor", "shared");

function oracleLaplace(frame: ModelFrame, theta: Float64Array): number {
  const { n, p, X, y, trials } = frame;
  const term = frame.terms[0]!;
  const sigma = Math.exp(theta[p]!);
  const eta0 = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let c = 0; c < p; c++) eta0[i] += theta[c]! * X[c * n + i]!;
  const rowsOf: number[][] = term.levels.map(() => []);
  for (let i = 0; i < n; i++) rowsOf[term.groupIndex[i]!]!.push(i);
  let total = 0;
  for (const rows of rowsOf) {
    const h = (u: number) => {
      let s = -0.5 * u * u;
      for (const i of rows) {
        const e = eta0[i]! + sigma * term.Z[i]! * u;
        s += y[i]! * e - trials[i]! * Math.log1p(Math.exp(e));
      }
      return s;
    };
    let a = -40;
    let b = 40;
    const g = (Math.sqrt(5) - 1) / 2;
    for (let k = 0; k < 200; k++) {
      const c = b - g * (b - a);
      const d = a + g * (b - a);
      if (h(c) > h(d)) b = d;
      else a = c;
    }
    const u = 0.5 * (a + b);
    let H = 1;
    for (const i of rows) {
      const mu = 1 / (1 + Math.exp(-(eta0[i]! + sigma * term.Z[i]! * u)));
      H += trials[i]! * mu * (1 - mu) * sigma * sigma * term.Z[i]! * term.Z[i]!;
    }
    total += h(u) - 0.5 * Math.log(H);
  }
  return total;
}

describe("Laplace value against an independent oracle", () => {
  it("toenail at lme4's reported estimate", () => {
    const ref = JSON.parse(readFileSync(resolve(shared, "reference", "lme4.json"), "utf8"))["toenail_laplace"];
    const frame = buildModelFrame(
      readCsvFile(resolve(shared, "data", "toenail.csv")),
      "outcome ~ treatment * time + (1 | patientID)",
      { success: "moderate or severe" },
    );
    const theta = Float64Array.from([...(Object.values(ref.fixef) as number[]), Math.log(ref.theta as number)]);
    const ours = new GlmmLikelihood(frame).logLik(theta);
    // Golden section pins each mode to ~1e-8, so the oracle itself is good to about 1e-6 over 294 clusters.
    expect(ours).toBeCloseTo(oracleLaplace(frame, theta), 5);
  });
});
