/**
 * `scoresa`: the score-equation stochastic approximation of Gu & Kong (1998) and Zhu & Lee (2002), as
 * Algorithm 4 of Song & Tan (2022): θ_t = θ_{t−1} + γ_t ∂/∂θ log f(y, u_t; θ)|θ_{t−1}, averaged over m MALA
 * imputation chains, with γ_t = min(1/t, 1/t0) (`--t0`, default 100; the paper's ScoreSA-1/2/3/4/5/6 are
 * t0 = 1, 5, 10, 25, 50, 100) and the variance components always on the log σ (log-Cholesky) scale. Its limit is the MLE.
 */
import type { Estimator, FitContext, FitResult, ModelFrame } from "@glmmkit/core";
import { parseEstimatorOptions } from "../options/estimator-options.js";
import { requireRandomEffects } from "../options/require-random-effects.js";
import { fitByStochasticApproximation } from "./sa-fit.js";
import { DEFAULT_SCORESA_T0, resolveSaOptions, scoresaOptionsSchema, type ScoresaOptions } from "./sa-options.js";

export const scoresaEstimator: Estimator<ScoresaOptions> = {
  name: "scoresa",
  kind: "stochastic-approximation",
  summary: "score-equation stochastic approximation with (p)MALA imputation, gain min(1/t, 1/t0) (Song & Tan 2022, Algorithm 4)",
  fit(model: ModelFrame, options: ScoresaOptions = {}, context?: FitContext): FitResult {
    requireRandomEffects(model, "scoresa imputes random effects");
    const o = parseEstimatorOptions("scoresa", scoresaOptionsSchema, options) as ScoresaOptions;
    return fitByStochasticApproximation(model, { estimator: "scoresa", scale: "log-sd", t0: o.t0 ?? DEFAULT_SCORESA_T0 }, resolveSaOptions(o), context);
  },
};
