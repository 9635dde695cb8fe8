export type { BinomialDesign, BinomialGlmOptions, BinomialGlmFit } from "./binomial-glm.js";
export { fitBinomialGlm, binomialLogLik, inverseFisherInformation } from "./binomial-glm.js";
export type { JeffreysGlmOptions, JeffreysGlmFit } from "./jeffreys-glm.js";
export {
  fitJeffreysGlm,
  fitJeffreysGlmNewton,
  penalisedScore,
  jeffreysAdjustedResponses,
} from "./jeffreys-glm.js";
