/**
 * `ml` for a model without random effects: the binomial GLM by maximum likelihood (R's glm), fitted by the
 * GLM engine (@glmmkit/glm: IRLS with QR) for any link, with the frame's offset. Standard errors are glm's,
 * from the expected information (RᵀR)⁻¹ at the estimate — for the logit link also the observed one.
 */
import type { FitResult, ModelFrame } from "@glmmkit/core";
import { GlmmInputError } from "@glmmkit/core";
import { fitGlm } from "@glmmkit/glm";
import { glmFitResult } from "../fit-report/glm-fit-result.js";
import type { GlmmFitOptions } from "./glmm-fit.js";

export function fitGlmByMaximumLikelihood(estimator: string, frame: ModelFrame, options: GlmmFitOptions): FitResult {
  if (frame.p === 0) {
    throw new GlmmInputError("formula", `the formula "${frame.formula}" has neither fixed nor random effects: there is nothing to estimate`);
  }
  if ((options.nAGQ ?? 1) > 1) {
    throw new GlmmInputError("option", `nAGQ = ${options.nAGQ} applies to random effects; the formula "${frame.formula}" has none, so its GLM likelihood is exact`);
  }
  if (options.optimizer === "bfgs") {
    throw new GlmmInputError("option", `a GLM without random effects is fitted by IRLS; the optimizer option (bfgs) does not apply`);
  }
  const link = options.link ?? "logit";
  const { X, n, p, y, trials } = frame;
  const fit = fitGlm({
    design: { X, n, p },
    y,
    trials,
    ...(frame.offset === undefined ? {} : { offset: frame.offset }),
    link,
    ...(options.start === undefined ? {} : { start: options.start.subarray(0, p) }),
    ...(options.maxIterations === undefined ? {} : { maxIterations: options.maxIterations }),
    // The GLM score is exact, so IRLS can go well below the GLMM default of 1e-6.
    tolerance: Math.min(options.gradientTolerance ?? 1e-8, 1e-8),
  });
  const warnings: string[] = [];
  if (fit.fittedAtBoundary > 0) {
    warnings.push(
      `fitted probabilities numerically 0 or 1 in ${fit.fittedAtBoundary} row(s) (R's glm warns the same): some ML estimates may be infinite; see the separation check, or use --estimator jeffreys-glm for finite estimates`,
    );
  }
  return glmFitResult(frame, fit, { estimator, optimizer: "IRLS (Fisher scoring, Householder QR)", penalised: false, warnings });
}
