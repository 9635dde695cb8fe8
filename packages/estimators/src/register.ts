/**
 * Registers the built-in estimators (ml, mspl, entropy, ridge, jeffreys-glm, mcmc, imsa, scoresa) in @glmmkit/core's registry.
 * This is the package's one import side effect, on purpose and idempotent: importing
 * `@glmmkit/estimators` (or `@glmmkit/estimators/register` alone) makes `getEstimator("ml")` work. Code
 * that wants an empty registry imports the estimator objects and calls `registerEstimator` itself.
 */
import { hasEstimator, registerEstimator, type Estimator } from "@glmmkit/core";
import { mlEstimator } from "./ml/ml-estimator.js";
import { msplEstimator } from "./mspl/mspl-estimator.js";
import { entropyEstimator } from "./entropy/entropy-estimator.js";
import { ridgeEstimator } from "./ridge/ridge-estimator.js";
import { jeffreysGlmEstimator } from "./jeffreys-glm-estimator/jeffreys-glm-estimator.js";
import { mcmcEstimator } from "./mcmc/mcmc-estimator.js";
import { scoresaEstimator } from "./stochastic-approximation/scoresa-estimator.js";
import { imsaEstimator } from "./stochastic-approximation/imsa-estimator.js";

/** The estimators this package provides, in registry order. */
export const BUILT_IN_ESTIMATORS: readonly Estimator<never>[] = [
  mlEstimator,
  msplEstimator,
  entropyEstimator,
  ridgeEstimator,
  jeffreysGlmEstimator,
  mcmcEstimator,
  imsaEstimator,
  scoresaEstimator,
] as Estimator<never>[];

/** Register the built-in estimators (idempotent: a second call, or a second import, does not throw). */
export function registerBuiltInEstimators(): void {
  for (const estimator of BUILT_IN_ESTIMATORS) {
    if (!hasEstimator(estimator.name)) registerEstimator(estimator);
  }
}

registerBuiltInEstimators();
