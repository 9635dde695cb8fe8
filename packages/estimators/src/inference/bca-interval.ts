/**
 * The bias-corrected and accelerated (BCa) bootstrap interval (Efron 1987, "Better bootstrap confidence
 * intervals", JASA 82:171–185; Efron & Tibshirani 1993, §14.3; Davison & Hinkley 1997, §5.3.2).
 *
 * Why it can work where the percentile interval does not: suppose some monotone g makes
 * φ̂ = g(θ̂) ~ N(φ − z0·(1 + aφ), (1 + aφ)²) — a normal pivot after allowing a median bias z0 and a standard
 * error that changes linearly with the parameter (rate a, the "acceleration"). Then the exact interval for θ
 * is the pair of bootstrap quantiles at the adjusted levels
 *   α̃ = Φ(z0 + (z0 + z_α) / (1 − a(z0 + z_α))),
 * and g never has to be known: z0 is read off the bootstrap distribution (the share of refits below θ̂) and a
 * off the skewness of the jackknife influence values. The interval is transformation-respecting (the same for
 * σ, log σ or σ²) and second-order accurate, where the percentile interval is only first-order accurate.
 * A random-effect SD estimated from few clusters is the textbook case: ML's σ̂ is median-biased low (z0 > 0),
 * the percentile interval of its refits lower still, and its spread grows with σ (a ≠ 0).
 *
 * Two details matter at the boundary σ = 0. Refits there are one value (refit-values.ts), so ties with θ̂ are
 * counted half (the mid-rank), which keeps z0 finite and symmetric when θ̂ itself is 0. And the acceleration
 * is computed on the natural scale: to first order â is the same for every monotone reparameterisation (the
 * influence values of g(θ̂) are g′(θ̂) times those of θ̂, and â is scale-free), and σ's jackknife values may
 * be 0, where log σ is not defined.
 */
import type { BcaLevels, ParameterInterval } from "@glmmkit/core";
import { normalCdf, normalQuantile } from "@glmmkit/math";
import { MIN_BOOTSTRAP_REPLICATES, quantileOfSorted, type BootstrapReplicate } from "./bootstrap-intervals.js";
import type { ClusterJackknife } from "./cluster-jackknife.js";
import { unavailableInterval } from "./inference-targets.js";
import type { ProfileTarget } from "./profile-parameter.js";

/** z0 = Φ⁻¹((#{θ* < θ̂} + ½·#{θ* = θ̂}) / B): the bootstrap median bias on the normal scale (±∞ if all on one side). */
export function biasCorrection(values: Float64Array, estimate: number): number {
  let below = 0;
  let ties = 0;
  for (const v of values) {
    if (v < estimate) below++;
    else if (v === estimate) ties++;
  }
  return normalQuantile((below + 0.5 * ties) / values.length);
}

/**
 * â = Σ d_i³ / (6·(Σ d_i²)^{3/2}), d_i = θ̄₍.₎ − θ₍ᵢ₎ over the leave-one-out estimates θ₍ᵢ₎ (Efron & Tibshirani
 * 1993, eq. 14.15): one sixth of the skewness of the empirical influence values. 0 when they are all equal.
 */
export function jackknifeAcceleration(leaveOneOut: Float64Array): number {
  let mean = 0;
  for (const v of leaveOneOut) mean += v;
  mean /= leaveOneOut.length;
  let squares = 0;
  let cubes = 0;
  for (const v of leaveOneOut) {
    const d = mean - v;
    squares += d * d;
    cubes += d * d * d;
  }
  return squares > 0 ? cubes / (6 * squares ** 1.5) : 0;
}

/**
 * The adjusted level α̃ = Φ(z0 + (z0 + z_α)/(1 − a(z0 + z_α))) at which the bootstrap quantile is the BCa bound
 * for nominal level α (Efron & Tibshirani 1993, eq. 14.10). Where 1 − a(z0 + z_α) ≤ 0 the transformation model
 * has no bound on that side; α̃ is then its limit as the denominator falls to 0, i.e. 0 or 1.
 */
export function bcaLevel(z0: number, acceleration: number, alpha: number): number {
  const z = z0 + normalQuantile(alpha);
  const denominator = 1 - acceleration * z;
  if (!(denominator > 0)) return z > 0 ? 1 : 0;
  return normalCdf(z0 + z / denominator);
}

export interface BcaIntervals {
  readonly intervals: ParameterInterval[];
  /** The adjusted levels, for the targets that got an interval. */
  readonly adjustments: BcaLevels[];
}

/** The fewest converged leave-one-out refits whose skewness is worth computing; with fewer, a = 0 (the BC interval). */
export const MIN_JACKKNIFE_REFITS = 3;

/**
 * BCa intervals from the bootstrap refits and the jackknife: `estimates` are the fit's own target values on the
 * refits' scale (refit-values.ts: an SD on the boundary is 0), so that ties with θ̂ are ties.
 */
export function bcaIntervals(
  targets: readonly ProfileTarget[],
  estimates: Float64Array,
  replicates: readonly BootstrapReplicate[],
  jackknife: ClusterJackknife,
  level: number,
): BcaIntervals {
  const ok = replicates.filter((r) => r.estimates !== null);
  const leftOut = jackknife.values.filter((v): v is Float64Array => v !== null);
  const tail = (1 - level) / 2;
  const adjustments: BcaLevels[] = [];
  const intervals = targets.map((target, k): ParameterInterval => {
    const estimate = target.kind === "sd" ? Math.exp(target.estimate) : target.estimate;
    if (ok.length < MIN_BOOTSTRAP_REPLICATES) {
      return unavailableInterval(target, estimate, `only ${ok.length} converged refits (at least ${MIN_BOOTSTRAP_REPLICATES} are needed)`);
    }
    const values = Float64Array.from(ok, (r) => r.estimates![k]!).sort();
    const z0 = biasCorrection(values, estimates[k]!);
    if (!Number.isFinite(z0)) {
      return unavailableInterval(target, estimate, `every refit lies ${z0 > 0 ? "below" : "above"} the estimate: the BCa bias correction is infinite (use --boot-type perc or basic)`);
    }
    const a = leftOut.length >= MIN_JACKKNIFE_REFITS ? jackknifeAcceleration(Float64Array.from(leftOut, (v) => v[k]!)) : 0;
    const lowerLevel = bcaLevel(z0, a, tail);
    const upperLevel = bcaLevel(z0, a, 1 - tail);
    adjustments.push({ parameter: target.parameter, biasCorrection: z0, acceleration: a, levels: [lowerLevel, upperLevel] });
    const lower = quantileOfSorted(values, lowerLevel);
    const upper = quantileOfSorted(values, upperLevel);
    // R's boot.ci warns alike: beyond the outermost order statistics the bound is not resolved by B refits.
    const n = values.length;
    const unresolved = lowerLevel * (n + 1) < 1 || upperLevel * (n + 1) > n;
    return {
      parameter: target.parameter,
      kind: target.kind,
      estimate,
      lower,
      upper,
      lowerStatus: target.kind === "sd" && lower === 0 ? "boundary" : "found",
      upperStatus: "found",
      ...(unresolved
        ? { note: `the BCa levels (${lowerLevel.toPrecision(3)}, ${upperLevel.toPrecision(3)}) reach beyond the ${n} refits' extreme order statistics: a bound is the most extreme refit (use more --boot-replicates)` }
        : {}),
    };
  });
  return { intervals, adjustments };
}
