/**
 * A fit with the separation checks around it, as `glmm fit` runs it: the LP certificate on X before
 * fitting (cheap: a few linear programs), the fit, then — only when the fit ends near a flat region, on
 * a boundary, unconverged, or X is separated — the post-fit divergence check (a handful of warm-started
 * refits), all folded into the FitResult's diagnostics.
 */
import type { Estimator, FitContext, FitResult, ModelFrame } from "@glmmkit/core";
import { isLinkName } from "@glmmkit/math";
import type { GlmmFitOptions } from "../ml/glmm-fit.js";
import { parameterLayout, stopReason } from "@glmmkit/core";
import { checkDivergence, type DivergenceCheckOptions } from "./divergence-check.js";
import type { DivergenceCheckFinding, SeparationFinding } from "./finding-types.js";
import { fixedEffectsSeparation, separationFinding, type SeparationLpOptions } from "./fixed-effects-separation.js";
import { MAXIMUM_LIKELIHOOD_ESTIMATORS, needsDivergenceCheck, withSeparationFindings } from "./separation-findings.js";

/** When the post-fit divergence check runs — "auto": only when the fit needs it (see needsDivergenceCheck); "always"; "never". */
export type DivergenceCheckMode = "auto" | "always" | "never";

/** Options of the checks around a fit (LP tolerances, divergence-check mode and ladder). */
export interface FitSeparationCheckOptions {
  readonly divergenceCheck?: DivergenceCheckMode;
  readonly lp?: SeparationLpOptions;
  /** Ladder of the divergence check (defaults in divergence-check.ts). */
  readonly tolerances?: DivergenceCheckOptions["tolerances"];
  readonly iterationLimits?: DivergenceCheckOptions["iterationLimits"];
  /** Called when each step ends, with its wall-clock milliseconds (for `GLMM_TIMINGS` and benchmarks). */
  readonly onStep?: (step: "separation-lp" | "fit" | "divergence-check", milliseconds: number) => void;
}

/** The options of the checked fit that the refits keep (the ladder owns the stopping rule and start). */
function refitOptions(options: Readonly<Record<string, unknown>>): GlmmFitOptions {
  const nAGQ = options["nAGQ"];
  const optimizer = options["optimizer"];
  const link = options["link"];
  return {
    ...(typeof link === "string" && isLinkName(link) ? { link } : {}),
    ...(typeof nAGQ === "number" ? { nAGQ } : {}),
    ...(optimizer === "newton" || optimizer === "bfgs" ? { optimizer } : {}),
  };
}

/** Estimators whose fit starts at the GLM's β with ψ = 0 unless given `start` (ml/glmm-fit.ts). */
const GLM_STARTED = new Set(["ml", "mspl"]);

/**
 * θ = (β̂_GLM, ψ = 0): the start these estimators would compute themselves (up to glmStart's tiny ridge),
 * taken from the certificate's IRLS so the GLM is fitted once, not twice.
 */
function glmmStart(
  estimator: Estimator<Record<string, unknown>>,
  frame: ModelFrame,
  options: Readonly<Record<string, unknown>>,
  glmBeta: Float64Array | undefined,
): Float64Array | undefined {
  if (glmBeta === undefined || !GLM_STARTED.has(estimator.name) || options["start"] !== undefined || frame.terms.length === 0) return undefined;
  const theta = new Float64Array(parameterLayout(frame).dim);
  theta.set(glmBeta);
  return theta;
}

/**
 * A fit with the separation checks around it, as `glmm fit` runs it: the separation certificate on X
 * (async: the HiGHS solver loads on first use, when the IRLS route cannot certify), the fit, and the
 * post-fit divergence check when the fit needs it.
 */
export async function fitWithSeparationChecks(
  estimator: Estimator<Record<string, unknown>>,
  frame: ModelFrame,
  options: Readonly<Record<string, unknown>> = {},
  checks: FitSeparationCheckOptions = {},
  context?: FitContext,
): Promise<FitResult> {
  const lpWarnings: string[] = [];
  let fixedEffects: SeparationFinding | null = null;
  let start: Float64Array | undefined;
  const lpStart = performance.now();
  try {
    const report = await fixedEffectsSeparation(frame, {
      ...checks.lp,
      ...(context?.signal === undefined ? {} : { signal: context.signal }),
    });
    fixedEffects = separationFinding(report);
    start = glmmStart(estimator, frame, options, report.glmBeta);
  } catch (error) {
    // The LP is a diagnostic: its failure is reported, it does not stop the fit.
    lpWarnings.push(`the separation LP could not be run: ${error instanceof Error ? error.message : String(error)}`);
  }
  checks.onStep?.("separation-lp", performance.now() - lpStart);
  const fitOptions = start === undefined ? options : { ...options, start };
  return fitWithDivergenceCheck(estimator, frame, fitOptions, checks, fixedEffects, lpWarnings, context);
}

/**
 * The synchronous part of {@link fitWithSeparationChecks}: the fit and the post-fit divergence check,
 * given the separation certificate when there is one (null: not run, e.g. in a synchronous call).
 */
export function fitWithDivergenceCheck(
  estimator: Estimator<Record<string, unknown>>,
  frame: ModelFrame,
  options: Readonly<Record<string, unknown>>,
  checks: FitSeparationCheckOptions,
  fixedEffects: SeparationFinding | null,
  warnings: readonly string[] = [],
  context?: FitContext,
): FitResult {
  const notes = [...warnings];
  const fitStart = performance.now();
  const fit = estimator.fit(frame, { ...options }, context);
  checks.onStep?.("fit", performance.now() - fitStart);
  const mode = checks.divergenceCheck ?? "auto";
  let divergence: DivergenceCheckFinding | null = null;
  const checkable = MAXIMUM_LIKELIHOOD_ESTIMATORS.has(estimator.name) && frame.terms.length > 0;
  const stopped = context?.signal?.aborted === true;
  if (checkable && stopped && mode !== "never" && (mode === "always" || needsDivergenceCheck(fit, fixedEffects))) {
    notes.push(`the divergence check was not run: ${stopReason(context?.signal)}`);
  } else if (checkable && (mode === "always" || (mode === "auto" && needsDivergenceCheck(fit, fixedEffects)))) {
    const checkStart = performance.now();
    divergence = checkDivergence(frame, {
      ...(context === undefined ? {} : { context }),
      estimator,
      fitOptions: refitOptions(options),
      initialFit: fit,
      ...(checks.tolerances === undefined ? {} : { tolerances: checks.tolerances }),
      ...(checks.iterationLimits === undefined ? {} : { iterationLimits: checks.iterationLimits }),
    });
    checks.onStep?.("divergence-check", performance.now() - checkStart);
  }
  const checked = withSeparationFindings(fit, { fixedEffects, clusters: [], divergence });
  if (notes.length === 0) return checked;
  return { ...checked, diagnostics: { ...checked.diagnostics, warnings: [...checked.diagnostics.warnings, ...notes] } };
}
