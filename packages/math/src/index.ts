export { log1pexp, expit, logExpit, log1mexp, logit } from "./logistic.js";
export { tableExp } from "./table-exp.js";
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
export { zigguratNormal } from "./ziggurat-normal.js";
export { Xoshiro128 } from "./xoshiro128.js";
export type { LinkName, LinkEvaluation, BinomialLink } from "./binomial-links.js";
export {
  LINK_NAMES,
  binomialLink,
  isLinkName,
  newLinkEvaluation,
  logitLink,
  probitLink,
  cloglogLink,
  loglogLink,
  cauchitLink,
} from "./binomial-links.js";
export { normalHazard } from "./normal-hazard.js";
export { binomialRow, newBinomialRowDerivatives, type BinomialRowDerivatives } from "./binomial-row.js";
