/**
 * The estimator columns of the unified paper's Tables 4–5 (papers/000): ML (glmer), Ridge-GLMM, Bayesian
 * MCMC and the unified entropy-regularised Newton–Raphson with empirical-Bayes λ. Every fit stops after
 * 100 iterations, the paper's blow-up rule ("non-convergence after 100 iterations"). The penalised fits
 * skip their comparison ML refit (the ML column has it).
 */
import type { StudyEstimator } from "../study-definition.js";

export const ITERATION_LIMIT = 100;

export const UNIFIED_COLUMNS: readonly StudyEstimator[] = [
  { label: "ml", estimator: "ml", options: { maxIterations: ITERATION_LIMIT } },
  { label: "ridge", estimator: "ridge", options: { maxIterations: ITERATION_LIMIT, compareWithMl: false } },
  { label: "mcmc", estimator: "mcmc" },
  { label: "entropy", estimator: "entropy", options: { maxIterations: ITERATION_LIMIT, compareWithMl: false } },
];

/** Cluster sizes of every unified cell here: the paper does not say which range its tables use. */
export const UNIFIED_SIZES = "5-50";
