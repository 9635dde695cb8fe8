export type { Penalty, WeightedPenalty } from "./penalty.js";
export { sumPenalties } from "./penalty.js";
export type { LinkName, LinkEvaluation, BinomialLink } from "./links.js";
export {
  LINK_NAMES,
  binomialLink,
  newLinkEvaluation,
  logitLink,
  probitLink,
  cloglogLink,
  loglogLink,
  cauchitLink,
} from "./links.js";
export type { JeffreysOptions, JeffreysPenalty } from "./jeffreys.js";
export { jeffreysPenalty } from "./jeffreys.js";
export type { HuberLayout } from "./huber.js";
export { huberPenalty, negativeHuber, negativeHuberDerivative, negativeHuberSecondDerivative } from "./huber.js";
export type { EntropyOptions, EntropyPenalty } from "./entropy.js";
export { entropyPenalty, entropyLogNormalisingConstant } from "./entropy.js";
export type { RidgeOptions } from "./ridge.js";
export { ridgePenalty } from "./ridge.js";
