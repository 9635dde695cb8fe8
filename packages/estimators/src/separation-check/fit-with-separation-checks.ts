/**
 * A fit with the separation checks around it, as `glmm fit` runs it: the LP certificate on X before
 * fitting (cheap: a few linear programs), the fit, then — only when the fit ends near a flat region, on
 * a boundary, unconverged, or X is separated — the post-fit divergence check (a handful of warm-started
 * refits), all folded into the FitResult's diagnostics.
 */
import type { Estimator, FitContext, FitResult, ModelFrame } from "@glmmkit/core";
import type { GlmmFitOptions } from "../ml/glmm-fit.js";
import { checkDivergence, type DivergenceCheckOptions } from "./divergence-check.js";
import type { DivergenceCheckFinding, SeparationFinding } from "./finding-types.js";
import { fixedEffectsSeparation, separationFinding, type SeparationLpOptions } from "./fixed-effects-separation.js";
import { MAXIMUM_LIKELIHOOD_ESTIMATORS, needsDivergenceCheck, withSeparationFindings } from "./separation-findings.js";

/** "auto": only when the fit needs it (see needsDivergenceCheck); "always"; "never". */
export type DivergenceCheckMode = "auto" | "always" | "never";

export interface FitSeparationCheckOptions {
  readonly divergenceCheck?: DivergenceCheckMode;
  readonly lp?: SeparationLpOptions;
  /** Ladder of the divergence check (defaults in divergence-check.ts). */
  readonly tolerances?: DivergenceCheckOptions["tolerances"];
  readonly iterationLimits?: DivergenceCheckOptions["iterationLimits"];
  /** Passed to the estimator's fit (seed, progress, chain executor). */
  readonly context?: FitContext;
}

/** The options of the checked fit that the refits keep (the ladder owns the stopping rule and start). */
function refitOptions(options: Readonly<Record<string, unknown>>): GlmmFitOptions {
  const nAGQ = options["nAGQ"];
  const optimizer = options["optimizer"];
  return {
    ...(typeof nAGQ === "number" ? { nAGQ } : {}),
    ...(optimizer === "newton" || optimizer === "bfgs" ? { optimizer } : {}),
  };
}

export async function fitWithSeparationChecks(
  estimator: Estimator<Record<string, unknown>>,
  frame: ModelFrame,
  options: Readonly<Record<string, unknown>> = {},
  checks: FitSeparationCheckOptions = {},
): Promise<FitResult> {
  const lpWarnings: string[] = [];
  let fixedEffects: SeparationFinding | null = null;
  try {
    fixedEffects = separationFinding(await fixedEffectsSeparation(frame, checks.lp));
  } catch (error) {
    // The LP is a diagnostic: its failure is reported, it does not stop the fit.
    lpWarnings.push(`the separation LP could not be run: ${error instanceof Error ? error.message : String(error)}`);
  }
  const fit = estimator.fit(frame, { ...options }, checks.context);
  const mode = checks.divergenceCheck ?? "auto";
  let divergence: DivergenceCheckFinding | null = null;
  const checkable = MAXIMUM_LIKELIHOOD_ESTIMATORS.has(estimator.name) && frame.terms.length > 0;
  if (checkable && (mode === "always" || (mode === "auto" && needsDivergenceCheck(fit, fixedEffects)))) {
    divergence = checkDivergence(frame, {
      estimator,
      fitOptions: refitOptions(options),
      initialFit: fit,
      ...(checks.tolerances === undefined ? {} : { tolerances: checks.tolerances }),
      ...(checks.iterationLimits === undefined ? {} : { iterationLimits: checks.iterationLimits }),
    });
  }
  const checked = withSeparationFindings(fit, { fixedEffects, clusters: [], divergence });
  if (lpWarnings.length === 0) return checked;
  return { ...checked, diagnostics: { ...checked.diagnostics, warnings: [...checked.diagnostics.warnings, ...lpWarnings] } };
}
