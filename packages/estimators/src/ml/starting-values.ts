/**
 * Starting values for a GLMM fit, as glmer does: β from the fixed-effects logistic GLM, and ψ = 0
 * (every random-effect SD 1, correlations 0; lme4 starts its θ at 1 likewise). The GLM is solved by
 * IRLS — the GLM engine's derivatives (jeffreys-glm/binomial-glm.ts) — with a tiny ridge (1e-4 on the
 * non-intercept coefficients) so that separated data still give a finite start; this is a start, not an
 * estimate.
 */
import type { ModelFrame, ParameterLayout } from "@glmmkit/core";
import { choleskyWithRidge, solveWithCholesky } from "@glmmkit/linalg";
import { binomialLink } from "@glmmkit/penalties";
import { binomialDerivatives, derivativeScratch } from "../jeffreys-glm/binomial-glm.js";

const START_RIDGE = 1e-4;
const MAX_IRLS = 30;

/** Starting β from the fixed-effects GLM. */
export function glmStart(frame: ModelFrame): Float64Array {
  const { n, p, X, y, trials } = frame;
  const design = { X, n, p };
  const link = binomialLink("logit");
  const beta = new Float64Array(p);
  const info = new Float64Array(p * p);
  const score = new Float64Array(p);
  const scratch = derivativeScratch(n, false);
  for (let iteration = 0; iteration < MAX_IRLS; iteration++) {
    // For the logit link the Fisher information is the observed one: this is Newton's method.
    binomialDerivatives(design, y, trials, beta, link, score, info, null, scratch);
    for (let c = 0; c < p; c++) {
      const ridge = frame.betaNames[c] === "(Intercept)" ? 0 : START_RIDGE;
      score[c] = score[c]! - ridge * beta[c]!;
      info[c * p + c] = info[c * p + c]! + ridge;
    }
    const { L } = choleskyWithRidge(info, p);
    solveWithCholesky(L, p, score);
    let change = 0;
    for (let c = 0; c < p; c++) {
      beta[c] = beta[c]! + score[c]!;
      change = Math.max(change, Math.abs(score[c]!));
    }
    if (change < 1e-8) break;
  }
  return beta;
}

/** Starting θ for a GLMM fit: the GLM's β and unit variance components. */
export function startingValues(frame: ModelFrame, layout: ParameterLayout): Float64Array {
  const theta = new Float64Array(layout.dim);
  theta.set(glmStart(frame));
  return theta;
}
