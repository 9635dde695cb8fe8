import { describe, expect, it } from "vitest";
import { parameterLayout } from "@glmmkit/core";
import { GlmmLikelihood } from "@glmmkit/laplace";
import { huberPenalty, jeffreysPenalty, sumPenalties } from "@glmmkit/penalties";
import { PenaltyCurvatureCache } from "./penalty-curvature-cache.js";
import { maximisePenalisedLikelihood } from "../ml/glmm-fit.js";
import { startingValues } from "../ml/starting-values.js";
import { endometrialGroupedCsv, frameFromCsv } from "../separation-check/test-support/fixtures.js";
import { CULCITA_LEVELS, sharedFrame } from "../test-support/reference.js";

describe("PenaltyCurvatureCache", () => {
  it("evaluates at the first step, reuses up to three times, and refreshes after a shortened step", () => {
    let evaluations = 0;
    const penalty = {
      value: () => 0,
      gradient: () => undefined,
      hessian: (_t: Float64Array, out: Float64Array) => {
        evaluations++;
        out.fill(evaluations);
      },
    };
    const cache = new PenaltyCurvatureCache(penalty, 1);
    const out = new Float64Array(1);
    const theta = new Float64Array(1);
    const handedOut: number[] = [];
    for (let k = 0; k < 5; k++) {
      cache.hessian(theta, out);
      handedOut.push(out[0]!);
      cache.recordStep(1);
    }
    expect(handedOut).toEqual([1, 1, 1, 1, 2]);
    cache.recordStep(0.5);
    cache.hessian(theta, out);
    expect(out[0]).toBe(3);
    expect(cache.lastWasExact).toBe(true);
  });
});

describe("penalised Newton with reused penalty curvature", () => {
  const cases = [
    { name: "culcita", frame: () => sharedFrame("culcita.csv", "predation ~ ttt + (1 | block)", { levelOrders: CULCITA_LEVELS }) },
    { name: "endometrial with (1 | PIq), separated", frame: () => frameFromCsv(endometrialGroupedCsv(), "HG ~ NV + PI + EH + (1 | PIq)") },
  ];
  for (const c of cases) {
    it(`${c.name}: reports the exact information at the optimum`, () => {
      const frame = c.frame();
      const layout = parameterLayout(frame);
      const d = layout.dim;
      const scale = 2 * Math.sqrt(frame.p / frame.n);
      const penalty = sumPenalties(
        [
          { penalty: jeffreysPenalty(frame.X, frame.n, frame.p, frame.trials, d, {}), weight: scale },
          { penalty: huberPenalty(layout), weight: scale },
        ],
        d,
      );
      const likelihood = new GlmmLikelihood(frame);
      const optimum = maximisePenalisedLikelihood(likelihood, penalty, startingValues(frame, layout), {});
      expect(optimum.converged).toBe(true);
      const lik = new Float64Array(d * d);
      const pen = new Float64Array(d * d);
      likelihood.hessian(optimum.x, lik);
      penalty.hessian(optimum.x, pen);
      let worst = 0;
      let size = 0;
      for (let k = 0; k < d * d; k++) {
        worst = Math.max(worst, Math.abs(optimum.hessian[k]! + lik[k]! + pen[k]!), Math.abs(optimum.likelihoodInformation![k]! + lik[k]!));
        size = Math.max(size, Math.abs(lik[k]!));
      }
      expect(worst / size).toBeLessThan(1e-9);
    });
  }
});
