/**
 * `ml` without random effects is R's glm: every link, binary and counts, with an offset and with a
 * proportion response and prior weights, against glm (epsilon 1e-14; reference/lme4-model.json): logLik to
 * 1e-8, coefficients to 1e-7·max(1, |β|), standard errors (from the expected information, as glm) to 1e-6.
 */
import { describe, expect, it } from "vitest";
import type { LinkName } from "@glmmkit/math";
import { mlEstimator } from "./ml-estimator.js";
import { frameOptions, repoReference, sharedFrame } from "../test-support/reference.js";

interface GlmEntry {
  data: string;
  formula: string;
  link: LinkName;
  cli: { factors?: string; success?: string; weights?: string };
  logLik: number;
  coef: Record<string, number>;
  se: Record<string, number>;
}

const reference = repoReference<{ glm: Record<string, GlmEntry> }>("lme4-model.json").glm;

describe("ml for a GLM (no random effects) against R's glm", () => {
  it.each(Object.keys(reference).map((k) => [k]))("%s", (key) => {
    const entry = reference[key]!;
    const fit = mlEstimator.fit(sharedFrame(entry.data, entry.formula, frameOptions(entry.cli)), { link: entry.link });
    expect(fit.converged).toBe(true);
    expect(fit.groups).toEqual([]);
    expect(fit.diagnostics.approximation).toBe("exact (GLM)");
    expect(Math.abs(fit.logLik - entry.logLik)).toBeLessThan(1e-8);
    expect([...fit.betaNames]).toEqual(Object.keys(entry.coef));
    fit.betaNames.forEach((name, k) => {
      expect(Math.abs(fit.beta[k]! - entry.coef[name]!), name).toBeLessThan(1e-7 * Math.max(1, Math.abs(entry.coef[name]!)));
      expect(Math.abs(fit.betaStdErrors[k]! - entry.se[name]!) / entry.se[name]!, `SE ${name}`).toBeLessThan(1e-6);
    });
  });
});
