/**
 * The priors of the `mcmc` estimator — rstanarm's and brms's weakly informative defaults (rstanarm
 * "Prior Distributions for rstanarm Models" vignette; brms `get_prior` for a binomial GLMM):
 *
 *  - intercept (when the model has one): N(0, 2.5²) on the scale of centred predictors (rstanarm's
 *    prior_intercept = normal(0, 2.5); the other columns are centred while sampling, so the intercept is the
 *    linear predictor at the predictors' means);
 *  - every other coefficient k: N(0, (2.5 / s_k)²) with s_k the SD of column k (rstanarm's
 *    normal(0, 2.5, autoscale = TRUE)); `autoscale: false` uses N(0, 2.5²);
 *  - every random-effect SD: half-Student-t(3, 0, 2.5) (brms's student_t(3, 0, 2.5) on sd);
 *  - the correlations of a term: LKJ(1) (brms's lkj(1): uniform over correlation matrices).
 *
 * All scales, the t degrees of freedom and the LKJ shape are options. Normalising constants are dropped.
 */
import type { ModelFrame } from "@glmmkit/core";

export interface McmcPriorOptions {
  /** SD of the normal prior on each non-intercept coefficient before autoscaling (default 2.5). */
  readonly priorScale?: number;
  /** SD of the normal prior on the intercept (centred predictors; default 2.5). */
  readonly priorInterceptScale?: number;
  /** Divide priorScale by the SD of each column (default true, as rstanarm). */
  readonly autoscale?: boolean;
  /** Degrees of freedom of the half-Student-t prior on each random-effect SD (default 3). */
  readonly sdPriorDf?: number;
  /** Scale of that prior (default 2.5). */
  readonly sdPriorScale?: number;
  /** LKJ shape η of the correlation prior (default 1). */
  readonly lkjEta?: number;
}

export interface McmcPriors {
  /** Prior SD of each coefficient as sampled (intercept on the centred scale). */
  readonly betaScale: Float64Array;
  readonly sdDf: number;
  readonly sdScale: number;
  readonly lkjEta: number;
  /** Index of the intercept column, or −1. */
  readonly intercept: number;
  /** Column means subtracted while sampling (0 for the intercept and when there is none). */
  readonly columnMeans: Float64Array;
  /** One line per prior, for the summary. */
  readonly description: readonly string[];
}

/** The intercept column: named "(Intercept)" and all ones. */
function interceptColumn(frame: ModelFrame): number {
  const k = frame.betaNames.indexOf("(Intercept)");
  if (k < 0) return -1;
  for (let i = 0; i < frame.n; i++) if (frame.X[k * frame.n + i] !== 1) return -1;
  return k;
}

export function mcmcPriors(frame: ModelFrame, options: McmcPriorOptions = {}): McmcPriors {
  const { n, p, X } = frame;
  const scale = options.priorScale ?? 2.5;
  const interceptScale = options.priorInterceptScale ?? 2.5;
  const autoscale = options.autoscale ?? true;
  const intercept = interceptColumn(frame);
  const betaScale = new Float64Array(p);
  const columnMeans = new Float64Array(p);
  for (let k = 0; k < p; k++) {
    if (k === intercept) {
      betaScale[k] = interceptScale;
      continue;
    }
    let mean = 0;
    for (let i = 0; i < n; i++) mean += X[k * n + i] / n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (X[k * n + i] - mean) ** 2;
    const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
    // Centre only when an intercept absorbs the shift.
    if (intercept >= 0) columnMeans[k] = mean;
    betaScale[k] = autoscale && sd > 0 ? scale / sd : scale;
  }
  const sdDf = options.sdPriorDf ?? 3;
  const sdScale = options.sdPriorScale ?? 2.5;
  const lkjEta = options.lkjEta ?? 1;
  const description = [
    ...(intercept >= 0 ? [`(Intercept) ~ normal(0, ${interceptScale}) on centred predictors`] : []),
    `coefficients ~ normal(0, ${scale}${autoscale ? " / sd(x)" : ""})`,
    `random-effect SDs ~ half-student_t(${sdDf}, 0, ${sdScale})`,
    ...(frame.terms.some((t) => t.q > 1) ? [`correlations ~ lkj(${lkjEta})`] : []),
  ];
  return { betaScale, sdDf, sdScale, lkjEta, intercept, columnMeans, description };
}

/** log half-Student-t(ν, 0, s) density at σ > 0, up to a constant, and its derivative in σ. */
export function halfStudentTLogDensity(sigma: number, df: number, scale: number): { value: number; derivative: number } {
  const r = sigma / scale;
  const a = 1 + (r * r) / df;
  return {
    value: -0.5 * (df + 1) * Math.log(a),
    derivative: (-(df + 1) * r) / (df * scale * a),
  };
}
