/**
 * The columns of the IMSA paper's Figures 1–2 (papers/004, §4): ML (this project's Laplace fit, the
 * reference the paper has no column for), IMSA (σ² scale), IMSA-log (log σ scale) and ScoreSA-1…6 with
 * γ_t = min(1/t, 1/t0), t0 ∈ {1, 5, 10, 25, 50, 100}. The stochastic columns run once `imsa` and `scoresa`
 * are registered (issue #9), with their own defaults (2 000 iterations, 4 chains, 20 MALA steps); the
 * seed of each fit is derived from the task.
 */
import type { StudyEstimator } from "../study-definition.js";

export const SCORESA_T0 = [1, 5, 10, 25, 50, 100] as const;

export function stochasticColumns(iterations: number): StudyEstimator[] {
  return [
    { label: "ml", estimator: "ml" },
    { label: "imsa", estimator: "imsa", options: { iterations } },
    { label: "imsa-log", estimator: "imsa", options: { iterations, scale: "log" } },
    ...SCORESA_T0.map((t0, k) => ({ label: `scoresa-${k + 1}`, estimator: "scoresa", options: { iterations, t0 } })),
  ];
}
