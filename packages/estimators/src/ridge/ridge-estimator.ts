/**
 * `ridge`: the ridge GLMM (the L2 comparator of Al-Ameri et al.): maximise ℓ(θ) − (λ/2)‖β_{−intercept}‖²
 * (and − (λ_ψ/2)‖ψ‖² when `psiLambda` is set), with λ fixed or chosen by BIC over a log grid
 * (ridge-bic.ts). Standard errors come from the penalised Hessian.
 */
import { z } from "zod";
import type { Estimator, FitContext, FitResult, ModelFrame, ParameterLayout } from "@glmmkit/core";
import { GlmmInputError, parameterLayout } from "@glmmkit/core";
import { GlmmLikelihood } from "@glmmkit/laplace";
import { ridgePenalty } from "@glmmkit/penalties";
import { parseEstimatorOptions, penalisedFitOptionsShape } from "../options/estimator-options.js";
import { fitPenalisedGlmm, type PenalisedFitOptions } from "../penalised/penalised-fit.js";
import { ridgeBicPath } from "./ridge-bic.js";
import { checkQuadratureApplies } from "../ml/glmm-fit.js";

/** Options of the ridge estimator (λ fixed, or chosen by BIC). */
export interface RidgeOptions extends PenalisedFitOptions {
  /** Fixed λ on the non-intercept fixed effects; default: chosen by BIC. */
  readonly lambda?: number;
  /** λ on the ψ entries (default 0). */
  readonly psiLambda?: number;
  /** log10 λ grid for BIC (default −3 … 3 by 0.5). */
  readonly grid?: readonly number[];
}

const ridgeSchema = z
  .object({
    ...penalisedFitOptionsShape,
    lambda: z.number().nonnegative().optional(),
    psiLambda: z.number().nonnegative().optional(),
    grid: z.array(z.number()).min(2).optional(),
  })
  .strict();

function ridgeFor(layout: ParameterLayout, frame: ModelFrame, lambda: number, psiLambda: number) {
  const intercept = frame.betaNames.indexOf("(Intercept)");
  const penalty = ridgePenalty({ p: layout.p, dim: layout.dim, lambda, intercept: intercept >= 0 ? intercept : null, psiLambda });
  const strengths = new Float64Array(layout.dim);
  for (let k = 0; k < layout.dim; k++) strengths[k] = k < layout.p ? (k === intercept ? 0 : lambda) : psiLambda;
  return { penalty, strengths };
}

/** `ridge`: ℓ(θ) − (λ/2)‖β without intercept‖². */
export const ridgeEstimator: Estimator<RidgeOptions> = {
  name: "ridge",
  summary: "ridge-penalised GLMM: −(λ/2)‖β without intercept‖², λ fixed (--lambda) or chosen by BIC",
  fit(model: ModelFrame, options: RidgeOptions = {}, context?: FitContext): FitResult {
    const o = parseEstimatorOptions("ridge", ridgeSchema, options) as RidgeOptions;
    if (model.terms.length === 0) {
      throw new GlmmInputError("formula", `ridge needs a random-effects term; for a plain GLM use --estimator jeffreys-glm`);
    }
    const layout = parameterLayout(model);
    const { lambda: fixedLambda, psiLambda = 0, grid, ...parsedFitOptions } = o;
    const fitOptions = { ...parsedFitOptions, ...(context === undefined ? {} : { context }) };
    checkQuadratureApplies(model, o.nAGQ ?? 1);
    const likelihood = new GlmmLikelihood(model, { nAGQ: o.nAGQ ?? 1, link: o.link ?? "logit" });
    let lambda = fixedLambda;
    let settings: Record<string, unknown> = { "lambda (fixed)": fixedLambda, "psi lambda": psiLambda };
    let start: Float64Array | undefined;
    if (lambda === undefined) {
      const log10Grid = grid ?? Array.from({ length: 13 }, (_, k) => -3 + 0.5 * k);
      const path = ridgeBicPath(model, layout, likelihood, (l) => ridgeFor(layout, model, l, psiLambda), log10Grid, fitOptions);
      const best = path.reduce((a, b) => (b.bic < a.bic ? b : a));
      lambda = best.lambda;
      start = best.theta;
      settings = {
        "lambda (BIC)": lambda,
        "psi lambda": psiLambda,
        "effective df": best.effectiveDf,
        "BIC path (log10 λ: BIC)": path.map((p) => `${Math.log10(p.lambda).toFixed(1)}: ${p.bic.toFixed(3)}`).join(", "),
        bicPath: path.map((p) => ({ lambda: p.lambda, bic: p.bic, effectiveDf: p.effectiveDf, logLik: p.logLik, sd: Math.exp(p.theta[layout.p]!) })),
      };
    }
    return fitPenalisedGlmm(
      "ridge",
      model,
      layout,
      ridgeFor(layout, model, lambda, psiLambda).penalty,
      { ...fitOptions, likelihood, ...(start === undefined ? {} : { start }) },
      { settings, standardErrors: "penalised" },
    );
  },
};
