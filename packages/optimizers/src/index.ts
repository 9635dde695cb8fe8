export type { Objective, IterationInfo, MinimizeOptions, MinimizeResult } from "./objective.js";
export { stopMessages, DEFAULT_GRADIENT_TOLERANCE, DEFAULT_MAX_STEP } from "./objective.js";
export { minimizeNewton } from "./newton.js";
export { minimizeBfgs } from "./bfgs.js";
export { finiteDifferenceHessian } from "./finite-difference-hessian.js";
export type { GradientFunction } from "./finite-difference-hessian.js";
