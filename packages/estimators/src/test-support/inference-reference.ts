/**
 * Inference references: ../shared/reference/lme4-inference.json (cbpp, lme4's confint) and
 * reference/lme4-inference-checks.json (reference/scripts/lme4-inference.R: lme4's confint, exact profile
 * roots, glmmTMB's Wald intervals and lme4's anova tables for cbpp, cbpp with an observation-level effect,
 * salamander and the simulated correlated slope in reference/data/slope-q2.csv).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { buildModelFrame, type ModelFrame } from "@glmmkit/core";
import { readCsvFile } from "@glmmkit/core/node";
import { repoReference, repoReferenceDir, sharedDir } from "./reference.js";

export type Bounds = { lower: Record<string, number | "NA">; upper: Record<string, number | "NA"> };

export interface InferenceCheck {
  readonly formula: string;
  readonly logLik: number;
  readonly confint_profile: Bounds;
  readonly confint_wald: Bounds;
  readonly profile_exact: Bounds;
  readonly glmmtmb_wald: Bounds;
}

export interface AnovaReference {
  readonly data: string;
  readonly formulas: string[];
  readonly npar: number[];
  readonly AIC: number[];
  readonly BIC: number[];
  readonly logLik: number[];
  readonly deviance: number[];
  readonly Chisq: (number | "NA")[];
  readonly Df: (number | "NA")[];
  readonly p: (number | "NA")[];
}

export const inferenceChecks = repoReference<
  Record<"cbpp" | "cbpp_agq25" | "cbpp_obs" | "salamander" | "slope_q2", InferenceCheck> & { anova: Record<string, AnovaReference> }
>("lme4-inference-checks.json");

/** ../shared/reference/lme4-inference.json's cbpp intervals (lme4's profile and Wald confint). */
export function sharedCbppIntervals(): { profile_ci: Bounds; wald_ci: Bounds } {
  const all = JSON.parse(readFileSync(resolve(sharedDir, "reference", "lme4-inference.json"), "utf8")) as {
    cbpp_inference: { profile_ci: Bounds; wald_ci: Bounds };
  };
  return all.cbpp_inference;
}

/** The simulated correlated random slope (50 groups × 20, sd = (1, 1), cor 0.3) of reference/data. */
export function slopeFrame(formula = "y ~ x + (1 + x | g)"): ModelFrame {
  return buildModelFrame(readCsvFile(resolve(repoReferenceDir, "data", "slope-q2.csv")), formula);
}
