import { hasEstimator, registerEstimator, type Estimator } from "@glmmkit/core";
import { mlEstimator } from "./ml/ml-estimator.js";
import { msplEstimator } from "./mspl/mspl-estimator.js";

export { mlEstimator } from "./ml/ml-estimator.js";
export { msplEstimator } from "./mspl/mspl-estimator.js";
export type { MsplOptions } from "./mspl/mspl-estimator.js";
export type { MlOptions } from "./ml/ml-estimator.js";
export { fitGlmmByOptimisation, approximationLabel } from "./ml/glmm-fit.js";
export type { GlmmFitOptions } from "./ml/glmm-fit.js";
export { startingValues, glmStart } from "./ml/starting-values.js";
export { buildFitResult } from "./fit-report/build-fit-result.js";
export type { FitFacts } from "./fit-report/build-fit-result.js";
export { penalisedObjective } from "./objective/penalised-objective.js";
export type { PenaltyTerm } from "./objective/penalised-objective.js";

/** Register the built-in estimators (idempotent: importing this package twice does not throw). */
export function registerBuiltInEstimators(): void {
  for (const estimator of [mlEstimator, msplEstimator] as Estimator<never>[]) {
    if (!hasEstimator(estimator.name)) registerEstimator(estimator);
  }
}
registerBuiltInEstimators();
