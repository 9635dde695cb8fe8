/**
 * λ for the ridge GLMM by BIC over a log grid: BIC(λ) = −2 ℓ(θ̂_λ) + df(λ) log n with the effective
 * number of parameters df(λ) = tr[(−∇²(ℓ + P))⁻¹ (−∇²ℓ)] = dim − tr[(−∇²(ℓ + P))⁻¹ Λ], Λ the diagonal of
 * per-coordinate penalty strengths (λ on β, λ_ψ on ψ; Hastie & Tibshirani's effective degrees of freedom).
 */
import type { ModelFrame, ParameterLayout } from "@glmmkit/core";
import type { GlmmLikelihood } from "@glmmkit/laplace";
import { choleskyInPlace, diagonalOfInverseFromCholesky } from "@glmmkit/linalg";
import type { Penalty } from "@glmmkit/penalties";
import { maximisePenalisedLikelihood, type GlmmFitOptions } from "../ml/glmm-fit.js";
import { startingValues } from "../ml/starting-values.js";

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
  const d = layout.dim;
  let start = startingValues(frame, layout);
  const points: RidgePathPoint[] = [];
  for (const g of [...log10Grid].sort((a, b) => b - a)) {
    const lambda = 10 ** g;
    const { penalty, strengths } = penaltyFor(lambda);
    const optimum = maximisePenalisedLikelihood(likelihood, penalty, start, fitOptions);
    start = optimum.x;
    const logLik = likelihood.logLik(optimum.x);
    const factor = optimum.hessian!.slice();
    let effectiveDf = Number.NaN;
    if (optimum.converged && choleskyInPlace(factor, d)) {
      const inverseDiagonal = diagonalOfInverseFromCholesky(factor, d);
      let shrinkage = 0;
      for (let k = 0; k < d; k++) shrinkage += strengths[k]! * inverseDiagonal[k]!;
      effectiveDf = d - shrinkage;
    }
    const bic = Number.isFinite(effectiveDf) ? -2 * logLik + effectiveDf * Math.log(frame.n) : Number.POSITIVE_INFINITY;
    points.push({ lambda, bic, effectiveDf, logLik, theta: optimum.x });
    // A stopped fit (time or iteration limit) keeps the points evaluated so far.
    if (fitOptions.context?.signal?.aborted === true) break;
  }
  return points.sort((a, b) => a.lambda - b.lambda);
}
