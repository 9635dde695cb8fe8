/**
 * `unified-table6` (papers/000, Table 6): the entropy estimator under partial separation (J = 50,
 * σ² = 1.5) at the three fixed λ of the table (0.124, 1.24, 12.4) and at its empirical-Bayes λ̂: bias,
 * MSE and 95 % coverage of β0.
 */
import { unifiedTable6Report } from "../report/unified-table6-report.js";
import type { StudyDefinition } from "../study-definition.js";
import { ITERATION_LIMIT, UNIFIED_SIZES } from "./unified-columns.js";

export const TABLE6_LAMBDAS = [0.124, 1.24, 12.4] as const;

export const unifiedTable6Study: StudyDefinition = {
  name: "unified-table6",
  summary: "entropy paper Table 6: bias, MSE, coverage of beta0 at lambda = 0.124, 1.24, 12.4 and empirical Bayes",
  source: "Al-Ameri et al. (papers/000), Table 6; published.json entropy_unified_paper_table6",
  design: "unified",
  cells: [{ J: 50, sigma2: 1.5, sizes: UNIFIED_SIZES, variant: "partial_separation" }],
  estimators: [
    ...TABLE6_LAMBDAS.map((lambda) => ({
      label: `entropy λ=${lambda}`,
      estimator: "entropy",
      options: { lambda, maxIterations: ITERATION_LIMIT, compareWithMl: false },
    })),
    { label: "entropy λ=EB", estimator: "entropy", options: { maxIterations: ITERATION_LIMIT, compareWithMl: false } },
  ],
  defaultReplications: 1000,
  defaultSeed: "1",
  report: unifiedTable6Report,
};
