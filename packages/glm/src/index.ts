export type { GlmProblem, GlmFit } from "./fit-glm.js";
export { fitGlm, jeffreysPenalisedScore, jeffreysAdjustedResponses } from "./fit-glm.js";
export type { BinomialDesign } from "./binomial-likelihood.js";
