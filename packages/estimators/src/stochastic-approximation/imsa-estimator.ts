/**
 * `imsa`: imputation maximisation stochastic approximation (Song & Tan 2022, Algorithms 2–3 and 5–6). Every
 * iteration imputes the random effects with m MALA chains (preconditioned by [∇²Q(0)]⁻¹ after T0), maximises
 * the complete-data likelihood per chain — β by the GLM with offset Zb, each Σ by (1/J) Σ_j b_j b_jᵀ (σ² =
 * bᵀb/J for a scalar term) — and moves θ_t = θ_{t−1} + (1/t)(θ_{t−1/2} − θ_{t−1}), so θ_T is the running mean
 * of the M-steps. The variance components are updated on the σ² (Σ) scale by default — a convex combination
 * of covariance matrices, always positive definite — or, with `scale: "log"` (IMSA-log), on the log σ
 * (log-Cholesky) scale. The limit is self-consistent, θ = E_θ[M(u; θ)], not the MLE (asymptotically
 * equivalent). Standard errors by Algorithm 6 (Louis' identity) over the second half of the run.
 */
import type { Estimator, FitContext, FitResult, ModelFrame } from "@glmmkit/core";
import { parseEstimatorOptions } from "../options/estimator-options.js";
import { requireRandomEffects } from "../options/require-random-effects.js";
import { glmBetaMaximiser } from "./beta-m-step.js";
import { fitByStochasticApproximation } from "./sa-fit.js";
import { imsaOptionsSchema, resolveSaOptions, type ImsaOptions } from "./sa-options.js";

export const imsaEstimator: Estimator<ImsaOptions> = {
  name: "imsa",
  kind: "stochastic-approximation",
  summary: "imputation maximisation stochastic approximation with (p)MALA imputation, γ_t = 1/t; SEs by Louis' identity (Song & Tan 2022)",
  fit(model: ModelFrame, options: ImsaOptions = {}, context?: FitContext): FitResult {
    requireRandomEffects(model, "imsa imputes random effects");
    const o = parseEstimatorOptions("imsa", imsaOptionsSchema, options) as ImsaOptions;
    return fitByStochasticApproximation(
      model,
      {
        estimator: "imsa",
        scale: o.scale === "log" ? "log-sd" : "variance",
        maximiseBeta: glmBetaMaximiser(model),
        ...(o.standardErrorBurnIn === undefined ? {} : { standardErrorBurnIn: o.standardErrorBurnIn }),
      },
      resolveSaOptions(o),
      context,
    );
  },
};
