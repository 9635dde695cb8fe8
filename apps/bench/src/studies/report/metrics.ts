/**
 * Monte-Carlo summaries of R estimates of a parameter with true value θ, each with its Monte-Carlo
 * standard error (Morris, White & Crowther 2019, Table 6): bias = mean(θ̂) − θ, SE sd(θ̂)/√R; MSE =
 * mean((θ̂ − θ)²), SE sd((θ̂ − θ)²)/√R; a share p (coverage, P(θ̂ < θ), blow-up) with SE √(p(1 − p)/R).
 * Non-finite estimates are left out of bias/MSE/variance and counted apart (`nonFinite`).
 */
import { median } from "./decode-rows.js";

export interface Estimate {
  readonly value: number;
  /** Monte-Carlo standard error (NaN with fewer than 2 values). */
  readonly se: number;
  /** How many replications the figure rests on. */
  readonly count: number;
}

export function mean(values: readonly number[]): Estimate {
  const count = values.length;
  if (count === 0) return { value: Number.NaN, se: Number.NaN, count };
  const m = values.reduce((a, b) => a + b, 0) / count;
  const variance = count < 2 ? Number.NaN : values.reduce((a, v) => a + (v - m) ** 2, 0) / (count - 1);
  return { value: m, se: Math.sqrt(variance / count), count };
}

export function shareOf(hits: number, of: number): Estimate {
  const p = of === 0 ? Number.NaN : hits / of;
  return { value: p, se: Math.sqrt((p * (1 - p)) / of), count: of };
}

export interface ParameterSummary {
  readonly bias: Estimate;
  readonly variance: Estimate;
  readonly mse: Estimate;
  readonly rmse: number;
  /** P(θ̂ < θ): the slides' "PU". */
  readonly underestimation: Estimate;
  readonly median: number;
  readonly nonFinite: number;
}

export function summariseEstimates(estimates: readonly number[], truth: number): ParameterSummary {
  const finite = estimates.filter(Number.isFinite);
  const errors = finite.map((x) => x - truth);
  const bias = mean(errors);
  const mse = mean(errors.map((e) => e * e));
  const m = mean(finite).value;
  // Variance's MC SE from the squared deviations, as for the MSE.
  const deviations = finite.map((x) => (x - m) ** 2);
  const spread = mean(deviations);
  const variance: Estimate = {
    value: finite.length < 2 ? Number.NaN : (spread.value * finite.length) / (finite.length - 1),
    se: spread.se,
    count: finite.length,
  };
  return {
    bias,
    variance,
    mse,
    rmse: Math.sqrt(mse.value),
    underestimation: shareOf(finite.filter((x) => x < truth).length, finite.length),
    median: median(finite),
    nonFinite: estimates.length - finite.length,
  };
}

/** Share of intervals [lower, upper] that contain θ; an interval with a NaN end (no SE) misses. */
export function coverage(lower: readonly number[], upper: readonly number[], truth: number): Estimate {
  let hits = 0;
  for (let k = 0; k < lower.length; k++) if (lower[k]! <= truth && truth <= upper[k]!) hits++;
  return shareOf(hits, lower.length);
}
