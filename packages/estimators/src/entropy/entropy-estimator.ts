/**
 * `entropy`: entropy-regularised MAP (Al-Ameri, Abdalrahem & Mohammed; eq. 5–7):
 *   θ̂_λ = argmax ℓ(θ) − (λ/2)(θ − μ_q)ᵀ Σ_q⁻¹ (θ − μ_q),
 * over all of θ = (β, ψ) with the reference q = N(0, I), and λ chosen by empirical Bayes: the λ that
 * maximises the Laplace-approximated evidence (evidence.ts) on a coarse-then-fine log grid.
 * `lambda` fixes λ instead. Standard errors come from the penalised Hessian (the posterior curvature).
 */
import { z } from "zod";
import type { Estimator, FitContext, FitResult, ModelFrame } from "@glmmkit/core";
import { GlmmInputError, parameterLayout } from "@glmmkit/core";
import { GlmmLikelihood } from "@glmmkit/laplace";
import { parseEstimatorOptions, penalisedFitOptionsShape } from "../options/estimator-options.js";
import { fitPenalisedGlmm, type PenalisedFitOptions } from "../penalised/penalised-fit.js";
import { entropyPenaltyFor, searchLambda, type LambdaSearchOptions } from "./lambda-search.js";
import { checkQuadratureApplies } from "../ml/glmm-fit.js";

/** Options of entropy: a fixed λ, or the empirical-Bayes choice. */
export interface EntropyOptions extends PenalisedFitOptions, LambdaSearchOptions {
  /** Fixed λ (skips the empirical-Bayes search). */
  readonly lambda?: number;
}

const gridShape = z.object({ from: z.number(), to: z.number(), step: z.number().positive() }).strict();
const entropySchema = z
  .object({
    ...penalisedFitOptionsShape,
    lambda: z.number().positive().optional(),
    coarse: gridShape.optional(),
    fine: z.object({ halfWidth: z.number().positive(), step: z.number().positive() }).strict().optional(),
  })
  .strict();

/** `entropy`: entropy-regularised MAP with an empirical-Bayes λ. */
export const entropyEstimator: Estimator<EntropyOptions> = {
  name: "entropy",
  summary: "entropy-regularised MAP, prior N(0, I/λ) on (β, ψ), λ by empirical Bayes (Laplace evidence, coarse-then-fine grid)",
  fit(model: ModelFrame, options: EntropyOptions = {}, context?: FitContext): FitResult {
    const o = parseEstimatorOptions("entropy", entropySchema, options) as EntropyOptions;
    if (model.terms.length === 0) {
      throw new GlmmInputError("formula", `entropy needs a random-effects term; for a plain GLM use --estimator jeffreys-glm`);
    }
    const layout = parameterLayout(model);
    const { lambda: fixedLambda, coarse, fine, ...parsedFitOptions } = o;
    const fitOptions = { ...parsedFitOptions, ...(context === undefined ? {} : { context }) };
    checkQuadratureApplies(model, o.nAGQ ?? 1);
    const likelihood = new GlmmLikelihood(model, { nAGQ: o.nAGQ ?? 1, link: o.link ?? "logit" });
    let lambda: number;
    let settings: Record<string, unknown>;
    let start: Float64Array | undefined;
    const warnings: string[] = [];
    if (fixedLambda !== undefined) {
      lambda = fixedLambda;
      settings = { "lambda (fixed)": lambda };
    } else {
      const search = searchLambda(model, layout, likelihood, fitOptions, {
        ...(coarse === undefined ? {} : { coarse }),
        ...(fine === undefined ? {} : { fine }),
      });
      lambda = search.best.lambda;
      start = search.best.theta;
      if (search.atGridEnd) {
        warnings.push(
          `the empirical-Bayes λ̂ = ${lambda.toPrecision(3)} is at the end of the searched grid: the evidence may keep increasing beyond it`,
        );
      }
      settings = {
        "lambda (empirical Bayes)": lambda,
        "log evidence at lambda": search.best.logEvidence,
        "lambda path (log10 λ: log evidence)": search.path
          .map((p) => `${p.log10Lambda.toFixed(1)}: ${Number.isFinite(p.logEvidence) ? p.logEvidence.toFixed(3) : "-Inf"}`)
          .join(", "),
        lambdaPath: search.path.map((p) => ({ lambda: p.lambda, logEvidence: p.logEvidence, logLik: p.logLik, converged: p.converged })),
        lambdaAtGridEnd: search.atGridEnd,
      };
    }
    const fit = fitPenalisedGlmm(
      "entropy",
      model,
      layout,
      entropyPenaltyFor(layout, lambda),
      { ...fitOptions, likelihood, ...(start === undefined ? {} : { start }) },
      { settings, standardErrors: "penalised" },
    );
    if (warnings.length === 0) return fit;
    return { ...fit, diagnostics: { ...fit.diagnostics, warnings: [...warnings, ...fit.diagnostics.warnings] } };
  },
};
