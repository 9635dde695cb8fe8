export type { RandomEffectsTerm, ModelFrame } from "./model-frame.js";
export { xColumn } from "./model-frame.js";
export { GlmmInputError, isGlmmInputError } from "./errors.js";
export type { InputErrorKind } from "./errors.js";
export type { TermLayout, ParameterLayout } from "./parameter-layout.js";
export {
  psiSize,
  parameterLayout,
  psiIndex,
  choleskyFactorFromPsi,
  psiFromCholeskyFactor,
  covarianceFromCholeskyFactor,
} from "./parameter-layout.js";
export type {
  Covariance,
  RandomEffectsTable,
  RandomEffects,
  BoundaryFlag,
  Diagnostics,
  FitResult,
} from "./fit-result.js";
export type { FitContext, Estimator } from "./estimator.js";
export { ESTIMATOR_CONTRACT_VERSION } from "./estimator.js";
export { registerEstimator, getEstimator, hasEstimator, listEstimators } from "./registry.js";
