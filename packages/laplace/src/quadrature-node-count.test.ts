/**
 * nAGQ = k evaluates exactly the k-node adaptive Gauss–Hermite rule: on a tiny hand-written data set the
 * log-likelihood equals a sum written out by hand with the closed-form k-node rules (roots of He_k) and an
 * independent mode search, for k = 1 … 5; and its gradient is the derivative of that same k-node sum.
 */
import { describe, expect, it } from "vitest";
import { GlmmLikelihood } from "./glmm-likelihood.js";
import { closedFormRules, handAdaptiveQuadrature, tinyFrame, tinyParameters, tinyRows } from "./test-support/hand-computed-integrals.js";

const rows = tinyRows;
const frame = tinyFrame(rows);
const { beta, sigma } = tinyParameters;
const theta = Float64Array.from([...beta, Math.log(sigma)]);

describe("nAGQ = k is the k-node rule", () => {
  it("the hand-written rules integrate E z^2j = (2j − 1)!! exactly up to degree 2k − 1", () => {
    for (let k = 1; k <= 5; k++) {
      const rule = closedFormRules[k]!;
      let doubleFactorial = 1;
      for (let degree = 0; degree <= 2 * k - 1; degree++) {
        const moment = rule.nodes.reduce((s, z, i) => s + rule.weights[i]! * z ** degree, 0);
        const expected = degree % 2 === 1 ? 0 : doubleFactorial;
        expect(Math.abs(moment - expected), `k = ${k}, degree ${degree}`).toBeLessThan(1e-12 * Math.max(1, expected));
        if (degree % 2 === 1) doubleFactorial *= degree;
      }
    }
  });

  it("neighbouring node counts differ on this data, so the comparison below can tell k from k ± 1", () => {
    for (let k = 1; k < 5; k++) {
      const here = handAdaptiveQuadrature(rows, beta, sigma, closedFormRules[k]!);
      const next = handAdaptiveQuadrature(rows, beta, sigma, closedFormRules[k + 1]!);
      expect(Math.abs(here - next), `k = ${k}`).toBeGreaterThan(1e-5);
    }
  });

  for (let k = 1; k <= 5; k++) {
    it(`nAGQ = ${k} equals the hand-written ${k}-node sum to 1e-12`, () => {
      const ours = new GlmmLikelihood(frame, { nAGQ: k }).logLik(theta);
      expect(Math.abs(ours - handAdaptiveQuadrature(rows, beta, sigma, closedFormRules[k]!))).toBeLessThan(1e-12 * (1 + Math.abs(ours)));
    });
  }

  for (const k of [2, 3, 5]) {
    it(`the nAGQ = ${k} gradient is the derivative of the hand-written ${k}-node sum`, () => {
      const gradient = new Float64Array(3);
      new GlmmLikelihood(frame, { nAGQ: k }).logLikAndGradient(theta, gradient);
      const sum = (t: readonly number[]): number => handAdaptiveQuadrature(rows, [t[0]!, t[1]!], Math.exp(t[2]!), closedFormRules[k]!);
      for (let c = 0; c < 3; c++) {
        const h = 1e-5;
        const plus = [...theta];
        const minus = [...theta];
        plus[c]! += h;
        minus[c]! -= h;
        const difference = (sum(plus) - sum(minus)) / (2 * h);
        expect(Math.abs(gradient[c]! - difference), `θ[${c}]`).toBeLessThan(1e-7);
      }
    });
  }
});
