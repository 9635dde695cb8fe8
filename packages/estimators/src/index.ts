/**
 * `@glmmkit/estimators`: the built-in estimators, the checks around a fit, and the high-level
 * `fitGlmm` / `fitGlmmAsync`. Importing this entry registers the built-in estimators in
 * @glmmkit/core's registry (see register.ts: the one, documented, side effect).
 * @packageDocumentation
 */
export { registerBuiltInEstimators, BUILT_IN_ESTIMATORS } from "./register.js";
export { fitGlmm, fitGlmmAsync, toDataTable, modelFrameOf } from "./api/fit-glmm.js";
export type { FitGlmmRequest, GlmmData } from "./api/fit-glmm.js";
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
export type { LambdaPoint, LambdaSearchResult, LambdaSearchOptions } from "./entropy/lambda-search.js";
export type { MlOptions } from "./ml/ml-estimator.js";
export { fitGlmmByOptimisation, approximationLabel } from "./ml/glmm-fit.js";
export type { GlmmFitOptions, GlmmFitInternals, PenalisedOptimum } from "./ml/glmm-fit.js";
export { startingValues, glmStart } from "./ml/starting-values.js";
export { buildFitResult } from "./fit-report/build-fit-result.js";
export { mcmcEstimator, runMcmcChainTask, DEFAULT_SEED } from "./mcmc/mcmc-estimator.js";
export type { McmcChainPayload } from "./mcmc/mcmc-estimator.js";
export type { McmcOptions } from "./mcmc/mcmc-options.js";
export type { McmcPriorOptions } from "./mcmc/mcmc-priors.js";
export { runChainTask, openChainJob } from "./chain-tasks.js";
export type { ChainJob } from "./chain-tasks.js";
export { scoresaEstimator } from "./stochastic-approximation/scoresa-estimator.js";
export { imsaEstimator } from "./stochastic-approximation/imsa-estimator.js";
export type { StochasticApproximationOptions, ScoresaOptions, ImsaOptions } from "./stochastic-approximation/sa-options.js";
export type { FitFacts } from "./fit-report/build-fit-result.js";
export { penalisedObjective } from "./objective/penalised-objective.js";
export type { PenaltyTerm } from "./objective/penalised-objective.js";
export { PenaltyCurvatureCache } from "./objective/penalty-curvature-cache.js";

export * from "./separation-check/index.js";
export { confidenceIntervals, withConfidenceIntervals, PROFILE_ESTIMATORS } from "./inference/confidence-intervals.js";
export type { IntervalOptions, BootstrapRequest } from "./inference/confidence-intervals.js";
export { bootstrapReplicates, percentileIntervals, quantileOfSorted } from "./inference/bootstrap-intervals.js";
export type { ReplicateSource, BootstrapReplicate, BootstrapIntervalType, PercentileIntervalType } from "./inference/bootstrap-intervals.js";
export { bcaIntervals, biasCorrection, jackknifeAcceleration, bcaLevel } from "./inference/bca-interval.js";
export type { BcaIntervals } from "./inference/bca-interval.js";
export { clusterJackknife, jackknifeTerm } from "./inference/cluster-jackknife.js";
export type { ClusterJackknife } from "./inference/cluster-jackknife.js";
export { refitValues } from "./inference/refit-values.js";
export { inferenceTargets } from "./inference/inference-targets.js";
export type { ProfileTarget } from "./inference/profile-parameter.js";
export { compareNestedModels, checkComparable } from "./inference/likelihood-ratio-tests.js";
export type { CandidateModel, LikelihoodRatioOptions, LikelihoodRatioResult } from "./inference/likelihood-ratio-tests.js";
export { fittedModelReplicates } from "./inference/fitted-model-replicates.js";
export { searchRejectionBoundary, tailCounts, monteCarloPValue } from "./inference/test-inversion-search.js";
export type { TailCounts, BoundarySearch, BoundarySearchOptions } from "./inference/test-inversion-search.js";
export { commonRandomResponses } from "./inference/common-random-responses.js";
export type { CommonRandomResponses } from "./inference/common-random-responses.js";
export { invertedSdInterval } from "./inference/inverted-sd-interval.js";
export type { InversionRequest, InvertedSdInterval } from "./inference/inverted-sd-interval.js";
