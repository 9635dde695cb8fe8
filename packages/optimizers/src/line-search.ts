import type { CountedObjective } from "./counted-objective.js";
import { allFinite, dot, maxAbs } from "./small-dense.js";

/**
 * Relative size of the band |f(x + αd) − f(x)| ≤ 1e-12·|f(x)| inside which values are treated as
 * equal up to rounding (so with f(x) = 0 only exact ties count). Near a minimum the predicted decrease c1·α·∇fᵀd falls below the rounding
 * error of f (e.g. f ≈ 1e4, ∇ ≈ 1e-6), so the value alone cannot rank points; there the
 * gradient decides, as in the approximate Wolfe conditions of Hager & Zhang (2005).
 */
export const VALUE_NOISE = 1e-12;

/**
 * "wolfe": both strong Wolfe conditions hold; "armijo": only sufficient decrease holds (accepted,
 * but the curvature condition could not be met); "non-finite": every trial value was non-finite;
 * "no-decrease": no acceptable point down to a step at machine precision.
 */
export type LineSearchStatus = "wolfe" | "armijo" | "non-finite" | "no-decrease";

export interface LineSearchResult {
  status: LineSearchStatus;
  /** Accepted step length α (the last one tried on failure). */
  step: number;
  /** Value at the accepted point (the starting value on failure). */
  value: number;
}

export function lineSearchAccepted(result: LineSearchResult): boolean {
  return result.status === "wolfe" || result.status === "armijo";
}

/** Writes x + α d into `out`; returns false when it equals x, i.e. the step is below machine precision. */
function stepPoint(x: Float64Array, direction: Float64Array, alpha: number, out: Float64Array): boolean {
  let moved = false;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]! + alpha * direction[i]!;
    out[i] = xi;
    if (xi !== x[i]!) moved = true;
  }
  return moved;
}

export interface ArmijoOptions {
  /** Sufficient-decrease constant; default 1e-4. */
  c1?: number;
  initialStep?: number;
}

/**
 * Backtracking line search (Nocedal & Wright 2006, Algorithm 3.1) with halving: accept the first
 * α = 1, ½, ¼, … with a finite gradient and a finite value satisfying
 *   f(x + αd) ≤ f(x) + c1 α ∇fᵀd  and  f(x + αd) < f(x)   (sufficient, and real, decrease),
 * or, when f(x + αd) equals f(x) up to rounding (see VALUE_NOISE), a smaller max|∇|.
 * Non-finite values count as "outside the domain" and are backed off from like any rejection.
 * Stops when x + αd no longer differs from x. On success `xTrial`, `gTrial` hold the new point.
 */
export function backtrackingArmijo(
  objective: CountedObjective,
  x: Float64Array,
  value: number,
  gradient: Float64Array,
  direction: Float64Array,
  xTrial: Float64Array,
  gTrial: Float64Array,
  options: ArmijoOptions = {},
): LineSearchResult {
  const c1 = options.c1 ?? 1e-4;
  const slope = dot(gradient, direction);
  let alpha = options.initialStep ?? 1;
  if (!(slope < 0)) return { status: "no-decrease", step: 0, value };
  const noise = VALUE_NOISE * Math.abs(value);
  const gradientSize = maxAbs(gradient);
  let sawFinite = false;
  // 1100 halvings take any finite α below the smallest subnormal; the loop ends sooner, when x + αd == x.
  for (let halving = 0; halving < 1100; halving++) {
    if (!stepPoint(x, direction, alpha, xTrial)) break;
    const trialValue = objective.fused
      ? objective.valueAndGradient(xTrial, gTrial)
      : objective.value(xTrial);
    if (Number.isFinite(trialValue)) {
      sawFinite = true;
      const sufficientDecrease = trialValue <= value + c1 * alpha * slope && trialValue < value;
      const tie = Math.abs(trialValue - value) <= noise;
      if (sufficientDecrease || tie) {
        if (!objective.fused) objective.gradient(xTrial, gTrial);
        if (allFinite(gTrial) && (sufficientDecrease || maxAbs(gTrial) < gradientSize)) {
          return { status: "armijo", step: alpha, value: trialValue };
        }
      }
    }
    alpha *= 0.5;
  }
  return { status: sawFinite ? "no-decrease" : "non-finite", step: alpha, value };
}

