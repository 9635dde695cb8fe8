export type {
  SeparationDiagnostics,
  SeparationFinding,
  ClusterSeparationFinding,
  DivergenceCheckFinding,
  ParameterDivergence,
  DivergenceRefit,
  DivergenceVerdict,
  ParameterStatus,
} from "./finding-types.js";
export {
  fixedEffectsSeparation,
  separationFinding,
  infiniteCoefficients,
  formatInfiniteCoefficients,
} from "./fixed-effects-separation.js";
export type { SeparationLpOptions, InfiniteCoefficient, SeparationFindingWithDirection } from "./fixed-effects-separation.js";
export {
  perfectPredictionClusters,
  augmentedDesign,
  clusterSeparation,
  DEFAULT_MAX_AUGMENTED_COLUMNS,
} from "./cluster-separation.js";
export type { PerfectPrediction, AugmentedDesign, ClusterSeparationOptions } from "./cluster-separation.js";
export { separationCheck } from "./separation-check.js";
export type { SeparationCheckReport, SeparationCheckOptions } from "./separation-check.js";
export {
  checkDivergence,
  DEFAULT_DIVERGENCE_TOLERANCES,
  DEFAULT_DIVERGENCE_ITERATION_LIMITS,
} from "./divergence-check.js";
export type { DivergenceCheckOptions } from "./divergence-check.js";
export {
  withSeparationFindings,
  needsDivergenceCheck,
  MAXIMUM_LIKELIHOOD_ESTIMATORS,
  FINITE_ESTIMATORS_ADVICE,
} from "./separation-findings.js";
export { fitWithSeparationChecks, fitWithDivergenceCheck } from "./fit-with-separation-checks.js";
export type { DivergenceCheckMode, FitSeparationCheckOptions } from "./fit-with-separation-checks.js";
export { formatSeparationCheck, formatSeparationCheckJson, CLUSTER_INDICATOR_CAVEAT } from "./format-separation-check.js";
export type { SeparationCheckFormatOptions } from "./format-separation-check.js";
