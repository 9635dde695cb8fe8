/**
 * A penalised GLMM fit: maximise ℓ(θ) + P(θ) with the shared GLMM fit, report the penalty's value at the
 * optimum, standard errors from the unpenalised log-likelihood's observed information (as Sterzinger &
 * Kosmidis do for MSPL) and, labelled, from the penalised one, and the shift from the ML fit.
 */
import { isStopped, type FitResult, type ModelFrame, type ParameterLayout } from "@glmmkit/core";
import type { Penalty } from "@glmmkit/penalties";
import { inverseIfPositiveDefinite } from "../fit-report/information.js";
import { approximationLabel, fitGlmmByOptimisation, type GlmmFitOptions } from "../ml/glmm-fit.js";
import { mlEstimator } from "../ml/ml-estimator.js";
import { shiftFromMl } from "./compare-with-ml.js";

export interface PenalisedFitOptions extends GlmmFitOptions {
  /** Also fit ML (same likelihood approximation) and report how far the estimates moved (default true). */
  readonly compareWithMl?: boolean;
}

export interface PenalisedFitDescription {
  /** Extra report entries (multipliers, λ, ...), printed in the summary's diagnostics. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** "unpenalised" (MSPL: the paper's SEs) or "penalised" (MAP estimators: the posterior curvature). */
  readonly standardErrors: "unpenalised" | "penalised";
}

/** "name SE, name SE, …" from the diagonal of a d × d inverse (a loop, not map with an arrow made per fit). */
function standardErrorList(names: readonly string[], inverse: Float64Array, d: number): string {
  const parts: string[] = [];
  for (let k = 0; k < names.length; k++) parts.push(`${names[k]!} ${Math.sqrt(inverse[k * d + k]!).toPrecision(4)}`);
  return parts.join(", ");
}

export function fitPenalisedGlmm(
  estimator: string,
  frame: ModelFrame,
  layout: ParameterLayout,
  penalty: Penalty,
  options: PenalisedFitOptions,
  description: PenalisedFitDescription,
): FitResult {
  const { compareWithMl, ...fitOptions } = options;
  const d = layout.dim;
  const fit = fitGlmmByOptimisation(estimator, frame, layout, penalty, fitOptions, ({ likelihood, optimum }) => {
    const theta = optimum.x;
    let likelihoodInformation = optimum.likelihoodInformation;
    if (likelihoodInformation === undefined) {
      likelihoodInformation = new Float64Array(d * d);
      likelihood.hessian(theta, likelihoodInformation);
      for (let k = 0; k < d * d; k++) likelihoodInformation[k] = -likelihoodInformation[k]!;
    }
    const penalisedInformation = optimum.hessian;
    // MSPL reports the unpenalised curvature, unless the likelihood alone has none in some direction
    // (e.g. under separation): then the tables fall back to the penalised one, and say so.
    const unpenalisedUsable = inverseIfPositiveDefinite(likelihoodInformation, d) !== null;
    const tablesFrom = description.standardErrors === "unpenalised" && unpenalisedUsable ? "unpenalised" : "penalised";
    const other = tablesFrom === "unpenalised" ? penalisedInformation : likelihoodInformation;
    const otherLabel =
      tablesFrom === "unpenalised" ? "std. errors from the penalised Hessian" : "std. errors from the unpenalised Hessian";
    const otherInverse = inverseIfPositiveDefinite(other, d);
    const otherSe =
      otherInverse === null
        ? "not available (information not positive definite)"
        : standardErrorList(layout.names, otherInverse, d);
    const fallback = tablesFrom !== description.standardErrors;
    const approximation = approximationLabel(fitOptions.nAGQ ?? 1);
    return {
      covarianceInformation: tablesFrom === "unpenalised" ? likelihoodInformation : penalisedInformation,
      standardErrorBasis:
        tablesFrom === "unpenalised"
          ? `observed information of the unpenalised ${approximation} log-likelihood (the Hessian of ℓ without the penalty) at the ${estimator} estimate`
          : `negative Hessian of the penalised ${approximation} log-likelihood ℓ + P at the ${estimator} estimate${fallback ? " (the unpenalised information is not positive definite here)" : ""}`,
      extra: {
        ...description.settings,
        "penalty at the optimum": penalty.value(theta),
        "std. errors in the tables": fallback
          ? "from the penalised Hessian (the unpenalised information is not positive definite here)"
          : `from the ${tablesFrom} Hessian`,
        [otherLabel]: otherSe,
      },
    };
  });
  // The comparison fit is skipped once the fit's time or iteration limit is spent.
  if (compareWithMl === false || isStopped(fitOptions.context)) return fit;
  let ml: FitResult | null = null;
  try {
    ml = mlEstimator.fit(
      frame,
      {
        ...(fitOptions.link === undefined ? {} : { link: fitOptions.link }),
        ...(fitOptions.nAGQ === undefined ? {} : { nAGQ: fitOptions.nAGQ }),
        ...(fitOptions.optimizer === undefined ? {} : { optimizer: fitOptions.optimizer }),
      },
      fitOptions.context,
    );
  } catch {
    ml = null;
  }
  // A comparison fit cut short by the time or iteration limit says nothing about the shift.
  if (ml !== null && isStopped(fitOptions.context)) ml = null;
  return {
    ...fit,
    diagnostics: {
      ...fit.diagnostics,
      extra: { ...fit.diagnostics.extra, ...shiftFromMl(fit, ml, layout.names) },
    },
  };
}
