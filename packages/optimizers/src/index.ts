export type { Objective, IterationInfo, MinimizeOptions, MinimizeResult } from "./objective.js";
export { stopMessages, DEFAULT_GRADIENT_TOLERANCE, DEFAULT_MAX_STEP } from "./objective.js";
export { minimizeNewton } from "./newton.js";
export { minimizeBfgs } from "./bfgs.js";
export { finiteDifferenceHessian } from "./finite-difference-hessian.js";
export type { GradientFunction } from "./finite-difference-hessian.js";
export type { LogDensity } from "./log-density.js";
export { logDensityAndGradient, objectiveFromLogDensity, logDensityFromObjective } from "./log-density.js";
export type { Preconditioner } from "./preconditioner.js";
export { identityPreconditioner, densePreconditioner } from "./preconditioner.js";
export type { MalaOptions } from "./mala.js";
export { MalaSampler, defaultMalaStepSize, DEFAULT_MALA_TARGET_ACCEPTANCE } from "./mala.js";
export type { NutsOptions, NutsRun } from "./nuts.js";
export { NutsChain, sampleNuts } from "./nuts.js";
export type { DualAveragingOptions } from "./dual-averaging.js";
export { DualAveraging } from "./dual-averaging.js";
export type { WarmupWindows } from "./warmup-windows.js";
export { warmupWindows } from "./warmup-windows.js";
export { RunningCovariance } from "./welford.js";
export type { ChainDraws, ConvergenceDiagnostics } from "./mcmc-diagnostics.js";
export {
  rhat,
  essBulk,
  essTail,
  essMean,
  basicRhat,
  basicEss,
  rankNormalise,
  splitChains,
  pooledQuantile,
  sortedQuantile,
  convergenceDiagnostics,
} from "./mcmc-diagnostics.js";
export { RollingMonitor, DEFAULT_MONITOR_WINDOW, DEFAULT_MONITOR_THRESHOLD } from "./rolling-monitor.js";
export type {
  StochasticApproximationRule,
  GainSchedule,
  StochasticApproximationProblem,
  StochasticApproximationIteration,
  StochasticApproximationOptions,
  StochasticApproximationResult,
} from "./stochastic-approximation.js";
export { runStochasticApproximation, harmonicGain, cappedHarmonicGain } from "./stochastic-approximation.js";
export { LouisVariance } from "./louis-variance.js";
