import { solveWithCholesky } from "@glmmkit/linalg";
import { CountedObjective, stopMessageFor } from "./counted-objective.js";
import { backtrackingArmijo, lineSearchAccepted } from "./line-search.js";
import type { LineSearchResult } from "./line-search.js";
import {
  DEFAULT_GRADIENT_TOLERANCE,
  DEFAULT_MAX_STEP,
  stopMessages,
} from "./objective.js";
import type { MinimizeOptions, MinimizeResult, Objective } from "./objective.js";
import { allFinite, capInfinityNorm, choleskyWithAddedIdentity, dot, maxAbs } from "./small-dense.js";

/**
 * Newton's method with a ridge-adjusted Hessian and a backtracking line search
 * (Nocedal & Wright 2006, Algorithm 3.2 with the modification of Algorithm 3.3):
 * d = −(H + τI)⁻¹∇f with the smallest τ ≥ 0 of the ridge sequence that makes H + τI positive
 * definite, ‖d‖∞ capped at `maxStep`, Armijo backtracking by halving; steepest descent when the
 * Newton direction fails. The Hessian is evaluated at every accepted iterate, including the
 * returned one, so `result.hessian` is the Hessian at `result.x`.
 */
export function minimizeNewton(
  objective: Objective,
  x0: Float64Array,
  options: MinimizeOptions = {},
): MinimizeResult {
  const n = objective.dim;
  if (x0.length !== n) {
    throw new RangeError(`minimizeNewton: x0 has length ${x0.length}, objective.dim is ${n}`);
  }
  const tolerance = options.gradientTolerance ?? DEFAULT_GRADIENT_TOLERANCE;
  const maxIterations = options.maxIterations ?? 200;
  const maxStep = options.maxStep ?? DEFAULT_MAX_STEP;
  const counted = new CountedObjective(objective, options.signal);

  let x = Float64Array.from(x0);
  let gradient = new Float64Array(n);
  let xTrial = new Float64Array(n);
  let gTrial = new Float64Array(n);
  const hessian = new Float64Array(n * n);
  const factor = new Float64Array(n * n);
  const direction = new Float64Array(n);

  let iterations = 0;
  let maxRidge = 0;
  /** True while `hessian` holds the Hessian at the current x. */
  let hessianEvaluated = false;
  let value = Number.NaN;

  const finish = (converged: boolean, message: string): MinimizeResult => {
    const result: MinimizeResult = {
      x,
      value,
      gradient,
      maxAbsGradient: maxAbs(gradient),
      converged,
      iterations,
      functionEvaluations: counted.functionEvaluations,
      gradientEvaluations: counted.gradientEvaluations,
      hessianEvaluations: counted.hessianEvaluations,
      maxRidge,
      message,
    };
    if (hessianEvaluated) result.hessian = Float64Array.from(hessian);
    return result;
  };

  try {
    value = counted.valueAndGradient(x, gradient);
  } catch (error) {
    const message = stopMessageFor(error);
    // Stopped before the first evaluation: nothing is known at the start.
    gradient.fill(Number.NaN);
    return finish(false, message);
  }
  if (!Number.isFinite(value)) return finish(false, stopMessages.nonFiniteStart);
  if (!allFinite(gradient)) return finish(false, stopMessages.nonFiniteGradientStart);

  try {
    return iterate();
  } catch (error) {
    return finish(false, stopMessageFor(error));
  }

  function iterate(): MinimizeResult {
    for (;;) {
      counted.hessian(x, hessian);
      hessianEvaluated = true;
      if (maxAbs(gradient) < tolerance) return finish(true, stopMessages.converged);
      if (iterations >= maxIterations) return finish(false, stopMessages.maxIterations);
      counted.checkSignal();

      let search: LineSearchResult | null = null;
      const ridge = choleskyWithAddedIdentity(hessian, n, factor);
      if (Number.isFinite(ridge)) {
        maxRidge = Math.max(maxRidge, ridge);
        for (let i = 0; i < n; i++) direction[i] = -gradient[i]!;
        solveWithCholesky(factor, n, direction);
        capInfinityNorm(direction, maxStep);
        // (H + τI) is positive definite, so d is a descent direction unless rounding broke it.
        if (allFinite(direction) && dot(direction, gradient) < 0) {
          search = backtrackingArmijo(counted, x, value, gradient, direction, xTrial, gTrial);
        }
      }
      if (search === null || !lineSearchAccepted(search)) {
        // Steepest-descent fallback: d = −∇f is a descent direction whenever ∇f ≠ 0.
        for (let i = 0; i < n; i++) direction[i] = -gradient[i]!;
        capInfinityNorm(direction, maxStep);
        const fallback = backtrackingArmijo(counted, x, value, gradient, direction, xTrial, gTrial);
        if (!lineSearchAccepted(fallback)) {
          // Only "non-finite" if nothing finite was seen along either direction.
          const sawFinite =
            fallback.status !== "non-finite" || (search !== null && search.status !== "non-finite");
          return finish(false, sawFinite ? stopMessages.noProgress : stopMessages.nonFiniteLineSearch);
        }
        search = fallback;
      }

      // Accept the trial point by swapping buffers.
      [x, xTrial] = [xTrial, x];
      [gradient, gTrial] = [gTrial, gradient];
      value = search.value;
      hessianEvaluated = false;
      iterations++;
      options.onIteration?.({
        iteration: iterations,
        value,
        maxAbsGradient: maxAbs(gradient),
        step: search.step,
      });
    }
  }
}
