import { describe, expect, it } from "vitest";
import type { BoundaryFlag, Estimator, FitResult, ModelFrame } from "@glmmkit/core";
import type { GlmmFitOptions } from "../ml/glmm-fit.js";
import { mlEstimator } from "../ml/ml-estimator.js";
import { checkDivergence, DEFAULT_DIVERGENCE_TOLERANCES } from "./divergence-check.js";
import {
  CULCITA_FORMULA,
  CULCITA_LEVEL_ORDER,
  ENDOMETRIAL_GROUPED_FORMULA,
  culcitaCsv,
  endometrialGroupedCsv,
  frameFromCsv,
  quartileGroups,
} from "./test-support/fixtures.js";

describe("the endometrial data with a random intercept for the quartile of PI", () => {
  it("PIq reproduces R's cut(PI, quantile(PI), include.lowest = TRUE)", () => {
    // quantile(PI) (type 7) is 0, 11, 16, 21, 49 on these data, so the four groups hold 22, 19, 19, 19 patients.
    const groups = quartileGroups([0, 11, 12, 16, 17, 21, 22, 49]);
    expect(groups).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
    const frame = frameFromCsv(endometrialGroupedCsv(), ENDOMETRIAL_GROUPED_FORMULA);
    expect(frame.terms[0]!.levels).toEqual(["1", "2", "3", "4"]);
    const counts = [0, 0, 0, 0];
    for (const j of frame.terms[0]!.groupIndex) counts[j]!++;
    expect(counts).toEqual([22, 19, 19, 19]);
  });

  it("the post-fit check flags β_NV as diverging to +∞ and keeps the other coefficients finite", () => {
    const frame = frameFromCsv(endometrialGroupedCsv(), ENDOMETRIAL_GROUPED_FORMULA);
    const check = checkDivergence(frame);
    expect(check.verdict).toBe("diverging");
    const byName = new Map(check.parameters.map((p) => [p.parameter, p]));
    const nv = byName.get("NV")!;
    expect(nv.status).toBe("diverging");
    expect(nv.direction).toBe(1);
    // The estimate climbs and its standard error grows along the ladder.
    expect(nv.estimates[nv.estimates.length - 1]! - nv.estimates[0]!).toBeGreaterThan(2);
    expect(nv.standardErrors[nv.standardErrors.length - 1]! / nv.standardErrors[0]!).toBeGreaterThan(5);
    for (const name of ["(Intercept)", "PI", "EH"]) expect(byName.get(name)!.status).toBe("finite");
    expect(check.message).toMatch(/^diverging: NV \(\+Inf\)/);
    expect(check.refits).toHaveLength(1 + DEFAULT_DIVERGENCE_TOLERANCES.length);
    expect(check.refits.slice(1).map((r) => r.gradientTolerance)).toEqual([...DEFAULT_DIVERGENCE_TOLERANCES]);
  });
});

describe("Culcita with adaptive quadrature (nAGQ = 100): no diverging parameter", () => {
  it("all rows: finite", () => {
    const frame = frameFromCsv(culcitaCsv(false), CULCITA_FORMULA, { levelOrders: CULCITA_LEVEL_ORDER });
    const check = checkDivergence(frame, { fitOptions: { nAGQ: 100 } });
    expect(check.verdict).toBe("finite");
    expect(check.parameters.map((p) => p.status)).toEqual(["finite", "finite", "finite", "finite", "finite"]);
    expect(check.message).toMatch(/^finite: every estimate and standard error is stable/);
  });

  it("without the atypical row: finite, flat — not diverging (the exact profile peaks near β0 ≈ 15.9)", () => {
    const frame = frameFromCsv(culcitaCsv(true), CULCITA_FORMULA, { levelOrders: CULCITA_LEVEL_ORDER });
    const initialFit = mlEstimator.fit(frame, { nAGQ: 100 });
    const check = checkDivergence(frame, { fitOptions: { nAGQ: 100 }, initialFit });
    expect(check.verdict).toBe("finite-flat");
    expect(check.parameters.some((p) => p.status === "diverging")).toBe(false);
    const intercept = check.parameters[0]!;
    expect(intercept.parameter).toBe("(Intercept)");
    expect(intercept.status).toBe("weakly-identified");
    const last = intercept.estimates[intercept.estimates.length - 1]!;
    expect(last).toBeGreaterThan(15.5);
    expect(last).toBeLessThan(16.3);
    // Stable: the whole ladder moves β0 by less than 1e-3.
    expect(Math.max(...intercept.estimates) - Math.min(...intercept.estimates)).toBeLessThan(1e-3);
    expect(check.message).toMatch(/^finite, flat/);
    expect(check.refits[check.refits.length - 1]!.converged).toBe(true);
  });
});

