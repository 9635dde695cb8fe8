/**
 * One parameter's profile-likelihood interval, as lme4's profile() + confint() define it: the signed root
 * deviance ζ(c) = sign(c − ĉ)·√(2(ℓ̂ − ℓ_p(c))), ℓ_p(c) = max of ℓ with the parameter held at c, and the
 * bounds where ζ = ∓z_{1−α/2} (for 95 %, χ²₁(0.95) = 1.96² on the deviance scale; Bates et al. 2015 §5.1).
 * Where lme4 interpolates a spline through a coarse profile, the bounds here are roots of ζ found by
 * Brent's method on the exact profile, so they agree with an exact profile to the root tolerance.
 *
 * The walk steps out from ĉ in both directions, each profile fit warm-started from the previous point,
 * with steps aimed at ζ increments of at most 0.6 (from the local slope of ζ), until ζ crosses the cut;
 * the root is then refined inside that bracket. A random-effect SD is profiled on log σ; its lower bound
 * is 0 (reported as on the boundary) when even σ = 0 stays within the cut, as lme4 reports it.
 */
import type { BoundStatus } from "@glmmkit/core";
import type { GlmmLikelihood } from "@glmmkit/laplace";
import { bracketedRoot } from "@glmmkit/math";
import { maximisePenalisedLikelihood, type GlmmFitOptions } from "../ml/glmm-fit.js";
import type { ProfileMap } from "./profile-map.js";
import { ProfiledLikelihood } from "./profiled-likelihood.js";

/** log σ standing for σ = 0 (e^{−40} ≈ 4e−18, as the zero-variance probe uses). */
export const LOG_SD_ZERO = -40;
/** A profile fit that ends more than this above ℓ̂ means the fit was not at the maximum. */
const HIGHER_LIKELIHOOD_TOLERANCE = 1e-6;
const MAX_ZETA_STEP = 0.6;
const MAX_WALK_STEPS = 60;
const MAX_FAILED_STEPS = 4;

export interface ProfileTarget {
  /** lme4's name, e.g. "period2" or "sd_(Intercept)|herd". */
  readonly parameter: string;
  readonly kind: "beta" | "sd";
  readonly map: ProfileMap;
  /** ĉ on the profiled scale: β, or log σ. */
  readonly estimate: number;
  /** Wald standard error on that scale (NaN when unavailable): sets the first step. */
  readonly standardError: number;
}

export interface ProfileBound {
  /** On the profiled scale (β, or log σ; LOG_SD_ZERO for σ = 0). */
  readonly value: number;
  readonly status: BoundStatus;
}

export interface ProfilePoint {
  readonly value: number;
  readonly zeta: number;
  readonly logLik: number;
  readonly converged: boolean;
  readonly free: Float64Array;
}

export interface ParameterProfile {
  readonly lower: ProfileBound;
  readonly upper: ProfileBound;
  /** Every profile fit, sorted by value. */
  readonly points: readonly ProfilePoint[];
  readonly notes: readonly string[];
  /** Number of profile fits made. */
  readonly fits: number;
}

export interface ProfileSettings {
  /** z_{1−α/2}: 1.959964 for 95 % intervals. */
  readonly cut: number;
  readonly fitOptions: GlmmFitOptions;
  /** Root tolerance on the profiled scale (default 1e-8). */
  readonly tolerance?: number;
}

