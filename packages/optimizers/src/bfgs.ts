import { matVec } from "@glmmkit/linalg";
import { CountedObjective, stopMessageFor } from "./counted-objective.js";
import { lineSearchAccepted, strongWolfe } from "./line-search.js";
import type { LineSearchResult } from "./line-search.js";
import {
  DEFAULT_GRADIENT_TOLERANCE,
  DEFAULT_MAX_STEP,
  stopMessages,
} from "./objective.js";
import type { MinimizeOptions, MinimizeResult, Objective } from "./objective.js";
import { allFinite, capInfinityNorm, dot, maxAbs } from "./small-dense.js";

function setIdentity(matrix: Float64Array, n: number, scale: number): void {
  matrix.fill(0);
  for (let i = 0; i < n; i++) matrix[i * n + i] = scale;
}

/** p = −H g for the symmetric column-major n×n matrix H. */
function negativeProduct(h: Float64Array, g: Float64Array, n: number, out: Float64Array): void {
  matVec(h, n, n, g, out);
  for (let i = 0; i < n; i++) out[i] = -out[i]!;
}

/**
 * Quasi-Newton BFGS on the inverse Hessian (Nocedal & Wright 2006, Algorithm 6.1) with a
 * strong-Wolfe line search (Algorithms 3.5/3.6, c1 = 1e-4, c2 = 0.9). Unless
 * `initialInverseHessian` is given, H₀ = I for the first step and is rescaled to
 * (sᵀy / yᵀy) I before the first update (eq. 6.20). The update
 *   H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ,  ρ = 1 / yᵀs   (eq. 6.17)
 * is skipped when sᵀy ≤ 0, which keeps H positive definite. If the line search fails along the
 * quasi-Newton direction, H is reset to the identity scaling and steepest descent is tried.
 */
export function minimizeBfgs(
  objective: Objective,
  x0: Float64Array,
  options: MinimizeOptions = {},
): MinimizeResult {
  const n = objective.dim;
  if (x0.length !== n) {
    throw new RangeError(`minimizeBfgs: x0 has length ${x0.length}, objective.dim is ${n}`);
  }
  const tolerance = options.gradientTolerance ?? DEFAULT_GRADIENT_TOLERANCE;
  const maxIterations = options.maxIterations ?? 1000;
  const maxStep = options.maxStep ?? DEFAULT_MAX_STEP;
  const counted = new CountedObjective(objective, options.signal);

  const inverseHessian = new Float64Array(n * n);
  const userInitial = options.initialInverseHessian;
  if (userInitial !== undefined) {
    if (userInitial.length !== n * n) {
      throw new RangeError(
        `minimizeBfgs: initialInverseHessian has length ${userInitial.length}, expected ${n * n}`,
      );
    }
    inverseHessian.set(userInitial);
  } else {
    setIdentity(inverseHessian, n, 1);
  }
  let scaleBeforeFirstUpdate = userInitial === undefined;
  // True while H is the identity, i.e. the quasi-Newton direction is already steepest descent.
  let steepestDescent = userInitial === undefined;

  let x = Float64Array.from(x0);
  let gradient = new Float64Array(n);
  let xTrial = new Float64Array(n);
  let gTrial = new Float64Array(n);
  const direction = new Float64Array(n);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  const hy = new Float64Array(n);

  let iterations = 0;
  let value = Number.NaN;

  const finish = (converged: boolean, message: string): MinimizeResult => ({
    x,
    value,
    gradient,
    maxAbsGradient: maxAbs(gradient),
    converged,
    iterations,
    functionEvaluations: counted.functionEvaluations,
    gradientEvaluations: counted.gradientEvaluations,
    hessianEvaluations: counted.hessianEvaluations,
    maxRidge: 0,
    message,
  });

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

  // Search with the direction already in `direction`; extrapolation may not go past ‖αd‖∞ = maxStep.
  const search = (): LineSearchResult => {
    capInfinityNorm(direction, maxStep);
    const length = maxAbs(direction);
    const maxAlpha = length > 0 ? Math.max(1, maxStep / length) : 1;
    return strongWolfe(counted, x, value, gradient, direction, xTrial, gTrial, { maxAlpha });
  };

  try {
    return iterate();
  } catch (error) {
    return finish(false, stopMessageFor(error));
  }

  function iterate(): MinimizeResult {
    for (;;) {
      if (maxAbs(gradient) < tolerance) return finish(true, stopMessages.converged);
      if (iterations >= maxIterations) return finish(false, stopMessages.maxIterations);
      counted.checkSignal();

      negativeProduct(inverseHessian, gradient, n, direction);
      let result: LineSearchResult | null = null;
      if (allFinite(direction) && dot(direction, gradient) < 0) result = search();
      if (result !== null && !lineSearchAccepted(result) && steepestDescent) {
        return finish(false, failureMessage(result));
      }
      if (result === null || !lineSearchAccepted(result)) {
        // Restart from steepest descent; the curvature pairs gathered so far are discarded.
        for (let i = 0; i < n; i++) direction[i] = -gradient[i]!;
        setIdentity(inverseHessian, n, 1);
        scaleBeforeFirstUpdate = true;
        steepestDescent = true;
        const fallback = search();
        if (!lineSearchAccepted(fallback)) {
          // Only "non-finite" if nothing finite was seen along either direction.
          const sawFinite = result !== null && result.status !== "non-finite";
          return finish(false, sawFinite ? stopMessages.noProgress : failureMessage(fallback));
        }
        result = fallback;
      }

      for (let i = 0; i < n; i++) {
        s[i] = xTrial[i]! - x[i]!;
        y[i] = gTrial[i]! - gradient[i]!;
      }
      [x, xTrial] = [xTrial, x];
      [gradient, gTrial] = [gTrial, gradient];
      value = result.value;
      iterations++;

      const sy = dot(s, y);
      // sᵀy ≤ 0 (possible when only sufficient decrease held) would break positive definiteness;
      // a positive sᵀy at rounding level would blow H up, so it is skipped too.
      if (sy > Number.EPSILON * Math.sqrt(dot(s, s) * dot(y, y))) {
        steepestDescent = false;
        if (scaleBeforeFirstUpdate) {
          setIdentity(inverseHessian, n, sy / dot(y, y));
          scaleBeforeFirstUpdate = false;
        }
        updateInverseHessian(inverseHessian, s, y, sy, hy, n);
      }

      options.onIteration?.({
        iteration: iterations,
        value,
        maxAbsGradient: maxAbs(gradient),
        step: result.step,
      });
    }
  }
}

function failureMessage(result: LineSearchResult): string {
  return result.status === "non-finite" ? stopMessages.nonFiniteLineSearch : stopMessages.noProgress;
}

/**
 * H ← H − ρ (H y sᵀ + s yᵀH) + (ρ² yᵀHy + ρ) s sᵀ, the expanded form of eq. 6.17 (H symmetric),
 * in O(n²).
 */
function updateInverseHessian(
  h: Float64Array,
  s: Float64Array,
  y: Float64Array,
  sy: number,
  hy: Float64Array,
  n: number,
): void {
  const rho = 1 / sy;
  matVec(h, n, n, y, hy);
  const yhy = dot(y, hy);
  const ssCoefficient = rho * rho * yhy + rho;
  for (let j = 0; j < n; j++) {
    const col = j * n;
    const sj = s[j]!;
    const hyj = hy[j]!;
    for (let i = 0; i < n; i++) {
      h[col + i] = h[col + i]! - rho * (hy[i]! * sj + s[i]! * hyj) + ssCoefficient * s[i]! * sj;
    }
  }
}
