/**
 * `ml`: maximum likelihood by the Laplace approximation (nAGQ = 1, PIRLS as in lme4's glmer) or adaptive
 * Gauss–Hermite quadrature (nAGQ > 1, one scalar random effect), maximised over θ = (β, ψ) by Newton's
 * method on the exact gradient. Standard errors come from the observed information of the approximate
 * log-likelihood in θ at the optimum.
 */
import type { Estimator, FitContext, FitResult, ModelFrame } from "@glmmkit/core";
import { GlmmInputError, parameterLayout } from "@glmmkit/core";
import { z } from "zod";
import { fitGlmmByOptimisation, type GlmmFitOptions } from "./glmm-fit.js";
import { glmmFitOptionsShape, parseEstimatorOptions } from "../options/estimator-options.js";

/** Options of ml (nAGQ, optimiser, iteration limit). */
export interface MlOptions extends GlmmFitOptions {}

const mlOptionsSchema = z.object(glmmFitOptionsShape).strict();

/** `ml`: maximum likelihood, Laplace or adaptive Gauss–Hermite. */
export const mlEstimator: Estimator<MlOptions> = {
  name: "ml",
  summary: "maximum likelihood: Laplace approximation (PIRLS, as lme4) or adaptive Gauss-Hermite with --nagq",
  fit(model: ModelFrame, options: MlOptions = {}, context?: FitContext): FitResult {
    if (model.terms.length === 0) {
      throw new GlmmInputError(
        "formula",
        `the formula "${model.formula}" has no random-effects term "( ... | group )"; for a plain GLM use --estimator jeffreys-glm`,
      );
    }
    const parsed = parseEstimatorOptions("ml", mlOptionsSchema, options) as MlOptions;
    return fitGlmmByOptimisation("ml", model, parameterLayout(model), null, { ...parsed, ...(context === undefined ? {} : { context }) });
  },
};