export function profileParameter(
  likelihood: GlmmLikelihood,
  target: ProfileTarget,
  thetaHat: Float64Array,
  logLikHat: number,
  settings: ProfileSettings,
): ParameterProfile {
  const profiled = new ProfiledLikelihood(likelihood, target.map);
  const notes: string[] = [];
  const points: ProfilePoint[] = [];
  const cut = settings.cut;
  const tolerance = settings.tolerance ?? 1e-8;
  const centre: ProfilePoint = { value: target.estimate, zeta: 0, logLik: logLikHat, converged: true, free: target.map.freeOf(thetaHat) };
  let fits = 0;
  let highest = logLikHat;

  const evaluate = (value: number, start: Float64Array): ProfilePoint => {
    profiled.value = value;
    const optimum = maximisePenalisedLikelihood(profiled, null, start, settings.fitOptions);
    fits++;
    const logLik = -optimum.value;
    if (logLik > highest) highest = logLik;
    const deviance = 2 * (logLikHat - logLik);
    const zeta = Math.sign(value - target.estimate) * Math.sqrt(Math.max(0, deviance));
    const point = { value, zeta, logLik, converged: optimum.converged, free: optimum.x.slice() };
    if (!optimum.converged) {
      notes.push(`the profile fit at ${describe(target, value)} did not converge (${optimum.message}); bounds next to it may be off`);
    }
    points.push(point);
    return point;
  };
  /** The evaluated point nearest to c: the best warm start for a fit at c. */
  const nearest = (value: number): ProfilePoint => {
    let best = centre;
    for (const p of points) if (Math.abs(p.value - value) < Math.abs(best.value - value)) best = p;
    return best;
  };
  const refine = (inside: ProfilePoint, outside: ProfilePoint, direction: 1 | -1): ProfileBound => {
    const goal = direction * cut;
    try {
      const root = bracketedRoot((c) => evaluate(c, nearest(c).free).zeta - goal, inside.value, outside.value, {
        fa: inside.zeta - goal,
        fb: outside.zeta - goal,
        tolerance: tolerance * Math.max(1, Math.abs(inside.value)),
      });
      if (!root.converged) notes.push(`the root of ζ for ${target.parameter} did not reach its tolerance`);
      return { value: root.root, status: "found" };
    } catch (error) {
      // A profile fit that failed outright (non-finite likelihood) inside the bracket.
      notes.push(`the ${direction === 1 ? "upper" : "lower"} bound of ${target.parameter} could not be solved for: ${(error as Error).message}`);
      return { value: Number.NaN, status: "unavailable" };
    }
  };

  const walk = (direction: 1 | -1): ProfileBound => {
    let previous = centre;
    if (target.kind === "sd" && direction === -1) {
      // σ = 0 first: if it stays within the cut the lower bound is the boundary itself.
      const zero = evaluate(LOG_SD_ZERO, centre.free);
      if (zero.zeta > -cut) return { value: LOG_SD_ZERO, status: "boundary" };
      if (target.estimate <= LOG_SD_ZERO + 1) return refine(centre, zero, -1);
    }
    const se = target.standardError;
    let step = Number.isFinite(se) && se > 0 ? 0.5 * se : 0.5 * Math.max(1, Math.abs(target.estimate));
    if (target.kind === "sd") step = Math.min(step, 1);
    const limit =
      target.kind === "sd"
        ? direction === 1
          ? Math.max(target.estimate, 0) + 10
          : LOG_SD_ZERO + 1
        : target.estimate + direction * Math.max(30, 10 * cut * (Number.isFinite(se) ? se : Math.max(1, Math.abs(target.estimate))));
    let failures = 0;
    for (let k = 0; k < MAX_WALK_STEPS; k++) {
      let value = previous.value + direction * step;
      const beyond = direction === 1 ? value >= limit : value <= limit;
      if (beyond) {
        if (target.kind === "sd" && direction === -1) {
          // Between here and σ = 0 (known to lie outside the cut): refine in that bracket.
          const zero = points.find((p) => p.value === LOG_SD_ZERO)!;
          return refine(previous, zero, -1);
        }
        if (previous.value === limit) break;
        value = limit;
      }
      const point = evaluate(value, previous.free);
      if (!Number.isFinite(point.zeta)) {
        // The likelihood could not be evaluated there (overflow far out): step back in, give up after a few.
        points.pop();
        if (++failures > MAX_FAILED_STEPS) {
          notes.push(`the profile of ${target.parameter} failed beyond ${describe(target, previous.value)} (non-finite likelihood)`);
          return { value: Number.NaN, status: "unavailable" };
        }
        step /= 4;
        continue;
      }
      if (direction * point.zeta >= cut) return refine(previous, point, direction);
      const slope = (direction * (point.zeta - previous.zeta)) / Math.abs(point.value - previous.value);
      const aim = Math.min(MAX_ZETA_STEP, cut + 0.2 - direction * point.zeta);
      const next = slope > 0 ? aim / slope : 2 * step;
      step = Math.min(Math.max(next, step / 4), 4 * step);
      if (target.kind === "sd") step = Math.min(step, 1);
      previous = point;
    }
    notes.push(
      `the profile of ${target.parameter} stays within the cut up to ${describe(target, previous.value)} (ζ = ${previous.zeta.toFixed(3)}): the ${direction === 1 ? "upper" : "lower"} bound lies beyond it, possibly at infinity`,
    );
    return { value: previous.value, status: "not-reached" };
  };

  const lower = walk(-1);
  const upper = walk(1);
  if (highest > logLikHat + HIGHER_LIKELIHOOD_TOLERANCE) {
    notes.push(
      `profiling ${target.parameter} found a log-likelihood ${(highest - logLikHat).toExponential(2)} above the fit's: the fit was not at the maximum, so these intervals are not valid (refit, e.g. with --optimizer bfgs or other starting values)`,
    );
  }
  points.push(centre);
  points.sort((a, b) => a.value - b.value);
  return { lower, upper, points, notes, fits };
}

function describe(target: ProfileTarget, value: number): string {
  return target.kind === "sd" ? `σ = ${value <= LOG_SD_ZERO ? 0 : Math.exp(value).toPrecision(4)}` : `${target.parameter} = ${value.toPrecision(4)}`;
}
