/**
 * The BCa interval against hand computations (scipy) and against a problem with an exact answer: the mean θ of
 * an exponential sample, where n·θ̂/θ ~ Gamma(n, 1) is an exact pivot, the parametric bootstrap distribution is
 * θ* ~ θ̂·Gamma(n, 1)/n, and the acceleration is skew/(6√n) = 1/(3√n) (Efron 1987, §3: BCa is exact to second
 * order here, and the percentile interval is not).
 */
import { describe, expect, it } from "vitest";
import { bracketedRoot, upperRegularisedGamma } from "@glmmkit/math";
import type { BootstrapReplicate } from "./bootstrap-intervals.js";
import { quantileOfSorted } from "./bootstrap-intervals.js";
import { bcaIntervals, bcaLevel, biasCorrection, jackknifeAcceleration } from "./bca-interval.js";
import type { ClusterJackknife } from "./cluster-jackknife.js";
import type { ProfileTarget } from "./profile-parameter.js";

/** The p-quantile of Gamma(shape, 1), by Brent's method on its CDF 1 − Q(shape, x). */
function gammaQuantile(shape: number, p: number): number {
  return bracketedRoot((x) => 1 - upperRegularisedGamma(shape, x) - p, 1e-8, 20 * shape + 50, { tolerance: 1e-13 }).root;
}

describe("BCa ingredients", () => {
  it("z0 counts ties with the estimate half (the point mass of SDs at 0)", () => {
    const values = Float64Array.from([0, 0, 0, 1, 2, 3, 4, 5, 6, 7]);
    // (0 below + 3/2 tied) / 10 = 0.15; scipy: norm.ppf(0.15).
    expect(biasCorrection(values, 0)).toBeCloseTo(-1.0364333894937898, 12);
    expect(biasCorrection(values, 3.5)).toBeCloseTo(0.2533471031357997, 12); // 6 of 10 below: Φ⁻¹(0.6)
    expect(biasCorrection(values, 8)).toBe(Number.POSITIVE_INFINITY);
    expect(biasCorrection(values, -1)).toBe(Number.NEGATIVE_INFINITY);
  });

  it("the jackknife acceleration of a sample mean is the sample skewness over 6√n (an identity)", () => {
    const x = [0.2, 0.5, 0.9, 1.4, 3.0, 0.1, 2.2];
    const total = x.reduce((s, v) => s + v, 0);
    const leaveOneOut = Float64Array.from(x, (v) => (total - v) / (x.length - 1));
    // scipy: m3/m2^1.5/(6√7) with population moments, and the jackknife formula itself: both 0.039393615055920.
    expect(jackknifeAcceleration(leaveOneOut)).toBeCloseTo(0.03939361505592003, 14);
    expect(jackknifeAcceleration(Float64Array.from([2, 2, 2]))).toBe(0);
    // Reversing the skew reverses the sign.
    expect(jackknifeAcceleration(Float64Array.from(leaveOneOut, (v) => -v))).toBeCloseTo(-0.03939361505592003, 14);
  });

  it("adjusts the levels as Efron & Tibshirani's eq. 14.10, and reduces to the nominal levels when z0 = a = 0", () => {
    expect(bcaLevel(0.3, 0.1, 0.025)).toBeCloseTo(0.1305820032051242, 12);
    expect(bcaLevel(0.3, 0.1, 0.975)).toBeCloseTo(0.9993586814112577, 12);
    expect(bcaLevel(0, 0, 0.025)).toBeCloseTo(0.025, 14);
    expect(bcaLevel(0, 0, 0.9)).toBeCloseTo(0.9, 14);
    // Beyond the singularity 1 − a(z0 + z) = 0 the level is its limit, 1 on the upper side.
    expect(bcaLevel(0.5, 0.6, 0.975)).toBe(1);
    expect(bcaLevel(-0.5, -0.6, 0.025)).toBe(0);
  });
});

