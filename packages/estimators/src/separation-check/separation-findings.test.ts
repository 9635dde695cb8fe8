import { describe, expect, it } from "vitest";
import { getEstimator } from "@glmmkit/core";
import "../index.js";
import { mlEstimator } from "../ml/ml-estimator.js";
import { fitWithSeparationChecks } from "./fit-with-separation-checks.js";
import { needsDivergenceCheck, withSeparationFindings } from "./separation-findings.js";
import { fixedEffectsSeparation, separationFinding } from "./fixed-effects-separation.js";
import {
  CULCITA_FORMULA,
  CULCITA_LEVEL_ORDER,
  ENDOMETRIAL_GROUPED_FORMULA,
  culcitaCsv,
  endometrialGroupedCsv,
  frameFromCsv,
} from "./test-support/fixtures.js";

const ml = getEstimator<Record<string, unknown>>("ml");

describe("a separated GLMM fitted by ml (endometrial, random intercept for the quartile of PI)", () => {
  const frame = frameFromCsv(endometrialGroupedCsv(), ENDOMETRIAL_GROUPED_FORMULA);

  it("the pre-fit certificate names NV (+Inf); the fit is reported as not converged with β_NV diverging", async () => {
    const plain = mlEstimator.fit(frame, {});
    // On its own the optimiser stops at a small gradient and calls that convergence: the check must not.
    expect(plain.converged).toBe(true);
    const fit = await fitWithSeparationChecks(ml, frame, {});
    expect(fit).not.toBe(plain);
    expect(fit.converged).toBe(false);
    const separation = fit.diagnostics.separation!;
    expect(separation.fixedEffects!.separated).toBe(true);
    expect(separation.fixedEffects!.estimates).toEqual([0, Infinity, 0, 0]);
    const diverging = fit.diagnostics.boundary.filter((b) => b.kind === "diverging");
    expect(diverging.map((b) => b.parameter)).toContain("NV");
    expect(diverging.find((b) => b.parameter === "NV")!.message).toMatch(/ML estimate of NV is \+∞: X alone is separated/);
    // The post-fit check ran (X is separated) and flags β_NV too.
    const nv = separation.divergence!.parameters.find((p) => p.parameter === "NV")!;
    expect(nv.status).toBe("diverging");
    expect(nv.direction).toBe(1);
    const warning = fit.diagnostics.warnings[0]!;
    expect(warning).toMatch(/ML estimates of NV \(\+Inf\) are infinite/);
    expect(warning).toMatch(/mspl/);
    expect(warning).toMatch(/entropy/);
    expect(warning).toMatch(/jeffreys-glm/);
    // The estimates themselves are left as the optimiser found them.
    expect(Array.from(fit.beta)).toEqual(Array.from(plain.beta));
  });

  it("a penalised estimator keeps its convergence: only ML estimates are infinite", async () => {
    const fit = mlEstimator.fit(frame, {});
    const relabelled = { ...fit, estimator: "mspl" };
    const fixedEffects = separationFinding(await fixedEffectsSeparation(frame));
    const out = withSeparationFindings(relabelled, { fixedEffects, clusters: [], divergence: null });
    expect(out.converged).toBe(relabelled.converged);
    expect(out.diagnostics.boundary).toEqual(relabelled.diagnostics.boundary);
    expect(out.diagnostics.separation!.fixedEffects!.estimates[1]).toBe(Infinity);
  });
});

describe("when the post-fit check runs", () => {
  it("not for a clean fit (Culcita, all rows), but for the flat one without the atypical row", async () => {
    const full = frameFromCsv(culcitaCsv(false), CULCITA_FORMULA, { levelOrders: CULCITA_LEVEL_ORDER });
    const clean = await fitWithSeparationChecks(ml, full, {});
    expect(needsDivergenceCheck(mlEstimator.fit(full, {}))).toBe(false);
    expect(clean.diagnostics.separation!.divergence).toBeNull();
    expect(clean.diagnostics.separation!.fixedEffects!.separated).toBe(false);
    expect(clean.converged).toBe(true);
    expect(clean.diagnostics.warnings).toEqual([]);

    const always = await fitWithSeparationChecks(ml, full, { nAGQ: 100 }, { divergenceCheck: "always" });
    expect(always.diagnostics.separation!.divergence!.verdict).toBe("finite");

    const dropped = frameFromCsv(culcitaCsv(true), CULCITA_FORMULA, { levelOrders: CULCITA_LEVEL_ORDER });
    const flat = await fitWithSeparationChecks(ml, dropped, { nAGQ: 100 });
    const divergence = flat.diagnostics.separation!.divergence!;
    expect(divergence.verdict).toBe("finite-flat");
    expect(flat.diagnostics.boundary.some((b) => b.kind === "diverging")).toBe(false);
    expect(flat.converged).toBe(true);
    // The refits used quadrature too: rung 0 and the ladder agree on the nAGQ = 100 optimum.
    expect(divergence.refits.every((r) => Math.abs(r.logLik - flat.logLik) < 1e-8)).toBe(true);

    const never = await fitWithSeparationChecks(ml, dropped, { nAGQ: 100 }, { divergenceCheck: "never" });
    expect(never.diagnostics.separation!.divergence).toBeNull();
  });
});
