/**
 * The real-data acceptance runs of issue 9, each against the ML fit of the same model:
 *  - salamander (crossed Female × Male, four cell means): IMSA with 4 000 iterations vs the Laplace ML fit,
 *    the differences in units of the ML standard errors (IMSA's limit is self-consistent, not the MLE);
 *  - sim_base_J50 (1 246 rows, 50 clusters): IMSA vs ML within a quarter of an ML standard error, and the
 *    Algorithm-6 standard errors within 10 % of ML's observed-information SEs;
 *  - toenail: `mcmc` (4 chains × 1 000 draws after 1 000 warm-up) posterior medians within half a posterior SD
 *    of ML for the fixed effects, R̂ < 1.01 and bulk ESS > 400 for every parameter.
 */
import { join } from "node:path";
import { buildModelFrame, getEstimator, type FitResult, type ModelFrame } from "@glmmkit/core";
import { readCsvFile } from "@glmmkit/core/node";
import "@glmmkit/estimators";
import { sharedDir } from "../paths.js";

/** The path of a data set in ../shared/data. */
export function sharedDataPath(file: string): string {
  return join(sharedDir, "data", file);
}

export function sharedFrame(file: string, formula: string, options: { success?: string } = {}): ModelFrame {
  return buildModelFrame(readCsvFile(sharedDataPath(file)), formula, options);
}

export interface ParameterComparison {
  readonly parameter: string;
  readonly reference: number;
  readonly estimate: number;
  /** (estimate − reference) / reference SE. */
  readonly differenceInSe: number;
  readonly referenceSe: number;
  readonly estimateSe: number;
  /** estimate SE / reference SE. */
  readonly seRatio: number;
}

/** β and ψ (log σ for scalar terms) of two fits side by side. */
export function compareFits(fit: FitResult, reference: FitResult, names: readonly string[]): ParameterComparison[] {
  const estimate = [...fit.beta, ...fit.psi];
  const ref = [...reference.beta, ...reference.psi];
  const se = [...fit.betaStdErrors, ...fit.psiStdErrors];
  const refSe = [...reference.betaStdErrors, ...reference.psiStdErrors];
  return names.map((parameter, k) => ({
    parameter,
    reference: ref[k]!,
    estimate: estimate[k]!,
    differenceInSe: (estimate[k]! - ref[k]!) / refSe[k]!,
    referenceSe: refSe[k]!,
    estimateSe: se[k]!,
    seRatio: se[k]! / refSe[k]!,
  }));
}

export interface TimedFit {
  readonly fit: FitResult;
  readonly seconds: number;
}

export function timedFit(estimator: string, frame: ModelFrame, options: Record<string, unknown>, seed: string): TimedFit {
  const started = process.hrtime.bigint();
  const fit = getEstimator<Record<string, unknown>>(estimator).fit(frame, options, { seed });
  return { fit, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}
