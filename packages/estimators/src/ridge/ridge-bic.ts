/**
 * λ for the ridge GLMM by BIC over a log grid: BIC(λ) = −2 ℓ(θ̂_λ) + df(λ) log n with the effective
 * number of parameters df(λ) = tr[(−∇²(ℓ + P))⁻¹ (−∇²ℓ)] = dim − tr[(−∇²(ℓ + P))⁻¹ Λ], Λ the diagonal of
 * per-coordinate penalty strengths (λ on β, λ_ψ on ψ; Hastie & Tibshirani's effective degrees of freedom).
 *
 * The grid is walked from the largest λ down, each fit warm-started at the previous optimum. A large λ can
 * drive a random-effect SD to zero, and a warm start there sits on the flat plateau of the log-Cholesky
 * likelihood at σ ≈ 0, where the gradient vanishes like σ²: the next fit would stop there too, its
 * information singular and its BIC infinite (issue #11: every λ below 10 lost that way, σ reported as 1e-8).
 * So whenever the warm-started fit ends with an SD below 0.05 (log-Cholesky diagonal below −3) or
 * unconverged, it is refitted from the same β with ψ = 0 (every SD 1), and the better optimum is kept.
 */
import type { ModelFrame, ParameterLayout } from "@glmmkit/core";
import type { GlmmLikelihood } from "@glmmkit/laplace";
import { choleskyInPlace, diagonalOfInverseFromCholesky } from "@glmmkit/linalg";
import type { Penalty } from "@glmmkit/penalties";
import { psiIndex } from "@glmmkit/core";
import { maximisePenalisedLikelihood, type GlmmFitOptions, type PenalisedOptimum } from "../ml/glmm-fit.js";
import { startingValues } from "../ml/starting-values.js";

/** log σ below which a warm start counts as collapsed onto the σ = 0 plateau (σ < 0.05). */
const COLLAPSED_LOG_SD = -3;
/** log σ below which an SD is at its boundary 0 (the information there is flat in that coordinate). */
const BOUNDARY_LOG_SD = -10;

/**
 * tr[(−∇²(ℓ + P))⁻¹ (−∇²ℓ)] = dim − Σ_k λ_k [(−∇²(ℓ + P))⁻¹]_kk. An SD on its boundary 0 has a flat row
 * that makes the information singular: it is left out of the inverse and counted as one whole parameter
 * when unpenalised (λ_k = 0, so its term of the trace is 1 whatever the curvature) and as none when
 * penalised — so the model's dimension does not change along the path. NaN when the rest is not positive
 * definite.
 */
function effectiveDegreesOfFreedom(information: Float64Array, strengths: Float64Array, boundary: ReadonlySet<number>): number {
  const d = strengths.length;
  const kept = Array.from({ length: d }, (_, k) => k).filter((k) => !boundary.has(k));
  const m = kept.length;
  const factor = new Float64Array(m * m);
  kept.forEach((c, j) => kept.forEach((r, i) => (factor[j * m + i] = information[c * d + r]!)));
  if (!choleskyInPlace(factor, m)) return Number.NaN;
  const inverseDiagonal = diagonalOfInverseFromCholesky(factor, m);
  let shrinkage = 0;
  kept.forEach((k, i) => (shrinkage += strengths[k]! * inverseDiagonal[i]!));
  let boundaryDf = 0;
  for (const k of boundary) if (strengths[k] === 0) boundaryDf++;
  return m - shrinkage + boundaryDf;
}

export interface RidgePathPoint {
  readonly lambda: number;
  readonly bic: number;
  readonly effectiveDf: number;
  readonly logLik: number;
  readonly theta: Float64Array;
}

export function ridgeBicPath(
  frame: ModelFrame,
  layout: ParameterLayout,
  likelihood: GlmmLikelihood,
  penaltyFor: (lambda: number) => { penalty: Penalty; strengths: Float64Array },
  log10Grid: readonly number[],
  fitOptions: GlmmFitOptions,
): RidgePathPoint[] {
  let start = startingValues(frame, layout, likelihood.link);
  const points: RidgePathPoint[] = [];
  /** The log-Cholesky diagonals of θ below `limit`. */
  const smallDiagonals = (theta: Float64Array, limit: number) =>
    layout.terms.flatMap(({ q, offset }) => Array.from({ length: q }, (_, k) => offset + psiIndex(q, k, k)).filter((i) => theta[i]! < limit));
  /** True when some SD of θ is below 0.05 (a log-Cholesky diagonal below −3). */
  const collapsed = (theta: Float64Array) => smallDiagonals(theta, COLLAPSED_LOG_SD).length > 0;
  /** Coordinates on the σ = 0 boundary (SD below e⁻¹⁰): estimated as 0, they carry no degree of freedom. */
  const boundaryCoordinates = (theta: Float64Array) => new Set(smallDiagonals(theta, BOUNDARY_LOG_SD));
  for (const g of [...log10Grid].sort((a, b) => b - a)) {
    const lambda = 10 ** g;
    const { penalty, strengths } = penaltyFor(lambda);
    let optimum: PenalisedOptimum = maximisePenalisedLikelihood(likelihood, penalty, start, fitOptions);
    if (!optimum.converged || collapsed(optimum.x)) {
      const fresh = optimum.x.slice();
      fresh.fill(0, layout.p);
      likelihood.resetModes();
      const refit = maximisePenalisedLikelihood(likelihood, penalty, fresh, fitOptions);
      const better = refit.converged && (!optimum.converged || refit.value < optimum.value);
      if (better) optimum = refit;
    }
    start = optimum.x;
    const logLik = likelihood.logLik(optimum.x);
    const effectiveDf = optimum.converged ? effectiveDegreesOfFreedom(optimum.hessian, strengths, boundaryCoordinates(optimum.x)) : Number.NaN;
    const bic = Number.isFinite(effectiveDf) ? -2 * logLik + effectiveDf * Math.log(frame.n) : Number.POSITIVE_INFINITY;
    points.push({ lambda, bic, effectiveDf, logLik, theta: optimum.x });
    // A stopped fit (time or iteration limit) keeps the points evaluated so far.
    if (fitOptions.context?.signal?.aborted === true) break;
  }
  return points.sort((a, b) => a.lambda - b.lambda);
}
