/**
 * Parametric-bootstrap intervals (Efron & Tibshirani 1993, ch. 6 and 13; lme4's bootMer + confint(method =
 * "boot", boot.type = "perc")): B data sets simulated from the fitted model (a ReplicateSource: replicate k
 * drawn from its own keyed stream), each refitted by the same estimator with the same options, and the
 * interval for each parameter the α/2 and 1 − α/2 quantiles of its refitted estimates (R's quantile type 7).
 * A refit that throws or does not converge is counted as failed and left out, never silently dropped.
 * Replicate k depends only on (seed, k), and the quantiles on the multiset of estimates, so the intervals
 * are the same whatever order — or however many workers — the replicates are computed in.
 */
import type { BootstrapType, Estimator, ModelFrame, ParameterInterval } from "@glmmkit/core";
import type { ProfileTarget } from "./profile-parameter.js";
import { unavailableInterval } from "./inference-targets.js";
import { refitValues } from "./refit-values.js";

/** Simulated data sets from the fitted model: replicate(k), k = 1, 2, …, is the k-th, the same every time. */
export interface ReplicateSource {
  readonly seed: string;
  replicate(k: number): ModelFrame;
}

export interface BootstrapReplicate {
  readonly index: number;
  /** The refitted parameters in target order (natural scale: β, σ; an SD on the boundary is 0), or null when the refit failed. */
  readonly estimates: Float64Array | null;
  readonly failure?: string;
  /** Boundary findings of a converged refit that make its estimates unreliable ("large-beta", "flat", …). */
  readonly boundary?: readonly string[];
}

/** Boundary kinds that mean a refit's estimates are not pinned down (separation, flat likelihood). */
const UNSTABLE_KINDS: ReadonlySet<string> = new Set(["large-beta", "diverging", "flat", "sd-infinite"]);

/** Refit replicates `indices` (any order, any subset: each depends only on its index). */
export function bootstrapReplicates(
  source: ReplicateSource,
  estimator: Estimator<Record<string, unknown>>,
  estimatorOptions: Readonly<Record<string, unknown>>,
  targets: readonly ProfileTarget[],
  indices: readonly number[],
  onReplicate?: (done: number) => void,
): BootstrapReplicate[] {
  const results: BootstrapReplicate[] = [];
  for (const index of indices) {
    let result: BootstrapReplicate;
    try {
      const frame = source.replicate(index);
      const fit = estimator.fit(frame, { ...estimatorOptions });
      const unstable = fit.diagnostics.boundary.filter((b) => UNSTABLE_KINDS.has(b.kind)).map((b) => b.kind);
      result = fit.converged
        ? { index, estimates: refitValues(fit, targets, frame), ...(unstable.length > 0 ? { boundary: unstable } : {}) }
        : { index, estimates: null, failure: `did not converge (max |gradient| ${fit.diagnostics.maxAbsGradient.toExponential(2)})` };
    } catch (error) {
      result = { index, estimates: null, failure: error instanceof Error ? error.message.split("\n")[0]! : String(error) };
    }
    results.push(result);
    onReplicate?.(results.length);
  }
  return results;
}

/** R's quantile(type = 7) of sorted values: linear interpolation between order statistics at (n − 1)p. */
export function quantileOfSorted(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const low = Math.floor(h);
  const high = Math.min(n - 1, low + 1);
  return sorted[low]! + (h - low) * (sorted[high]! - sorted[low]!);
}

/** The fewest converged refits for a percentile interval worth printing. */
export const MIN_BOOTSTRAP_REPLICATES = 10;

/**
 * lme4's `boot.type`: "perc" (the α/2 and 1 − α/2 quantiles q of the refits, the default) or "basic" (the
 * percentile interval reflected about the estimate, [2θ̂ − q_{1−α/2}, 2θ̂ − q_{α/2}]; Davison & Hinkley 1997,
 * eq. 5.6). The basic interval corrects for a bias of the estimator that the refits repeat — an ML SD from few
 * groups is biased low, and the percentile interval of its refits sits lower still. An SD's basic bound
 * below 0 is reported as the boundary 0.
 */
export type PercentileIntervalType = Exclude<BootstrapType, "bca" | "invert">;

/** Every interval `--ci boot` makes: lme4's two, the BCa interval (bca-interval.ts) and test inversion (inverted-sd-interval.ts). */
export type BootstrapIntervalType = BootstrapType;

export function percentileIntervals(
  targets: readonly ProfileTarget[],
  replicates: readonly BootstrapReplicate[],
  level: number,
  type: PercentileIntervalType = "perc",
): ParameterInterval[] {
  const ok = replicates.filter((r) => r.estimates !== null);
  const tail = (1 - level) / 2;
  return targets.map((target, k) => {
    const estimate = target.kind === "sd" ? Math.exp(target.estimate) : target.estimate;
    if (ok.length < MIN_BOOTSTRAP_REPLICATES) {
      return unavailableInterval(target, estimate, `only ${ok.length} converged refits (at least ${MIN_BOOTSTRAP_REPLICATES} are needed)`);
    }
    const values = Float64Array.from(ok, (r) => r.estimates![k]!).sort();
    const low = quantileOfSorted(values, tail);
    const high = quantileOfSorted(values, 1 - tail);
    if (type === "perc") {
      const atZero = target.kind === "sd" && low === 0;
      return { parameter: target.parameter, kind: target.kind, estimate, lower: low, upper: high, lowerStatus: atZero ? "boundary" : "found", upperStatus: "found" };
    }
    const reflectedLower = 2 * estimate - high;
    const atZero = target.kind === "sd" && !(reflectedLower > 0);
    return {
      parameter: target.parameter,
      kind: target.kind,
      estimate,
      lower: atZero ? 0 : reflectedLower,
      upper: 2 * estimate - low,
      lowerStatus: atZero ? "boundary" : "found",
      upperStatus: "found",
    };
  });
}
