/**
 * ML fits with the probit and cloglog links, a proportion response with prior weights, and an offset,
 * against lme4 1.1-31 with tight PIRLS (../shared/reference/lme4-inference.json, cbpp): logLik at least
 * lme4's − 1e-6, fixed effects and the herd SD within 2e-3·max(1, |value|), standard errors within 1 %.
 * And the exact identities: a weighted proportion fit is the cbind fit; an offset is a coefficient fixed at 1.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { FitResult, ModelFrame } from "@glmmkit/core";
import { GlmmLikelihood } from "@glmmkit/laplace";
import { mlEstimator } from "./ml-estimator.js";
import { sharedDir, sharedFrame } from "../test-support/reference.js";

interface InferenceEntry {
  logLik: number;
  fixef: Record<string, number>;
  se?: Record<string, number>;
  sd?: number;
}

const reference = JSON.parse(readFileSync(resolve(sharedDir, "reference", "lme4-inference.json"), "utf8")) as Record<string, InferenceEntry>;
const CBIND = "cbind(incidence, size - incidence) ~ period + (1 | herd)";
const cbpp = (formula: string, weights?: string): ModelFrame =>
  sharedFrame("cbpp.csv", formula, { factors: ["period"], ...(weights === undefined ? {} : { weights }) });

function expectLme4(fit: FitResult, ref: InferenceEntry): void {
  expect(fit.converged).toBe(true);
  expect(fit.diagnostics.maxAbsGradient).toBeLessThan(1e-6);
  expect(fit.logLik).toBeGreaterThanOrEqual(ref.logLik - 1e-6);
  expect([...fit.betaNames]).toEqual(Object.keys(ref.fixef));
  fit.betaNames.forEach((name, k) => {
    const value = ref.fixef[name]!;
    expect(Math.abs(fit.beta[k]! - value), name).toBeLessThanOrEqual(2e-3 * Math.max(1, Math.abs(value)));
    if (ref.se !== undefined) expect(Math.abs(fit.betaStdErrors[k]! - ref.se[name]!) / ref.se[name]!, `SE ${name}`).toBeLessThan(0.01);
  });
  if (ref.sd !== undefined) expect(Math.abs(fit.covariances[0]!.sd[0]! - ref.sd)).toBeLessThanOrEqual(2e-3 * Math.max(1, ref.sd));
}

describe("ml with other links, weights and offsets, against lme4 (cbpp)", () => {
  it.each(["probit", "cloglog"] as const)("%s link", (link) => {
    const fit = mlEstimator.fit(cbpp(CBIND), { link });
    expect(fit.link).toBe(link);
    expectLme4(fit, reference[`cbpp_${link}`]!);
    // Our ℓ at lme4's estimate is lme4's logLik: the same approximation (PIRLS weights in the log-determinant).
    const ref = reference[`cbpp_${link}`]!;
    const theta = Float64Array.from([...Object.values(ref.fixef), Math.log(ref.sd!)]);
    expect(new GlmmLikelihood(cbpp(CBIND), { link }).logLik(theta)).toBeCloseTo(ref.logLik, 5);
  });

  it("a proportion response with weights = size is the cbind fit, and lme4's", () => {
    const weighted = mlEstimator.fit(cbpp("incidence / size ~ period + (1 | herd)", "size"), {});
    expectLme4(weighted, reference["cbpp_weights"]!);
    const counts = mlEstimator.fit(cbpp(CBIND), {});
    expect(Math.abs(weighted.logLik - counts.logLik)).toBeLessThan(1e-9);
    weighted.beta.forEach((b, k) => expect(Math.abs(b - counts.beta[k]!)).toBeLessThan(1e-7));
    expect(Math.abs(weighted.psi[0]! - counts.psi[0]!)).toBeLessThan(1e-7);
  });

  it("an offset, as lme4 fits it; and an offset equals a coefficient fixed at 1", () => {
    const frame = cbpp("cbind(incidence, size - incidence) ~ period + offset(log(size)/10) + (1 | herd)");
    const fit = mlEstimator.fit(frame, {});
    expectLme4(fit, reference["cbpp_offset"]!);
    // The same model written with log(size)/10 as a column whose coefficient is held at 1: maximise the
    // likelihood over the other parameters only, through the offset-free frame's likelihood.
    const free = cbpp("cbind(incidence, size - incidence) ~ period + I(log(size)/10) + (1 | herd)");
    const likelihood = new GlmmLikelihood(free);
    const at = Float64Array.from([...fit.beta, 1, ...fit.psi]);
    expect(Math.abs(likelihood.logLik(at) - fit.logLik)).toBeLessThan(1e-9);
    const gradient = new Float64Array(at.length);
    likelihood.logLikAndGradient(at, gradient);
    // Stationary in every direction but the fixed coefficient.
    gradient.forEach((g, k) => {
      if (k !== 4) expect(Math.abs(g)).toBeLessThan(1e-5);
    });
  });
});
