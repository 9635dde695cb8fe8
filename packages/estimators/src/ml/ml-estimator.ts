/**
 * `ml`: maximum likelihood by the Laplace approximation (nAGQ = 1, PIRLS as in lme4's glmer) or adaptive
 * Gauss–Hermite quadrature (nAGQ > 1, one scalar random effect), maximised over θ = (β, ψ) by Newton's
 * method on the exact gradient, for any of the five binomial links. Standard errors come from the observed
 * information of the approximate log-likelihood in θ at the optimum. Without random effects: the GLM by
 * maximum likelihood (glm-fit.ts).
 */
import type { Estimator, FitContext, FitResult, ModelFrame } from "@glmmkit/core";
import { parameterLayout } from "@glmmkit/core";
import { z } from "zod";
import { fitGlmmByOptimisation, type GlmmFitOptions } from "./glmm-fit.js";
import { fitGlmByMaximumLikelihood } from "./glm-fit.js";
import { glmmFitOptionsShape, parseEstimatorOptions } from "../options/estimator-options.js";

/** Options of ml (nAGQ, optimiser, iteration limit). */
export interface MlOptions extends GlmmFitOptions {}

const mlOptionsSchema = z.object(glmmFitOptionsShape).strict();

/** `ml`: maximum likelihood, Laplace or adaptive Gauss–Hermite. */
export const mlEstimator: Estimator<MlOptions> = {
  name: "ml",
  summary:
    "maximum likelihood, any link: Laplace (PIRLS, as lme4) or adaptive Gauss-Hermite with --nagq; a plain GLM (IRLS) without random effects",
  fit(model: ModelFrame, options: MlOptions = {}, context?: FitContext): FitResult {
    const parsed = parseEstimatorOptions("ml", mlOptionsSchema, options) as MlOptions;
    if (model.terms.length === 0) return fitGlmByMaximumLikelihood("ml", model, parsed);
    return fitGlmmByOptimisation("ml", model, parameterLayout(model), null, { ...parsed, ...(context === undefined ? {} : { context }) });
  },
};
