/**
 * Starting values for a GLMM fit, as glmer does: β from the fixed-effects GLM (same link and offset), and
 * ψ = 0 (every random-effect SD 1, correlations 0; lme4 starts its θ at 1 likewise). The GLM is fitted by
 * the GLM engine with a tiny ridge (1e-4 on the non-intercept coefficients) so that separated data still
 * give a finite start; this is a start, not an estimate.
 */
import type { ModelFrame, ParameterLayout } from "@glmmkit/core";
import { fitGlm } from "@glmmkit/glm";
import type { LinkName } from "@glmmkit/math";

const START_RIDGE = 1e-4;
const MAX_IRLS = 30;

export function glmStart(frame: ModelFrame, link: LinkName = "logit"): Float64Array {
  const { n, p, X, y, trials } = frame;
  if (p === 0) return new Float64Array(0);
  // A loop, not Float64Array.from with an arrow made per fit (closures made per call lose their optimised code).
  const ridge = new Float64Array(p);
  for (let k = 0; k < p; k++) ridge[k] = frame.betaNames[k] === "(Intercept)" ? 0 : START_RIDGE;
  return fitGlm({
    design: { X, n, p },
    y,
    trials,
    ...(frame.offset === undefined ? {} : { offset: frame.offset }),
    link,
    ridge,
    maxIterations: MAX_IRLS,
    // A start, not an estimate: a score below 1e-6 (the GLMM fit's own tolerance) is close enough.
    tolerance: 1e-6,
    standardErrors: false,
    fullRank: true,
  }).beta;
}

export function startingValues(frame: ModelFrame, layout: ParameterLayout, link: LinkName = "logit"): Float64Array {
  const theta = new Float64Array(layout.dim);
  theta.set(glmStart(frame, link));
  return theta;
}
