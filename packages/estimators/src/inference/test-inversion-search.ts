/**
 * Test inversion for a scalar parameter σ ≥ 0 (Carpenter 1999, "Test inversion bootstrap confidence intervals",
 * JRSS-B 61:159–172; Garthwaite & Buckland 1992): the 1 − α interval is the set of σ₀ that a one-sided test of
 * level α/2 on each side does not reject. Upper bound: the σ₀ > σ̂ where P_{σ₀}(σ̂* ≤ σ̂_obs) falls to α/2; lower
 * bound: the σ₀ < σ̂ where P_{σ₀}(σ̂* ≥ σ̂_obs) falls to α/2.
 *
 * Each probability is a Monte-Carlo p-value from B simulated statistics, (1 + #{σ̂* ≤ σ̂_obs}) / (B + 1) (Davison &
 * Hinkley 1997, eq. 4.11): with ties σ̂* = σ̂_obs counted in the count — as an exact or a conservative rank test
 * counts them — the test rejects no more often than α/2 under σ₀ even when σ̂ has a point mass (an ML SD of 0).
 * Counting ties half (the mid-rank) would make an estimate of 0 look like evidence against every σ₀ whose
 * simulated estimates are 0 half the time, and pull the upper bound too low.
 *
 * The search runs on log σ₀: from a point the test does not reject it steps outward by a constant factor until
 * it rejects, then bisects to a relative tolerance, and returns the rejected end of the final bracket, so that the
 * reported interval contains every σ₀ the search saw not rejected (conservative by at most the tolerance). With
 * common random numbers across σ₀ (the same draws rescaled) the p-value is a deterministic step function of σ₀,
 * monotone when the statistic is monotone in σ₀, and the search reproducible for a seed.
 */

/** The simulated statistics at one σ₀, reduced to what either side's test needs. */
export interface TailCounts {
  /** Simulated statistics that gave a value (failed refits are left out of both counts and of `total`). */
  readonly total: number;
  /** #{σ̂* ≤ σ̂_obs}, ties included. */
  readonly atMost: number;
  /** #{σ̂* ≥ σ̂_obs}, ties included. */
  readonly atLeast: number;
}

/** Counts of `values` against `observed`, NaN (a failed refit) left out. Exact ties count on both sides. */
export function tailCounts(values: ArrayLike<number>, observed: number): TailCounts {
  let total = 0;
  let atMost = 0;
  let atLeast = 0;
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    if (Number.isNaN(v)) continue;
    total++;
    if (v <= observed) atMost++;
    if (v >= observed) atLeast++;
  }
  return { total, atMost, atLeast };
}

/** The Monte-Carlo p-value (1 + count) / (total + 1) of one side's test. */
export function monteCarloPValue(count: number, total: number): number {
  return (1 + count) / (total + 1);
}

export interface BoundarySearchOptions {
  /** Outward step on log σ₀ while bracketing (default log 2: doubling or halving σ₀). */
  readonly step?: number;
  /** Bisection stops when the bracket is this narrow on log σ₀ (default 0.01: 1 % in σ₀). */
  readonly tolerance?: number;
  /** Most outward steps before giving up (default 12: a factor 4096). */
  readonly maxSteps?: number;
}

export interface BoundarySearch {
  /** log σ₀ of the bound: the rejected end of the last bracket, or the farthest value tried ("not-reached"). */
  readonly logValue: number;
  readonly status: "found" | "not-reached";
  /** Tests made (each costs B refits, less those already made at the same simulated data). */
  readonly evaluations: number;
}

/**
 * The boundary of the set of log σ₀ that `rejects` does not reject, searched from `start` in `direction`
 * (+1: the upper bound, −1: the lower). If `start` itself is rejected, the search steps back towards the
 * other side first (for a start guessed rather than known to be inside, e.g. σ̂ = 0).
 */
export function searchRejectionBoundary(
  rejects: (logSigma: number) => boolean,
  start: number,
  direction: 1 | -1,
  options: BoundarySearchOptions = {},
): BoundarySearch {
  const step = options.step ?? Math.LN2;
  const tolerance = options.tolerance ?? 0.01;
  const maxSteps = options.maxSteps ?? 12;
  let evaluations = 0;
  const test = (x: number): boolean => {
    evaluations++;
    return rejects(x);
  };
  let inside: number;
  let outside: number;
  if (test(start)) {
    // Walk back until not rejected; the bracket is then (that point, the last rejected one).
    outside = start;
    inside = start - direction * step;
    let steps = 1;
    while (test(inside)) {
      if (steps++ >= maxSteps) return { logValue: inside, status: "found", evaluations };
      outside = inside;
      inside -= direction * step;
    }
  } else {
    inside = start;
    outside = start + direction * step;
    let steps = 1;
    while (!test(outside)) {
      if (steps++ >= maxSteps) return { logValue: outside, status: "not-reached", evaluations };
      inside = outside;
      outside += direction * step;
    }
  }
  while (Math.abs(outside - inside) > tolerance) {
    const middle = 0.5 * (inside + outside);
    if (test(middle)) outside = middle;
    else inside = middle;
  }
  return { logValue: outside, status: "found", evaluations };
}
