import { hasEstimator, registerEstimator, type Estimator } from "@glmmkit/core";
import { mlEstimator } from "./ml/ml-estimator.js";
import { msplEstimator } from "./mspl/mspl-estimator.js";
import { entropyEstimator } from "./entropy/entropy-estimator.js";
import { ridgeEstimator } from "./ridge/ridge-estimator.js";
import { jeffreysGlmEstimator } from "./jeffreys-glm-estimator/jeffreys-glm-estimator.js";
import { mcmcEstimator } from "./mcmc/mcmc-estimator.js";

export { mlEstimator } from "./ml/ml-estimator.js";
export { msplEstimator } from "./mspl/mspl-estimator.js";
export type { MsplOptions } from "./mspl/mspl-estimator.js";
export { entropyEstimator } from "./entropy/entropy-estimator.js";
export type { EntropyOptions } from "./entropy/entropy-estimator.js";
export { searchLambda } from "./entropy/lambda-search.js";
export { ridgeEstimator } from "./ridge/ridge-estimator.js";
export type { RidgeOptions } from "./ridge/ridge-estimator.js";
export { jeffreysGlmEstimator } from "./jeffreys-glm-estimator/jeffreys-glm-estimator.js";
export type { JeffreysGlmEstimatorOptions } from "./jeffreys-glm-estimator/jeffreys-glm-estimator.js";
export * from "./jeffreys-glm/index.js";
export type { LambdaPoint, LambdaSearchResult } from "./entropy/lambda-search.js";
export type { MlOptions } from "./ml/ml-estimator.js";
export { fitGlmmByOptimisation, approximationLabel } from "./ml/glmm-fit.js";
export type { GlmmFitOptions } from "./ml/glmm-fit.js";
export { startingValues, glmStart } from "./ml/starting-values.js";
export { buildFitResult } from "./fit-report/build-fit-result.js";
export { mcmcEstimator, runMcmcChainTask, DEFAULT_SEED } from "./mcmc/mcmc-estimator.js";
export type { McmcChainPayload } from "./mcmc/mcmc-estimator.js";
export type { McmcOptions } from "./mcmc/mcmc-options.js";
export type { McmcPriorOptions } from "./mcmc/mcmc-priors.js";
export { runChainTask } from "./chain-tasks.js";
export type { FitFacts } from "./fit-report/build-fit-result.js";
export { penalisedObjective } from "./objective/penalised-objective.js";
export type { PenaltyTerm } from "./objective/penalised-objective.js";

/** Register the built-in estimators (idempotent: importing this package twice does not throw). */
export function registerBuiltInEstimators(): void {
  for (const estimator of [mlEstimator, msplEstimator, entropyEstimator, ridgeEstimator, jeffreysGlmEstimator, mcmcEstimator] as Estimator<never>[]) {
    if (!hasEstimator(estimator.name)) registerEstimator(estimator);
  }
}
registerBuiltInEstimators();
export * from "./separation-check/index.js";
