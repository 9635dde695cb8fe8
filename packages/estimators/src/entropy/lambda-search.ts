/**
 * Empirical-Bayes choice of λ: the evidence over a coarse log10 grid, then a finer grid around the best
 * coarse point (the paper's multi-resolution search), each MAP fit warm-started from its neighbour.
 */
import type { ModelFrame, ParameterLayout } from "@glmmkit/core";
import { GlmmLikelihood } from "@glmmkit/laplace";
import { entropyPenalty, type EntropyPenalty } from "@glmmkit/penalties";
import { maximisePenalisedLikelihood, type GlmmFitOptions } from "../ml/glmm-fit.js";
import { startingValues } from "../ml/starting-values.js";
import { logEvidence } from "./evidence.js";

/** One λ of the search with its Laplace evidence. */
export interface LambdaPoint {
  readonly lambda: number;
  readonly log10Lambda: number;
  readonly logEvidence: number;
  readonly logLik: number;
  readonly converged: boolean;
  readonly theta: Float64Array;
}

/** The λ grid of the empirical-Bayes search. */
export interface LambdaSearchOptions {
  /** Coarse grid: log10 λ from `from` to `to` in steps of `step` (default −3 … 3 by 0.5). */
  readonly coarse?: { readonly from: number; readonly to: number; readonly step: number };
  /** Fine grid half-width and step around the best coarse point, in log10 units (default ±0.5 by 0.1). */
  readonly fine?: { readonly halfWidth: number; readonly step: number };
}

/** The chosen λ and the path of the coarse-then-fine search. */
export interface LambdaSearchResult {
  readonly best: LambdaPoint;
  /** Every evaluated point, sorted by λ. */
  readonly path: readonly LambdaPoint[];
  /** True when the best λ is at either end of the searched range. */
  readonly atGridEnd: boolean;
}

export function entropyPenaltyFor(layout: ParameterLayout, lambda: number): EntropyPenalty {
  return entropyPenalty({ dim: layout.dim, lambda });
}

function grid(from: number, to: number, step: number): number[] {
  const count = Math.round((to - from) / step);
  return Array.from({ length: count + 1 }, (_, k) => Number((from + k * step).toFixed(10)));
}

/** Empirical-Bayes λ: maximise the Laplace evidence over a coarse-then-fine log grid (eq. 11–12 of paper 000). */
export function searchLambda(
  frame: ModelFrame,
  layout: ParameterLayout,
  likelihood: GlmmLikelihood,
  fitOptions: GlmmFitOptions,
  options: LambdaSearchOptions = {},
): LambdaSearchResult {
  const coarse = options.coarse ?? { from: -3, to: 3, step: 0.5 };
  const fine = options.fine ?? { halfWidth: 0.5, step: 0.1 };
  const evaluated = new Map<number, LambdaPoint>();
  const evaluate = (log10Lambda: number, start: Float64Array): LambdaPoint => {
    const lambda = 10 ** log10Lambda;
    const penalty = entropyPenaltyFor(layout, lambda);
    const optimum = maximisePenalisedLikelihood(likelihood, penalty, start, fitOptions);
    const logLik = likelihood.logLik(optimum.x);
    const point: LambdaPoint = {
      lambda,
      log10Lambda,
      logEvidence: optimum.converged
        ? logEvidence(logLik, optimum.x, penalty, optimum.hessian!, layout.dim)
        : Number.NEGATIVE_INFINITY,
      logLik,
      converged: optimum.converged,
      theta: optimum.x,
    };
    evaluated.set(log10Lambda, point);
    return point;
  };
  // Coarse pass from strong to weak shrinkage: each fit starts at the previous, better-conditioned one.
  let start = startingValues(frame, layout, likelihood.link);
  const coarseGrid = grid(coarse.from, coarse.to, coarse.step).reverse();
  // A stopped fit (time or iteration limit) keeps the points evaluated so far.
  const stopped = () => fitOptions.context?.signal?.aborted === true;
  for (const g of coarseGrid) {
    start = evaluate(g, start).theta;
    if (stopped()) break;
  }
  const bestCoarse = argmaxEvidence([...evaluated.values()]);
  // Fine pass around it, outwards from the best coarse point on each side.
  const centre = bestCoarse.log10Lambda;
  const fineGrid = grid(centre - fine.halfWidth, centre + fine.halfWidth, fine.step).filter(
    (g) => g >= coarse.from - 1e-9 && g <= coarse.to + 1e-9 && !evaluated.has(g),
  );
  for (const side of [fineGrid.filter((g) => g > centre), fineGrid.filter((g) => g < centre).reverse()]) {
    let warm = bestCoarse.theta;
    for (const g of side) {
      if (stopped()) break;
      warm = evaluate(g, warm).theta;
    }
  }
  const path = [...evaluated.values()].sort((a, b) => a.lambda - b.lambda);
  const best = argmaxEvidence(path);
  const atGridEnd = best === path[0] || best === path[path.length - 1];
  return { best, path, atGridEnd };
}

function argmaxEvidence(points: readonly LambdaPoint[]): LambdaPoint {
  let best = points[0]!;
  for (const p of points) if (p.logEvidence > best.logEvidence) best = p;
  return best;
}
