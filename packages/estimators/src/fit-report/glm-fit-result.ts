/**
 * A FitResult from a fit of the GLM engine (@glmmkit/glm): the information is the inverse of the engine's
 * (RᵀR)⁻¹ from the QR of W^{1/2}X — the expected information, as glm and brglm2 report it — and there are
 * no random effects. Used by `ml` without random effects and by `jeffreys-glm`.
 */
import type { FitResult, ModelFrame } from "@glmmkit/core";
import { parameterLayout } from "@glmmkit/core";
import type { GlmFit } from "@glmmkit/glm";
import { choleskyInPlace, inverseFromCholesky } from "@glmmkit/linalg";
import { buildFitResult } from "./build-fit-result.js";

export interface GlmReport {
  readonly estimator: string;
  readonly optimizer: string;
  readonly penalised: boolean;
  /** Where the standard errors come from, in words (default: the GLM's Fisher information at the estimate). */
  readonly standardErrorBasis?: string;
  readonly warnings?: readonly string[];
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** The information (RᵀR) from its inverse (NaN when that is not positive definite). */
function informationOf(vcov: Float64Array, p: number): Float64Array {
  const factor = vcov.slice();
  if (!choleskyInPlace(factor, p)) return new Float64Array(p * p).fill(Number.NaN);
  return inverseFromCholesky(factor, p);
}

export function glmFitResult(frame: ModelFrame, fit: GlmFit, report: GlmReport): FitResult {
  const information = informationOf(fit.vcov, frame.p);
  // Every fact in FitFacts order, absent ones as undefined: one object shape for buildFitResult.
  return buildFitResult({
    estimator: report.estimator,
    frame,
    layout: parameterLayout(frame),
    theta: fit.beta,
    logLik: fit.logLik,
    objective: fit.objective,
    gradient: fit.score,
    objectiveInformation: information,
    covarianceInformation: information,
    ranef: [],
    ranefCovariances: undefined,
    converged: fit.converged,
    iterations: fit.iterations,
    ridgeAdded: 0,
    approximation: "exact (GLM)",
    optimizer: report.optimizer,
    warnings: report.warnings,
    extra: report.extra,
    penalised: report.penalised,
    link: fit.link,
    zeroVariance: undefined,
    singularTerms: undefined,
    quadratureShift: undefined,
    standardErrorBasis:
      report.standardErrorBasis ?? "Fisher information XᵀW(β)X of the GLM at the estimate ((RᵀR)⁻¹ of the QR of W^{1/2}X, as glm's vcov)",
  });
}
