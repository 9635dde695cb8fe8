/**
 * GLMMs with every binomial link, under Laplace and adaptive Gauss–Hermite, on one grouping factor (binary
 * and counts) and on crossed factors, against lme4 1.1-31 with tight PIRLS (reference/lme4-model.json, made
 * by reference/scripts/lme4-model.R; loglog is a custom link there): logLik at least lme4's − 1e-6 (not
 * compared for counts at nAGQ > 1, where lme4 drops the binomial constant), estimates within
 * 2e-3·max(1, |value|), SEs within 2 %.
 */
import { describe, expect, it } from "vitest";
import type { FitResult, ModelFrame } from "@glmmkit/core";
import type { LinkName } from "@glmmkit/math";
import { mlEstimator } from "./ml-estimator.js";
import { frameOptions, repoReference, sharedFrame } from "../test-support/reference.js";

interface ModelEntry {
  data: string;
  formula: string;
  link: LinkName;
  nAGQ: number;
  cli: { factors?: string; success?: string; weights?: string };
  tolPwrss: number;
  lme4_messages: string[];
  logLik: number;
  fixef: Record<string, number>;
  se: Record<string, number>;
  theta: number | number[];
  varcorr: Record<string, { sd: number | number[] }>;
}

const reference = repoReference<{ glmm: Record<string, ModelEntry> }>("lme4-model.json").glmm;

function frameOf(entry: ModelEntry): ModelFrame {
  return sharedFrame(entry.data, entry.formula, frameOptions(entry.cli));
}

function expectLme4(fit: FitResult, entry: ModelEntry, compareLogLik: boolean): void {
  expect(fit.converged).toBe(true);
  expect(fit.diagnostics.maxAbsGradient).toBeLessThan(1e-6);
  if (compareLogLik) expect(fit.logLik).toBeGreaterThanOrEqual(entry.logLik - 1e-6);
  expect([...fit.betaNames]).toEqual(Object.keys(entry.fixef));
  fit.betaNames.forEach((name, k) => {
    const value = entry.fixef[name]!;
    expect(Math.abs(fit.beta[k]! - value), name).toBeLessThanOrEqual(2e-3 * Math.max(1, Math.abs(value)));
    expect(Math.abs(fit.betaStdErrors[k]! - entry.se[name]!) / entry.se[name]!, `SE ${name}`).toBeLessThan(0.02);
  });
  const sds = Object.values(entry.varcorr).flatMap((v) => (Array.isArray(v.sd) ? v.sd : [v.sd]));
  const ours = fit.covariances.flatMap((c) => Array.from(c.sd));
  sds.forEach((sd, k) => expect(Math.abs(ours[k]! - sd), `sd ${k}`).toBeLessThanOrEqual(2e-3 * Math.max(1, sd)));
}

/** lme4 fits that are references for the estimates (its optimiser converged there). */
const CONVERGED = Object.entries(reference).filter(([, e]) => e.lme4_messages.length === 0);

describe("ml with the five links against lme4", () => {
  it.each(CONVERGED.map(([key]) => [key]))("%s", (key) => {
    const entry = reference[key]!;
    const frame = frameOf(entry);
    const fit = mlEstimator.fit(frame, { link: entry.link, nAGQ: entry.nAGQ });
    expect(fit.link).toBe(entry.link);
    expectLme4(fit, entry, frame.binary || entry.nAGQ === 1);
  });

  it.each(Object.entries(reference).filter(([, e]) => e.lme4_messages.length > 0).map(([key]) => [key]))(
    "%s: where lme4 reports a failed convergence, our fit converges and its logLik is at least lme4's",
    (key) => {
      const entry = reference[key]!;
      const fit = mlEstimator.fit(frameOf(entry), { link: entry.link, nAGQ: entry.nAGQ });
      expect(fit.converged).toBe(true);
      expect(fit.logLik).toBeGreaterThanOrEqual(entry.logLik - 1e-6);
    },
  );
});
