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
  return new NewtonRun(objective, x0, options).run();
}

/**
 * One run of minimizeNewton: its state in fields and its steps in methods. (Closures made per run would
 * do the same, but V8 keeps their optimised code only while an instance lives: a study's thousands of
 * short fits recompiled the iteration after every full collection.)
 */
class NewtonRun {
  private readonly n: number;
  private readonly tolerance: number;
  private readonly maxIterations: number;
  private readonly maxStep: number;
  private readonly counted: CountedObjective;
  private readonly updates: MinimizeOptions["hessianUpdates"];
  private x: Float64Array;
  private gradient: Float64Array;
  private xTrial: Float64Array;
  private gTrial: Float64Array;
  private readonly hessian: Float64Array;
  private readonly factor: Float64Array;
  private readonly direction: Float64Array;
  private readonly step: Float64Array;
  private readonly change: Float64Array;
  private iterations = 0;
  private maxRidge = 0;
  /** True while `hessian` holds a (possibly carried) Hessian at the current x. */
  private hessianEvaluated = false;
  private value = Number.NaN;
  /** Set when a stop signal ended the run: no further evaluation may be made. */
  private stopped = false;
  /** True when `hessian` was evaluated at the current x (not carried there by updates). */
  private hessianExact = false;
  /** True when that evaluation was the objective's full `hessian` (what a returned point needs). */
  private hessianFull = false;
  private stepsSinceRefresh = 0;

  constructor(
    objective: Objective,
    x0: Float64Array,
    private readonly options: MinimizeOptions,
  ) {
    const n = objective.dim;
    this.n = n;
    this.tolerance = options.gradientTolerance ?? DEFAULT_GRADIENT_TOLERANCE;
    this.maxIterations = options.maxIterations ?? 200;
    this.maxStep = options.maxStep ?? DEFAULT_MAX_STEP;
    this.counted = new CountedObjective(objective, options.signal);
    this.updates = options.hessianUpdates;
    this.x = Float64Array.from(x0);
    this.gradient = new Float64Array(n);
    this.xTrial = new Float64Array(n);
    this.gTrial = new Float64Array(n);
    this.hessian = new Float64Array(n * n);
    this.factor = new Float64Array(n * n);
    this.direction = new Float64Array(n);
    this.step = new Float64Array(n);
    this.change = new Float64Array(n);
  }

  run(): MinimizeResult {
    try {
      this.value = this.counted.valueAndGradient(this.x, this.gradient);
    } catch (error) {
      this.stopped = true;
      // Stopped before the first evaluation: nothing is known at the start.
      this.gradient.fill(Number.NaN);
      return this.finish(false, stopMessageFor(error));
    }
    if (!Number.isFinite(this.value)) return this.finish(false, stopMessages.nonFiniteStart);
    if (!allFinite(this.gradient)) return this.finish(false, stopMessages.nonFiniteGradientStart);

    try {
      return this.iterate();
    } catch (error) {
      this.stopped = true;
      return this.finish(false, stopMessageFor(error));
    }
  }

  private evaluateHessian(full: boolean): void {
    this.hessianEvaluated = false;
    if (full || this.updates === undefined) this.counted.hessian(this.x, this.hessian);
    else this.counted.stepHessian(this.x, this.hessian);
    this.hessianEvaluated = true;
    this.hessianExact = true;
    this.hessianFull = full || this.updates === undefined;
    this.stepsSinceRefresh = 0;
  }

  private finish(converged: boolean, message: string): MinimizeResult {
    // The returned Hessian is always the full one at the returned point (unless a stop signal forbids it).
    if (this.hessianEvaluated && !this.hessianFull) {
      if (this.stopped) this.hessianEvaluated = false;
      else {
        try {
          this.evaluateHessian(true);
        } catch {
          this.hessianEvaluated = false;
        }
      }
    }
    const counted = this.counted;
    const result: MinimizeResult = {
      x: this.x,
      value: this.value,
      gradient: this.gradient,
      maxAbsGradient: maxAbs(this.gradient),
      converged,
      iterations: this.iterations,
      functionEvaluations: counted.functionEvaluations,
      gradientEvaluations: counted.gradientEvaluations,
      hessianEvaluations: counted.hessianEvaluations,
      maxRidge: this.maxRidge,
      message,
    };
    if (this.hessianEvaluated) result.hessian = Float64Array.from(this.hessian);
    return result;
  }

  private iterate(): MinimizeResult {
    const { n, counted, hessian, factor, direction, step, change, updates, options } = this;
    this.evaluateHessian(false);
    for (;;) {
      if (maxAbs(this.gradient) < this.tolerance) return this.finish(true, stopMessages.converged);
      if (this.iterations >= this.maxIterations) return this.finish(false, stopMessages.maxIterations);
      counted.checkSignal();

      let search: LineSearchResult | null = null;
      const shift = newtonDirection(hessian, this.gradient, n, factor, direction);
      if (Number.isFinite(shift)) {
        this.maxRidge = Math.max(this.maxRidge, shift);
        capInfinityNorm(direction, this.maxStep);
        // B is positive definite, so d is a descent direction unless rounding broke it.
        if (allFinite(direction) && dot(direction, this.gradient) < 0) {
          search = backtrackingArmijo(counted, this.x, this.value, this.gradient, direction, this.xTrial, this.gTrial);
        }
      }
      if (!this.hessianExact && (search === null || !lineSearchAccepted(search) || search.step < 1)) {
        // A carried Hessian whose step fails or must be shortened: evaluate it here and step again.
        this.evaluateHessian(false);
        continue;
      }
      if (search === null || !lineSearchAccepted(search)) {
        // Steepest-descent fallback: d = −∇f is a descent direction whenever ∇f ≠ 0.
        for (let i = 0; i < n; i++) direction[i] = -this.gradient[i]!;
        capInfinityNorm(direction, this.maxStep);
        const fallback = backtrackingArmijo(counted, this.x, this.value, this.gradient, direction, this.xTrial, this.gTrial);
        if (!lineSearchAccepted(fallback)) {
          // Only "non-finite" if nothing finite was seen along either direction.
          const sawFinite =
            fallback.status !== "non-finite" || (search !== null && search.status !== "non-finite");
          return this.finish(false, sawFinite ? stopMessages.noProgress : stopMessages.nonFiniteLineSearch);
        }
        search = fallback;
      }

      if (updates !== undefined) {
        for (let i = 0; i < n; i++) {
          step[i] = this.xTrial[i]! - this.x[i]!;
          change[i] = this.gTrial[i]! - this.gradient[i]!;
        }
      }
      const shortened = search.step < 1;
      // Accept the trial point by swapping buffers.
      [this.x, this.xTrial] = [this.xTrial, this.x];
      [this.gradient, this.gTrial] = [this.gTrial, this.gradient];
      this.value = search.value;
      this.iterations++;
      this.stepsSinceRefresh++;
      // Report the step before the next Hessian: a stop requested here ends the run without paying for it.
      options.onIteration?.({
        iteration: this.iterations,
        value: this.value,
        maxAbsGradient: maxAbs(this.gradient),
        step: search.step,
      });
      if (updates === undefined || shortened || this.stepsSinceRefresh >= (updates.refreshEvery ?? 4)) {
        this.evaluateHessian(false);
      } else {
        bfgsHessianUpdate(hessian, n, step, change, direction);
        this.hessianExact = false;
        this.hessianFull = false;
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
