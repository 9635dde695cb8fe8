/**
 * Starting values for a GLMM fit, as glmer does: β from the fixed-effects logistic GLM, and ψ = 0
 * (every random-effect SD 1, correlations 0; lme4 starts its θ at 1 likewise). The GLM is solved by
 * IRLS with a tiny ridge (1e-4 on the non-intercept coefficients) so that separated data still give a
 * finite start; this is a start, not an estimate.
 */
import type { ModelFrame, ParameterLayout } from "@glmmkit/core";
import { choleskyWithRidge, solveWithCholesky } from "@glmmkit/linalg";

const START_RIDGE = 1e-4;
const MAX_IRLS = 30;

/** Starting β from the fixed-effects GLM. */
export function glmStart(frame: ModelFrame): Float64Array {
  const { n, p, X, y, trials } = frame;
  const beta = new Float64Array(p);
  const eta = new Float64Array(n);
  const info = new Float64Array(p * p);
  const score = new Float64Array(p);
  for (let iteration = 0; iteration < MAX_IRLS; iteration++) {
    eta.fill(0);
    for (let c = 0; c < p; c++) for (let i = 0; i < n; i++) eta[i] += beta[c]! * X[c * n + i]!;
    info.fill(0);
    score.fill(0);
    for (let i = 0; i < n; i++) {
      const e = Math.exp(-Math.abs(eta[i]!));
      const mu = eta[i]! >= 0 ? 1 / (1 + e) : e / (1 + e);
      const w = (trials[i]! * e) / ((1 + e) * (1 + e));
      const r = y[i]! - trials[i]! * mu;
      for (let c = 0; c < p; c++) {
        const xc = X[c * n + i]!;
        score[c] += xc * r;
        for (let k = c; k < p; k++) info[c * p + k] += w * xc * X[k * n + i]!;
      }
    }
    for (let c = 0; c < p; c++) {
      const ridge = frame.betaNames[c] === "(Intercept)" ? 0 : START_RIDGE;
      score[c] -= ridge * beta[c]!;
      info[c * p + c] += ridge;
      for (let k = c + 1; k < p; k++) info[k * p + c] = info[c * p + k]!;
    }
    const { L } = choleskyWithRidge(info, p);
    solveWithCholesky(L, p, score);
    let change = 0;
    for (let c = 0; c < p; c++) {
      beta[c] += score[c]!;
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
