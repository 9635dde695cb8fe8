/**
 * lme4's random effects: conditional modes and SDs from reference/conditional-modes.json (written by
 * reference/scripts/conditional-modes.R), and the fitted probabilities of ../shared/reference/lme4-inference.json.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { repoReferenceDir, sharedDir } from "./reference.js";

export interface Lme4ConditionalModes {
  logLik: number;
  fixef: Record<string, number>;
  levels: string[];
  termNames: string[];
  /** levels × q, row-major (the layout of FitResult.ranef). */
  modes: number[];
  conditionalSds: number[];
}

export function lme4ConditionalModes(
  key: "cbpp_laplace" | "toenail_slope_laplace" | "salamander_laplace_Female" | "salamander_laplace_Male",
): Lme4ConditionalModes {
  const all = JSON.parse(readFileSync(resolve(repoReferenceDir, "conditional-modes.json"), "utf8")) as Record<string, unknown>;
  return all[key] as Lme4ConditionalModes;
}

/** lme4's fitted probabilities μ_i = expit(x_iᵀβ̂ + b̂_herd(i)) for cbpp, in data order. */
export function cbppFittedProbabilities(): number[] {
  const all = JSON.parse(readFileSync(resolve(sharedDir, "reference", "lme4-inference.json"), "utf8")) as Record<string, { fitted_prob: number[] }>;
  return all["cbpp_inference"]!.fitted_prob;
}
