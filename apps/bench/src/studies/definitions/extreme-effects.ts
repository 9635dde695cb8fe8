/**
 * `extreme-effects` (seed 001, "Extreme fixed effects"): 5 clusters, u ~ N(0, 9), β = (1, −0.5, λ, 0.25, −1),
 * n ∈ {50, 100, 200} rows per cluster, λ ∈ {−10, −8, …, 10}, 100 response draws per (n, λ); ML and MSPL
 * fits, counted as bad by the slides' rule (|∂ℓ/∂β3| > 1e-3, or |β̂3| or SE(β̂3) > 30) beside the printed
 * counts (bglmer's rows stay as printed).
 */
import { extremeEffectsReport } from "../report/extreme-effects-report.js";
import type { StudyDefinition } from "../study-definition.js";

const LAMBDAS = [-10, -8, -6, -4, -2, 0, 2, 4, 6, 8, 10] as const;
const SIZES = [50, 100, 200] as const;

export const extremeEffectsStudy: StudyDefinition = {
  name: "extreme-effects",
  summary: "MSPL slides' extreme fixed effects: bad fits of ml and mspl per n and lambda (3 x 11 cells x 100)",
  source: "Kosmidis, MSPL slides (papers/001), 'Extreme fixed effects'; published.json extreme_fixed_effects_study",
  design: "extreme-effects",
  cells: SIZES.flatMap((n) => LAMBDAS.map((lambda) => ({ n, lambda }))),
  estimators: [
    { label: "ml", estimator: "ml" },
    { label: "mspl", estimator: "mspl", options: { compareWithMl: false } },
  ],
  defaultReplications: 100,
  defaultSeed: "1",
  report: extremeEffectsReport,
};
