/**
 * `culcita` (seed 001, "Simulation study"): parametric replicates of the Culcita design at the slides'
 * truth (β0 = 5.01, β2 = −3.75, β3 = −4.36, β4 = −5.55, log σ = 1.26); bias, variance, MSE, probability of
 * underestimation and Wald coverage of ML (adaptive Gauss–Hermite, 25 nodes) and MSPL, with the slides'
 * filter for ML (drop samples with any |gradient| > 1e-3 or |estimate| or SE > 30) reported beside.
 */
import { culcitaReport } from "../report/culcita-report.js";
import type { StudyDefinition } from "../study-definition.js";

export const culcitaStudy: StudyDefinition = {
  name: "culcita",
  summary: "MSPL slides' Culcita simulation: bias, variance, MSE, P(under), Wald coverage of ml (AGQ) and mspl",
  source: "Kosmidis, MSPL slides (papers/001), 'Simulation study'; published.json culcita_atypical_removed.simulation_truth",
  design: "culcita",
  cells: [{}],
  estimators: [
    { label: "ml", estimator: "ml", options: { nAGQ: 25 } },
    { label: "mspl", estimator: "mspl", options: { compareWithMl: false } },
  ],
  defaultReplications: 10000,
  defaultSeed: "1",
  report: culcitaReport,
};