/** A scripted estimator: rung k returns the k-th θ and SEs (so the classification rules can be tested alone). */
function scripted(frame: ModelFrame, path: { theta: number[]; se: number[]; converged: boolean; boundary?: BoundaryFlag[] }[]) {
  let call = 0;
  const fits: FitResult[] = path.map((step) => ({
    estimator: "ml",
    formula: frame.formula,
    n: frame.n,
    groups: [],
    beta: Float64Array.from(step.theta),
    betaNames: frame.betaNames,
    psi: new Float64Array(0),
    covariances: [],
    vcov: null,
    betaStdErrors: Float64Array.from(step.se),
    psiStdErrors: new Float64Array(0),
    logLik: -1,
    df: step.theta.length,
    objective: -1,
    ranef: [],
    converged: step.converged,
    iterations: 1,
    diagnostics: {
      maxAbsGradient: 0,
      hessianMinEigenvalue: 1,
      hessianCondition: 1,
      ridgeAdded: 0,
      approximation: "scripted",
      optimizer: "scripted",
      boundary: step.boundary ?? [],
      separation: null,
      warnings: [],
    },
  }));
  const estimator: Estimator<GlmmFitOptions> = {
    name: "ml",
    summary: "scripted",
    fit: () => fits[call++]!,
  };
  return estimator;
}

describe("the classification rules", () => {
  const frame = frameFromCsv("y,x\n0,1\n1,2\n0,3\n1,4", "y ~ x");
  const run = (path: Parameters<typeof scripted>[1]) => checkDivergence(frame, { estimator: scripted(frame, path) });

  it("steady growth with a growing SE is diverging; a parameter that stays put is finite", () => {
    const check = run([0, 1, 2, 3, 4].map((k) => ({ theta: [0.5, 10 + k], se: [0.3, 10 * 2 ** k], converged: k < 3 })));
    expect(check.verdict).toBe("diverging");
    expect(check.parameters.map((p) => [p.status, p.direction])).toEqual([
      ["finite", 0],
      ["diverging", 1],
    ]);
  });

  it("one catch-up step from an unconverged start, then stable: finite, not diverging", () => {
    const check = run([
      { theta: [0.5, 1], se: [0.3, 0.5], converged: false },
      { theta: [0.5, 3], se: [0.3, 2], converged: true },
      { theta: [0.5, 3], se: [0.3, 2], converged: true },
      { theta: [0.5, 3], se: [0.3, 2], converged: true },
      { theta: [0.5, 3], se: [0.3, 2], converged: true },
    ]);
    expect(check.verdict).toBe("finite");
  });

  it("growth without a growing standard error is not called a divergence; it is unresolved", () => {
    const check = run([0, 1, 2, 3, 4].map((k) => ({ theta: [0.5, k], se: [0.3, 1], converged: false })));
    expect(check.parameters[1]!.status).toBe("unsettled");
    expect(check.verdict).toBe("unresolved");
  });

  it("a drift that reverses is not a divergence", () => {
    const thetas = [0, 1, 2, 1.5, 1.5];
    const check = run(thetas.map((t, k) => ({ theta: [0.5, t], se: [0.3, 2 ** k], converged: k === 4 })));
    expect(check.parameters[1]!.status).not.toBe("diverging");
  });

  it("a stable parameter flagged large-beta is weakly identified: the verdict is finite, flat", () => {
    const flag: BoundaryFlag = { parameter: "x", kind: "large-beta", message: "large" };
    const check = run([0, 1, 2, 3, 4].map(() => ({ theta: [0.5, 12], se: [0.3, 9], converged: true, boundary: [flag] })));
    expect(check.parameters.map((p) => p.status)).toEqual(["finite", "weakly-identified"]);
    expect(check.verdict).toBe("finite-flat");
  });
});
