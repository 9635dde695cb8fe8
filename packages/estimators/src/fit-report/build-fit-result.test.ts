/**
 * Issue 12, item 7: a 2.56 M-row fit with 128 000 clusters died with "Maximum call stack size exceeded"
 * in the report (a spread of one argument per cluster). The report and its summary for 128 000 clusters.
 */
import { describe, expect, it } from "vitest";
import { formatFitSummary, parameterLayout, type ModelFrame } from "@glmmkit/core";
import { buildFitResult } from "./build-fit-result.js";

describe("buildFitResult with 128 000 clusters", () => {
  it("assembles the result and its summary without a spread over clusters", () => {
    const J = 128_000;
    const n = 2 * J;
    const groupIndex = new Int32Array(n);
    for (let i = 0; i < n; i++) groupIndex[i] = i >> 1;
    const frame: ModelFrame = {
      formula: "y ~ 1 + (1 | g)",
      responseName: "y",
      n,
      y: Float64Array.from({ length: n }, (_, i) => i % 2),
      trials: new Float64Array(n).fill(1),
      binary: true,
      p: 1,
      X: new Float64Array(n).fill(1),
      betaNames: ["(Intercept)"],
      terms: [{ group: "g", termNames: ["(Intercept)"], q: 1, levels: Array.from({ length: J }, (_, j) => `g${j}`), groupIndex, Z: new Float64Array(n).fill(1) }],
      rowsRead: n,
    };
    const layout = parameterLayout(frame);
    const information = Float64Array.from([4, 0, 0, 4]);
    const fit = buildFitResult({
      estimator: "ml",
      frame,
      layout,
      theta: Float64Array.from([0.1, -0.5]),
      logLik: -1000,
      objective: -1000,
      gradient: new Float64Array(2),
      objectiveInformation: information,
      covarianceInformation: information,
      ranef: [new Float64Array(J)],
      converged: true,
      iterations: 3,
      ridgeAdded: 0,
      approximation: "Laplace",
      optimizer: "Newton",
    });
    expect(fit.groups).toEqual([{ group: "g", levels: J }]);
    expect(formatFitSummary(fit)).toContain(`groups: g, ${J}`);
  });
});