describe("BCa on the exponential mean (exact interval known)", () => {
  const n = 10;
  const thetaHat = 1;
  const B = 4000;
  // The bootstrap distribution itself, on a fine quantile grid: θ*_(i) = θ̂·G⁻¹((i − ½)/B)/n.
  const grid = Float64Array.from({ length: B }, (_, i) => (thetaHat * gammaQuantile(n, (i + 0.5) / B)) / n);
  // Exact 95 % interval: θ̂·n / G⁻¹(0.975) … θ̂·n / G⁻¹(0.025) = 0.58532, 2.08534 (scipy).
  const exact = [(thetaHat * n) / gammaQuantile(n, 0.975), (thetaHat * n) / gammaQuantile(n, 0.025)];

  it("matches the exact interval to 5e-4, where the percentile interval is off by 0.1–0.4", () => {
    expect(exact[0]).toBeCloseTo(0.5853154839290434, 9);
    expect(exact[1]).toBeCloseTo(2.085336691906785, 9);
    // z0 read off the bootstrap refits agrees with its exact value Φ⁻¹(P(G < n)) = 0.1056508 (scipy).
    const z0 = biasCorrection(grid, thetaHat);
    expect(Math.abs(z0 - 0.1056507858195021)).toBeLessThan(1e-3);
    // With the exact bootstrap distribution (its quantile function) the BCa bounds are within 3e-4 of exact.
    const a = 1 / (3 * Math.sqrt(n));
    const bound = (alpha: number) => (thetaHat * gammaQuantile(n, bcaLevel(0.1056507858195021, a, alpha))) / n;
    expect(Math.abs(bound(0.025) - exact[0]!)).toBeLessThan(5e-4);
    expect(Math.abs(bound(0.975) - exact[1]!)).toBeLessThan(5e-4);
    // The percentile interval of the same bootstrap distribution is far off, on both sides.
    expect(exact[0]! - quantileOfSorted(grid, 0.025)).toBeGreaterThan(0.1);
    expect(exact[1]! - quantileOfSorted(grid, 0.975)).toBeGreaterThan(0.3);
  });

  it("bcaIntervals composes the same pieces: z0 from the refits, a from the jackknife values, type-7 quantiles", () => {
    const targets = [{ parameter: "theta", kind: "beta", estimate: thetaHat, standardError: 0.3 }] as unknown as ProfileTarget[];
    const replicates: BootstrapReplicate[] = Array.from(grid, (v, i) => ({ index: i + 1, estimates: Float64Array.of(v) }));
    // Leave-one-out means of a sample with the exponential's skewness 2 at n = 10 would give a = 1/(3√10);
    // these values are the jackknife of x = (0.2, 0.5, 0.9, 1.4, 3.0, 0.1, 2.2) (a = 0.0393936).
    const x = [0.2, 0.5, 0.9, 1.4, 3.0, 0.1, 2.2];
    const total = x.reduce((s, v) => s + v, 0);
    const jackknife: ClusterJackknife = { unit: "row", values: x.map((v) => Float64Array.of((total - v) / 6)), failures: [] };
    const { intervals, adjustments } = bcaIntervals(targets, Float64Array.of(thetaHat), replicates, jackknife, 0.95);
    const z0 = biasCorrection(grid, thetaHat);
    const a = 0.03939361505592003;
    expect(adjustments[0]!.biasCorrection).toBe(z0);
    expect(adjustments[0]!.acceleration).toBeCloseTo(a, 14);
    expect(intervals[0]!.lower).toBeCloseTo(quantileOfSorted(grid, bcaLevel(z0, a, 0.025)), 12);
    expect(intervals[0]!.upper).toBeCloseTo(quantileOfSorted(grid, bcaLevel(z0, a, 0.975)), 12);
    expect([intervals[0]!.lowerStatus, intervals[0]!.upperStatus, intervals[0]!.note]).toEqual(["found", "found", undefined]);
  });
});

describe("bcaIntervals at the edges", () => {
  const sd = [{ parameter: "sd_(Intercept)|g", kind: "sd", estimate: Math.log(0.5), standardError: 0.3 }] as unknown as ProfileTarget[];
  const noJackknife: ClusterJackknife = { unit: "g", values: [], failures: [] };
  const refits = (values: number[]): BootstrapReplicate[] => values.map((v, i) => ({ index: i + 1, estimates: Float64Array.of(v) }));

  it("reads a lower bound in the point mass at σ = 0 as the boundary", () => {
    // 30 refits at 0 and 70 at 1/70, 2/70, …, 1: 30 + 34 below 0.5, one tie (35/70), z0 = Φ⁻¹(0.645).
    const values = [...Array<number>(30).fill(0), ...Array.from({ length: 70 }, (_, i) => (i + 1) / 70)];
    const { intervals, adjustments } = bcaIntervals(sd, Float64Array.of(0.5), refits(values), noJackknife, 0.95);
    expect(adjustments[0]!.acceleration).toBe(0); // too few leave-one-out refits: the BC interval
    expect(adjustments[0]!.biasCorrection).toBeCloseTo(0.37185608938507475, 12); // scipy: norm.ppf(0.645)
    expect([intervals[0]!.lower, intervals[0]!.lowerStatus]).toEqual([0, "boundary"]);
  });

  it("gives no interval when every refit lies on one side of the estimate, and notes bounds beyond the extreme refits", () => {
    const below = bcaIntervals(sd, Float64Array.of(0.5), refits(Array.from({ length: 20 }, (_, i) => i / 100)), noJackknife, 0.95);
    expect(below.intervals[0]!.lowerStatus).toBe("unavailable");
    expect(below.intervals[0]!.note).toMatch(/every refit lies below the estimate/);
    // 19 of 20 refits below the estimate: z0 = Φ⁻¹(0.95), the upper level Φ(2·1.645 + 1.96) ≈ 1 − 1e-7.
    const skewed = bcaIntervals(sd, Float64Array.of(0.5), refits([...Array.from({ length: 19 }, (_, i) => i / 100), 0.9]), noJackknife, 0.95);
    expect(skewed.intervals[0]!.upper).toBeCloseTo(0.9, 4);
    expect(skewed.intervals[0]!.note).toMatch(/reach beyond the 20 refits' extreme order statistics/);
  });
});