export interface WolfeOptions {
  /** Sufficient-decrease constant; default 1e-4. */
  c1?: number;
  /** Curvature constant; default 0.9 (the usual choice for quasi-Newton methods). */
  c2?: number;
  initialStep?: number;
  /** Largest α tried while extrapolating; default 1e10 (must be ≥ initialStep). */
  maxAlpha?: number;
  /** Limit on bracketing and on zoom iterations, each; default 60. */
  maxIterations?: number;
}

/** A trial point on the line: α, φ(α) = f(x + αd), φ'(α) = ∇f(x + αd)ᵀd. */
interface LinePoint {
  alpha: number;
  value: number;
  slope: number;
}

/**
 * Line search for the strong Wolfe conditions
 *   f(x + αd) ≤ f(x) + c1 α ∇f(x)ᵀd   and   |∇f(x + αd)ᵀd| ≤ c2 |∇f(x)ᵀd|,
 * Nocedal & Wright (2006) Algorithm 3.5 (bracketing by doubling) and Algorithm 3.6 (zoom), with
 * safeguarded cubic interpolation (eq. 3.59) inside the bracket. A non-finite value or gradient
 * is treated as a failed sufficient-decrease test, so the search retreats from it. A point whose
 * value equals f(x) up to rounding (VALUE_NOISE) is also accepted when it meets the approximate
 * Wolfe conditions of Hager & Zhang (2005), c2 φ'(0) ≤ φ'(α) ≤ (2δ − 1) φ'(0) with δ = 0.1,
 * which imply sufficient decrease for a locally quadratic φ and need no reliable values.
 * When the curvature condition cannot be met (bracket at machine precision, or α reaches maxAlpha)
 * the best point with sufficient decrease is returned with status "armijo".
 * On success `xTrial`, `gTrial` hold the new point.
 */
