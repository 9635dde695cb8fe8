import { describe, expect, it } from "vitest";
import { chiSquareSurvival } from "./chi-square.js";
import { normalCcdf, normalCdf } from "./normal.js";
import { createRng } from "./rng.js";
import { Xoshiro128 } from "./xoshiro128.js";
import { zigguratNormal, zigguratTables } from "./ziggurat-normal.js";
import { ksStatistic } from "./test-support/ks-statistic.js";

const DRAWS = 1_000_000;
const KS_DRAWS = 200_000;
const TABLES = zigguratTables();
const R = TABLES.r;

function draw(seed: string, count: number): Float64Array {
  const bits = Xoshiro128.seededFrom(createRng(seed));
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) values[i] = zigguratNormal(bits);
  return values;
}

const SAMPLE = draw("ziggurat", DRAWS);

/**
 * P(√n·D > t) for the Kolmogorov–Smirnov statistic with the finite-n correction of Stephens (1970):
 * t = (√n + 0.12 + 0.11/√n)·D in the Kolmogorov series 2 Σ (−1)^(k−1) exp(−2k²t²).
 */
function kolmogorovPValue(d: number, n: number): number {
  const t = (Math.sqrt(n) + 0.12 + 0.11 / Math.sqrt(n)) * d;
  let sum = 0;
  for (let k = 1; k <= 100; k++) sum += (k % 2 === 1 ? 2 : -2) * Math.exp(-2 * k * k * t * t);
  return Math.min(1, Math.max(0, sum));
}

/**
 * Bin edges that resolve every wedge and the start of the tail: each interval [xᵢ₊₁, xᵢ] between
 * consecutive layer edges (where layer i's wedge puts its draws) split in two, on both sides, plus
 * fine bins beyond R; adjacent bins are pooled until each expects at least 20 draws.
 */
function wedgeAndTailEdges(): number[] {
  const positive: number[] = [];
  for (let i = 1; i < 128; i++) {
    const outer = TABLES.x[i]!;
    const inner = TABLES.x[i + 1]!;
    positive.push(inner, 0.5 * (inner + outer));
  }
  positive.push(R, R + 0.05, R + 0.1, R + 0.2, R + 0.35, 4, 4.5);
  positive.sort((a, b) => a - b);
  const edges = [...positive.filter((e) => e > 0).map((e) => -e).reverse(), 0, ...positive.filter((e) => e > 0)];
  return [-Infinity, ...edges, Infinity];
}

function binnedChiSquare(values: Float64Array, edges: number[]): { statistic: number; df: number } {
  const counts = new Float64Array(edges.length - 1);
  for (const v of values) {
    let lo = 0;
    let hi = edges.length - 1; // edges[lo] ≤ v < edges[hi]
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (v < edges[mid]!) hi = mid;
      else lo = mid;
    }
    counts[lo]! += 1;
  }
  const n = values.length;
  const cells: { expected: number; observed: number }[] = [];
  let expected = 0;
  let observed = 0;
  for (let b = 0; b < counts.length; b++) {
    const lower = edges[b]!;
    const upper = edges[b + 1]!;
    // Mass by the side that avoids cancellation (Φ̄ above 0, Φ below).
    const mass = lower >= 0 ? normalCcdf(lower) - normalCcdf(upper) : normalCdf(upper) - normalCdf(lower);
    expected += n * mass;
    observed += counts[b]!;
    if (expected >= 20) {
      cells.push({ expected, observed });
      expected = 0;
      observed = 0;
    }
  }
  const last = cells[cells.length - 1]!;
  last.expected += expected;
  last.observed += observed;
  let statistic = 0;
  for (const cell of cells) statistic += (cell.observed - cell.expected) ** 2 / cell.expected;
  return { statistic, df: cells.length - 1 };
}

