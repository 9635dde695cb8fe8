import { CountedObjective, stopMessageFor } from "./counted-objective.js";
import { backtrackingArmijo, lineSearchAccepted } from "./line-search.js";
import type { LineSearchResult } from "./line-search.js";
import {
  DEFAULT_GRADIENT_TOLERANCE,
  DEFAULT_MAX_STEP,
  stopMessages,
} from "./objective.js";
import type { MinimizeOptions, MinimizeResult, Objective } from "./objective.js";
import { allFinite, capInfinityNorm, dot, maxAbs, newtonDirection } from "./small-dense.js";

/**
 * Newton's method with a modified Hessian and a backtracking line search (Nocedal & Wright 2006,
 * Algorithm 3.2): d = −B⁻¹∇f with B = H where H is positive definite and otherwise H with its
 * eigenvalues made positive in the Jacobi-scaled metric (`newtonDirection`, § 3.4), ‖d‖∞ capped at
 * `maxStep`, Armijo backtracking by halving; steepest descent when the Newton direction fails. The Hessian
 * is evaluated at every accepted iterate, including the returned one, so `result.hessian` is the Hessian
 * at `result.x`.
 *
 * With `hessianUpdates` (for objectives whose Hessian costs many gradients, e.g. by differences), the
 * Hessian is evaluated at the start and then carried by BFGS updates of the Hessian itself
 * (Nocedal & Wright, eq. 6.19: B ← B − B s sᵀB / sᵀBs + y yᵀ / yᵀs, skipped unless yᵀs > 0), and evaluated
 * afresh when a step had to be shortened, every `refreshEvery` steps, and at the returned point — so
 * `result.hessian` is still the evaluated Hessian at `result.x`, and the steps are Newton steps with a
 * Hessian that is exact at refreshes and superlinearly accurate in between.
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
  /** True while `hessian` holds a (possibly carried) Hessian at the current x. */
  let hessianEvaluated = false;
  let value = Number.NaN;
  /** Set when a stop signal ended the run: no further evaluation may be made. */
  let stopped = false;
  const updates = options.hessianUpdates;
  /** True when `hessian` was evaluated at the current x (not carried there by updates). */
  let hessianExact = false;
  /** True when that evaluation was the objective's full `hessian` (what a returned point needs). */
  let hessianFull = false;
  let stepsSinceRefresh = 0;
  const step = new Float64Array(n);
  const change = new Float64Array(n);
  const evaluateHessian = (full: boolean) => {
    hessianEvaluated = false;
    if (full || updates === undefined) counted.hessian(x, hessian);
    else counted.stepHessian(x, hessian);
    hessianEvaluated = true;
    hessianExact = true;
    hessianFull = full || updates === undefined;
    stepsSinceRefresh = 0;
  };

  const finish = (converged: boolean, message: string): MinimizeResult => {
    // The returned Hessian is always the full one at the returned point (unless a stop signal forbids it).
    if (hessianEvaluated && !hessianFull) {
      if (stopped) hessianEvaluated = false;
      else {
        try {
          evaluateHessian(true);
        } catch {
          hessianEvaluated = false;
        }
      }
    }
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
    stopped = true;
    // Stopped before the first evaluation: nothing is known at the start.
    gradient.fill(Number.NaN);
    return finish(false, stopMessageFor(error));
  }
  if (!Number.isFinite(value)) return finish(false, stopMessages.nonFiniteStart);
  if (!allFinite(gradient)) return finish(false, stopMessages.nonFiniteGradientStart);

  try {
    return iterate();
  } catch (error) {
    stopped = true;
    return finish(false, stopMessageFor(error));
  }

  function iterate(): MinimizeResult {
    evaluateHessian(false);
    for (;;) {
      if (maxAbs(gradient) < tolerance) return finish(true, stopMessages.converged);
      if (iterations >= maxIterations) return finish(false, stopMessages.maxIterations);
      counted.checkSignal();

      let search: LineSearchResult | null = null;
      const shift = newtonDirection(hessian, gradient, n, factor, direction);
      if (Number.isFinite(shift)) {
        maxRidge = Math.max(maxRidge, shift);
        capInfinityNorm(direction, maxStep);
        // B is positive definite, so d is a descent direction unless rounding broke it.
        if (allFinite(direction) && dot(direction, gradient) < 0) {
          search = backtrackingArmijo(counted, x, value, gradient, direction, xTrial, gTrial);
        }
      }
      if (!hessianExact && (search === null || !lineSearchAccepted(search) || search.step < 1)) {
        // A carried Hessian whose step fails or must be shortened: evaluate it here and step again.
        evaluateHessian(false);
        continue;
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

      if (updates !== undefined) {
        for (let i = 0; i < n; i++) {
          step[i] = xTrial[i]! - x[i]!;
          change[i] = gTrial[i]! - gradient[i]!;
        }
      }
      const shortened = search.step < 1;
      // Accept the trial point by swapping buffers.
      [x, xTrial] = [xTrial, x];
      [gradient, gTrial] = [gTrial, gradient];
      value = search.value;
      iterations++;
      stepsSinceRefresh++;
      // Report the step before the next Hessian: a stop requested here ends the run without paying for it.
      options.onIteration?.({
        iteration: iterations,
        value,
        maxAbsGradient: maxAbs(gradient),
        step: search.step,
      });
      if (updates === undefined || shortened || stepsSinceRefresh >= (updates.refreshEvery ?? 4)) {
        evaluateHessian(false);
      } else {
        bfgsHessianUpdate(hessian, n, step, change, direction);
        hessianExact = false;
        hessianFull = false;
      }
    }
  }
}

/**
 * B ← B − (Bs)(Bs)ᵀ / sᵀBs + y yᵀ / yᵀs in place (symmetric n × n, column-major), skipped when the
 * curvature condition yᵀs > 0 fails or sᵀBs is not positive; `scratch` (length n) receives Bs.
 */
function bfgsHessianUpdate(B: Float64Array, n: number, s: Float64Array, y: Float64Array, scratch: Float64Array): void {
  let ys = 0;
  for (let i = 0; i < n; i++) ys += y[i]! * s[i]!;
  for (let i = 0; i < n; i++) {
    let t = 0;
    for (let k = 0; k < n; k++) t += B[k * n + i]! * s[k]!;
    scratch[i] = t;
  }
  let sBs = 0;
  for (let i = 0; i < n; i++) sBs += s[i]! * scratch[i]!;
  if (!(ys > 0) || !(sBs > 0)) return;
  for (let c = 0; c < n; c++) {
    for (let r = 0; r < n; r++) B[c * n + r] = B[c * n + r]! - (scratch[r]! * scratch[c]!) / sBs + (y[r]! * y[c]!) / ys;
  }
}
