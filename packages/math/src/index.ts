export { log1pexp, expit, logExpit, log1mexp, logit } from "./logistic.js";
export {
  normalPdf,
  logNormalPdf,
  normalCdf,
  normalCcdf,
  logNormalCdf,
  logNormalCcdf,
  normalQuantile,
} from "./normal.js";
export { logGamma, logBeta, logChoose } from "./log-gamma.js";
export { chiSquareSurvival, upperRegularisedGamma } from "./chi-square.js";
export { bracketedRoot } from "./bracketed-root.js";
export type { BracketedRoot, BracketedRootOptions } from "./bracketed-root.js";
export { logSumExp, logAddExp } from "./log-sum-exp.js";
export { gaussHermite, standardNormalRule } from "./gauss-hermite.js";
export type { GaussHermiteRule } from "./gauss-hermite.js";
export { createRng } from "./rng.js";
export type { Rng } from "./rng.js";
