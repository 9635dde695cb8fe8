export { GlmmLikelihood } from "./glmm-likelihood.js";
export type { GlmmLikelihoodOptions, PirlsStatistics } from "./glmm-likelihood.js";
export { clusterLayout } from "./cluster-layout.js";
export type { ClusterLayout } from "./cluster-layout.js";
export { binomialLogitRow, binomialLogitValue } from "./binomial-logit.js";
export type { RowDerivatives } from "./binomial-logit.js";
