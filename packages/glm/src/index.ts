export type { GlmProblem, GlmFit, GlmWorkspaceProblem } from "./fit-glm.js";
export { fitGlm, GlmWorkspace, jeffreysPenalisedScore, jeffreysAdjustedResponses } from "./fit-glm.js";
export type { BinomialDesign } from "./binomial-likelihood.js";
