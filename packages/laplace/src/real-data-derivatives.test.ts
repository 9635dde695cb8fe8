/**
 * The exact gradient and the Hessian against central finite differences of ℓ at random θ on each real
 * data set of the reference fits (Laplace and quadrature, scalar and vector random effects).
 */
import { describe, expect, it } from "vitest";
import type { ModelFrame } from "@glmmkit/core";
import { GlmmLikelihood } from "./glmm-likelihood.js";
import { mulberry32 } from "./test-support/synthetic-frame.js";
import { sharedDataFrame as frame } from "./test-support/shared-data.js";
import { maxRelativeError, valueSecondDifferences } from "./test-support/derivative-checks.js";

const culcita = { levelOrders: { ttt: ["none", "crabs", "shrimp", "both"] } };
const cases: { name: string; frame: () => ModelFrame; nAGQ: number }[] = [
  { name: "culcita, Laplace", frame: () => frame("culcita.csv", "predation ~ ttt + (1 | block)", culcita), nAGQ: 1 },
  { name: "culcita, nAGQ = 20", frame: () => frame("culcita.csv", "predation ~ ttt + (1 | block)", culcita), nAGQ: 20 },
  {
    name: "culcita without the atypical row, nAGQ = 100",
    frame: () => frame("culcita.csv", "predation ~ ttt + (1 | block)", culcita, "10,0,none"),
    nAGQ: 100,
  },
  { name: "cbpp, Laplace", frame: () => frame("cbpp.csv", "cbind(incidence, size - incidence) ~ period + (1 | herd)", { factors: ["period"] }), nAGQ: 1 },
  { name: "cbpp, nAGQ = 25", frame: () => frame("cbpp.csv", "cbind(incidence, size - incidence) ~ period + (1 | herd)", { factors: ["period"] }), nAGQ: 25 },
  { name: "toenail, Laplace", frame: () => frame("toenail.csv", "outcome ~ treatment * time + (1 | patientID)", { success: "moderate or severe" }), nAGQ: 1 },
  { name: "toenail, nAGQ = 20", frame: () => frame("toenail.csv", "outcome ~ treatment * time + (1 | patientID)", { success: "moderate or severe" }), nAGQ: 20 },
  {
    name: "toenail random slope, Laplace",
    frame: () => frame("toenail.csv", "outcome ~ treatment * time + (1 + time | patientID)", { success: "moderate or severe" }),
    nAGQ: 1,
  },
];

describe("exact derivatives on the real data sets", () => {
  for (const c of cases) {
    it(c.name, () => {
      const f = c.frame();
      const lik = new GlmmLikelihood(f, { nAGQ: c.nAGQ });
      const d = lik.dim;
      const rand = mulberry32(d * 7919 + c.nAGQ);
      const theta = new Float64Array(d);
      for (let k = 0; k < d; k++) theta[k] = k < f.p ? 2 * rand() - 1 : 0.8 * rand() - 0.2;
      const gradient = new Float64Array(d);
      lik.logLikAndGradient(theta, gradient);
      // Central differences of the value, Richardson-extrapolated.
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
      // The exact Hessian against second differences of the value alone, an independent route.
      const hessian = new Float64Array(d * d);
      lik.hessian(theta, hessian);
      expect(maxRelativeError(hessian, valueSecondDifferences(lik, theta))).toBeLessThan(1e-5);
    });
  }
});