describe("zigguratNormal tables", () => {
  it("solves for R and V to the published constants (Marsaglia & Tsang 2000; Doornik 2005)", () => {
    expect(R).toBeCloseTo(3.442619855899, 11);
    // The published V is V(R) at the published, rounded R; dV/dR = −R²f(R) ≈ −0.032 turns R's 2.3e−12
    // difference from the root into V's 7e−14.
    expect(TABLES.v).toBeCloseTo(9.91256303526217e-3, 12);
    expect(TABLES.x[1]).toBe(R);
    expect(TABLES.x[128]).toBe(0);
  });

  it("gives every layer the same area V and the edges decrease to 0", () => {
    const { x, f, v } = TABLES;
    expect(x[0]! * f[1]!).toBeCloseTo(v, 15);
    for (let i = 1; i < 128; i++) {
      expect(x[i + 1]!).toBeLessThan(x[i]!);
      expect(Math.abs((x[i]! * (f[i + 1]! - f[i]!)) / v - 1)).toBeLessThan(1e-11);
    }
  });
});

describe("zigguratNormal", () => {
  it("passes Kolmogorov–Smirnov against Φ on 2e5 draws", () => {
    const d = ksStatistic(SAMPLE.subarray(0, KS_DRAWS), normalCdf);
    // Critical value at α = 0.001: √n·D ≈ 1.95, i.e. D ≈ 0.0044 for n = 2e5.
    expect(kolmogorovPValue(d, KS_DRAWS)).toBeGreaterThan(1e-3);
  });

  it("passes a χ² test on bins that resolve every wedge and the start of the tail (1e6 draws)", () => {
    const { statistic, df } = binnedChiSquare(SAMPLE, wedgeAndTailEdges());
    expect(df).toBeGreaterThan(400);
    expect(chiSquareSurvival(statistic, df)).toBeGreaterThan(1e-3);
  });

  it("has tail frequencies P(|Z| > R) and P(|Z| > 4) within Monte-Carlo error", () => {
    for (const cut of [R, 4]) {
      let count = 0;
      for (const v of SAMPLE) if (Math.abs(v) > cut) count++;
      const p = 2 * normalCcdf(cut);
      const se = Math.sqrt(DRAWS * p * (1 - p));
      expect(Math.abs(count - DRAWS * p)).toBeLessThan(4 * se);
    }
  });

  it("has mean 0, variance 1 and kurtosis 3 within Monte-Carlo error", () => {
    const n = DRAWS;
    let mean = 0;
    for (const v of SAMPLE) mean += v;
    mean /= n;
    let m2 = 0;
    let m4 = 0;
    for (const v of SAMPLE) {
      const d = (v - mean) ** 2;
      m2 += d;
      m4 += d * d;
    }
    m2 /= n;
    m4 /= n;
    // Asymptotic SEs under N(0, 1): mean 1/√n, variance √(2/n), kurtosis √(24/n).
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(m2 - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
    expect(Math.abs(m4 / (m2 * m2) - 3)).toBeLessThan(4 * Math.sqrt(24 / n));
  });

  it("is symmetric: the sign is a fair coin overall and in the tail, and skewness is 0", () => {
    let positive = 0;
    let tail = 0;
    let positiveTail = 0;
    let m3 = 0;
    for (const v of SAMPLE) {
      if (v > 0) positive++;
      if (Math.abs(v) > 2.5) {
        tail++;
        if (v > 0) positiveTail++;
      }
      m3 += v * v * v;
    }
    expect(Math.abs(positive - DRAWS / 2)).toBeLessThan(4 * Math.sqrt(DRAWS / 4));
    expect(Math.abs(positiveTail - tail / 2)).toBeLessThan(4 * Math.sqrt(tail / 4));
    // Var(Z³) = 15.
    expect(Math.abs(m3 / DRAWS)).toBeLessThan(4 * Math.sqrt(15 / DRAWS));
  });

  it("is deterministic for a seed, and different seeds give different streams", () => {
    const a = draw("7", 1000);
    const b = draw("7", 1000);
    const c = draw("8", 1000);
    expect(Array.from(a)).toEqual(Array.from(b));
    let same = 0;
    for (let i = 0; i < a.length; i++) if (a[i] === c[i]) same++;
    expect(same).toBe(0);
    for (const v of a) expect(Number.isFinite(v)).toBe(true);
  });

  it("keeps its stream (samplers' results for a seed depend on it)", () => {
    const values = Array.from(draw("stream", 4), (v) => v.toPrecision(17));
    expect(values).toMatchInlineSnapshot(`
      [
        "-0.72670808487983241",
        "0.50898162028812710",
        "-0.99246796997610942",
        "-0.38958840094114144",
      ]
    `);
  });
});