export function strongWolfe(
  objective: CountedObjective,
  x: Float64Array,
  value: number,
  gradient: Float64Array,
  direction: Float64Array,
  xTrial: Float64Array,
  gTrial: Float64Array,
  options: WolfeOptions = {},
): LineSearchResult {
  const c1 = options.c1 ?? 1e-4;
  const c2 = options.c2 ?? 0.9;
  const maxAlpha = options.maxAlpha ?? 1e10;
  const maxIterations = options.maxIterations ?? 60;
  const slope0 = dot(gradient, direction);
  if (!(slope0 < 0)) return { status: "no-decrease", step: 0, value };

  const n = x.length;
  // The low end of the bracket (best point with sufficient decrease so far); starts at α = 0.
  const xLow = Float64Array.from(x);
  const gLow = Float64Array.from(gradient);
  let sawFinite = false;

  const evaluate = (alpha: number): LinePoint | null => {
    if (!stepPoint(x, direction, alpha, xTrial)) return null;
    const v = objective.valueAndGradient(xTrial, gTrial);
    const s = Number.isFinite(v) && allFinite(gTrial) ? dot(gTrial, direction) : Number.NaN;
    if (Number.isFinite(v)) sawFinite = true;
    return { alpha, value: Number.isFinite(s) ? v : Number.NaN, slope: s };
  };
  const sufficientDecrease = (p: LinePoint): boolean => p.value <= value + c1 * p.alpha * slope0;
  const curvature = (p: LinePoint): boolean => Math.abs(p.slope) <= -c2 * slope0;
  const noise = VALUE_NOISE * Math.abs(value);
  const approximateWolfe = (p: LinePoint): boolean =>
    Math.abs(p.value - value) <= noise && p.slope >= c2 * slope0 && p.slope <= -0.8 * slope0;
  const keepAsLow = (): void => {
    xLow.set(xTrial);
    gLow.set(gTrial);
  };
  const returnLow = (low: LinePoint): LineSearchResult => {
    if (low.alpha === 0) {
      return { status: sawFinite ? "no-decrease" : "non-finite", step: 0, value };
    }
    xTrial.set(xLow);
    gTrial.set(gLow);
    return { status: "armijo", step: low.alpha, value: low.value };
  };

  // Algorithm 3.6: the bracket [low, high] contains strong-Wolfe points; low has the lowest
  // value with sufficient decrease and φ'(low)(high − low) < 0.
  const zoom = (lowIn: LinePoint, highIn: LinePoint): LineSearchResult => {
    let low = lowIn;
    let high = highIn;
    for (let iteration = 0; iteration < maxIterations; iteration++) {
      // Stop once the bracket has collapsed to machine precision.
      if (samePointAtPrecision(x, direction, low.alpha, high.alpha, n)) break;
      const trial = evaluate(interpolate(low, high));
      if (trial === null) break;
      if (approximateWolfe(trial)) return { status: "wolfe", step: trial.alpha, value: trial.value };
      if (!Number.isFinite(trial.value) || !sufficientDecrease(trial) || trial.value >= low.value) {
        high = trial;
      } else {
        if (curvature(trial)) return { status: "wolfe", step: trial.alpha, value: trial.value };
        if (trial.slope * (high.alpha - low.alpha) >= 0) high = low;
        low = trial;
        keepAsLow();
      }
    }
    return returnLow(low);
  };

  // Algorithm 3.5: expand α until the bracket is found.
  let previous: LinePoint = { alpha: 0, value, slope: slope0 };
  let alpha = Math.min(options.initialStep ?? 1, maxAlpha);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const trial = evaluate(alpha);
    if (trial === null) return returnLow(previous);
    if (approximateWolfe(trial)) return { status: "wolfe", step: trial.alpha, value: trial.value };
    if (
      !Number.isFinite(trial.value) ||
      !sufficientDecrease(trial) ||
      (iteration > 0 && trial.value >= previous.value)
    ) {
      return zoom(previous, trial);
    }
    if (curvature(trial)) return { status: "wolfe", step: trial.alpha, value: trial.value };
    if (trial.slope >= 0) {
      keepAsLow();
      return zoom(trial, previous);
    }
    keepAsLow();
    previous = trial;
    if (alpha >= maxAlpha) return returnLow(previous);
    alpha = Math.min(2 * alpha, maxAlpha);
  }
  return returnLow(previous);
}

/** True when x + a·d and x + b·d are the same floating-point vector. */
function samePointAtPrecision(
  x: Float64Array,
  direction: Float64Array,
  a: number,
  b: number,
  n: number,
): boolean {
  for (let i = 0; i < n; i++) {
    if (x[i]! + a * direction[i]! !== x[i]! + b * direction[i]!) return false;
  }
  return true;
}

/**
 * Minimiser of the cubic matching φ and φ' at both ends (Nocedal & Wright 2006, eq. 3.59),
 * safeguarded to lie in the middle 80% of the bracket; bisection when the cubic has no real
 * minimiser or an end is non-finite.
 */
function interpolate(low: LinePoint, high: LinePoint): number {
  const a = low.alpha;
  const b = high.alpha;
  const lower = Math.min(a, b);
  const width = Math.abs(b - a);
  const midpoint = 0.5 * (a + b);
  if (!Number.isFinite(high.value) || !Number.isFinite(high.slope)) return midpoint;
  const d1 = low.slope + high.slope - (3 * (low.value - high.value)) / (a - b);
  const discriminant = d1 * d1 - low.slope * high.slope;
  if (!(discriminant >= 0)) return midpoint;
  const d2 = Math.sign(b - a) * Math.sqrt(discriminant);
  const alpha = b - (b - a) * ((high.slope + d2 - d1) / (high.slope - low.slope + 2 * d2));
  if (!Number.isFinite(alpha) || alpha < lower + 0.1 * width || alpha > lower + 0.9 * width) {
    return midpoint;
  }
  return alpha;
}
