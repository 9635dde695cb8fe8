import { describe, expect, it } from "vitest";
import { logChoose } from "./log-gamma.js";
import { normalCdf } from "./normal.js";
import { createRng } from "./rng.js";
import type { Rng } from "./rng.js";
import { ksStatistic } from "./test-support/ks-statistic.js";

function draw(count: number, sample: () => number): Float64Array {
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) values[i] = sample();
  return values;
}

function moments(values: Float64Array): {
  mean: number;
  variance: number;
  skewness: number;
  kurtosis: number;
} {
  const n = values.length;
  let mean = 0;
  for (const v of values) mean += v;
  mean /= n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (const v of values) {
    const d = v - mean;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  return { mean, variance: m2, skewness: m3 / m2 ** 1.5, kurtosis: m4 / (m2 * m2) };
}

/** 1 − 1e−5 quantile of χ²(df), Wilson–Hilferty approximation. */
function chiSquareCritical(df: number): number {
  const z = 4.265; // Φ⁻¹(1 − 1e−5)
  const a = 2 / (9 * df);
  return df * (1 - a + z * Math.sqrt(a)) ** 3;
}

/**
 * Pearson χ² of binomial draws against the exact pmf (from log C(n, k)), with cells pooled from
 * the tails inwards until each expects at least 10 draws.
 */
function binomialChiSquare(
  rng: Rng,
  n: number,
  p: number,
  count: number
): { statistic: number; df: number } {
  const counts = new Map<number, number>();
  let invalid = 0;
  for (let i = 0; i < count; i++) {
    const k = rng.binomial(n, p);
    if (!(Number.isInteger(k) && k >= 0 && k <= n)) invalid++;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  expect(invalid).toBe(0);
  const logPmf = (k: number) => logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p);
  const mean = n * p;
  const sd = Math.sqrt(n * p * (1 - p));
  const lo = Math.max(0, Math.floor(mean - 12 * sd - 10));
  const hi = Math.min(n, Math.ceil(mean + 12 * sd + 10));
  const cells: { expected: number; observed: number }[] = [];
  let pending = { expected: 0, observed: 0 };
  let coveredMass = 0;
  for (let k = lo; k <= hi; k++) {
    const mass = Math.exp(logPmf(k));
    coveredMass += mass;
    pending.expected += count * mass;
    pending.observed += counts.get(k) ?? 0;
    if (pending.expected >= 10) {
      cells.push(pending);
      pending = { expected: 0, observed: 0 };
    }
  }
  // Everything outside [lo, hi] has negligible mass: fold it and the remainder into the last cell.
  let outside = 0;
  for (const [k, c] of counts) if (k < lo || k > hi) outside += c;
  const last = cells[cells.length - 1]!;
  last.expected += pending.expected + count * Math.max(0, 1 - coveredMass);
  last.observed += pending.observed + outside;
  let statistic = 0;
  for (const cell of cells) statistic += (cell.observed - cell.expected) ** 2 / cell.expected;
  return { statistic, df: cells.length - 1 };
}

describe("createRng: reproducibility", () => {
  it("gives identical sequences for the same seed, and numbers equal their strings", () => {
    const a = createRng(12345);
    const b = createRng(12345);
    const c = createRng("12345");
    for (let i = 0; i < 500; i++) {
      const values = [
        a.uniform(),
        a.normal(),
        a.binomial(40, 0.3),
        a.binomial(5000, 0.2),
        a.exponential(2),
      ];
      expect([
        b.uniform(),
        b.normal(),
        b.binomial(40, 0.3),
        b.binomial(5000, 0.2),
        b.exponential(2),
      ]).toEqual(values);
      expect([
        c.uniform(),
        c.normal(),
        c.binomial(40, 0.3),
        c.binomial(5000, 0.2),
        c.exponential(2),
      ]).toEqual(values);
    }
  });

  it("reproduces pinned values (changing these breaks reproducibility of saved studies)", () => {
    const rng = createRng(20240601);
    expect([
      rng.uniform(),
      rng.uniform(),
      rng.normal(),
      rng.exponential(),
      rng.bernoulli(0.5),
      rng.binomial(10, 0.3),
      rng.binomial(5000, 0.4),
    ]).toEqual([
      0.6393004018117644, 0.16187853893577087, -0.3000804249828653, 0.45619644276368526, 1, 3, 2021,
    ]);
    const child = createRng("glmmkit").split("replicate-1");
    expect([child.uniform(), child.normal()]).toEqual([0.575746919064071, 0.5502384619672982]);
  });

  it("gives different streams for different seeds", () => {
    // Methods are closures, so they can be passed detached.
    const a = draw(100, createRng(1).uniform);
    const b = draw(100, createRng(2).uniform);
    expect(a.some((v, i) => v !== b[i])).toBe(true);
  });

  it("rejects non-finite numeric seeds", () => {
    expect(() => createRng(Number.NaN)).toThrow(RangeError);
    expect(() => createRng(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe("split", () => {
  it("does not consume or depend on the parent's stream", () => {
    const plain = createRng("study");
    const withSplits = createRng("study");
    const expected = draw(20, () => plain.uniform());
    const observed = new Float64Array(20);
    for (let i = 0; i < 20; i++) {
      withSplits.split(`child-${i}`).uniform();
      observed[i] = withSplits.uniform();
    }
    expect(observed).toEqual(expected);

    // The child depends only on (seed, key), not on how far the parent has run.
    const fresh = createRng("study").split("cell-3");
    const late = createRng("study");
    draw(1000, () => late.normal());
    const lateChild = late.split("cell-3");
    expect(draw(50, () => lateChild.uniform())).toEqual(draw(50, () => fresh.uniform()));
  });

  it("derives distinct streams per key, per parent and per path", () => {
    const root = createRng(7);
    const streams = [
      root.split("a"),
      root.split("b"),
      createRng(8).split("a"),
      root.split("a").split("b"),
      root.split("a/b"),
      root,
    ];
    const samples = streams.map((s) => draw(20, () => s.uniform()));
    for (let i = 0; i < samples.length; i++) {
      for (let j = i + 1; j < samples.length; j++) {
        expect(samples[i]!.some((v, k) => v !== samples[j]![k])).toBe(true);
      }
    }
    // Same path twice gives the same stream.
    const again = createRng(7).split("a").split("b");
    expect(draw(20, () => again.uniform())).toEqual(samples[3]);
  });

  it("gives uncorrelated streams", () => {
    const root = createRng("independence");
    const a = root.split("left");
    const b = root.split("right");
    const n = 100000;
    let sab = 0;
    let sa = 0;
    let sb = 0;
    let saa = 0;
    let sbb = 0;
    for (let i = 0; i < n; i++) {
      const x = a.normal();
      const y = b.normal();
      sa += x;
      sb += y;
      sab += x * y;
      saa += x * x;
      sbb += y * y;
    }
    const correlation =
      (sab / n - (sa / n) * (sb / n)) /
      Math.sqrt((saa / n - (sa / n) ** 2) * (sbb / n - (sb / n) ** 2));
    expect(Math.abs(correlation)).toBeLessThan(5 / Math.sqrt(n));
  });
});

describe("distributions", () => {
  const n = 200000;

  it("uniform: in (0, 1), mean ½, variance 1/12, KS-uniform", () => {
    const rng = createRng("uniform");
    const values = draw(n, () => rng.uniform());
    expect(values.every((v) => v > 0 && v < 1)).toBe(true);
    const m = moments(values);
    expect(Math.abs(m.mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(m.variance - 1 / 12)).toBeLessThan(0.002);
    // KS critical value at level 1e−5 is ≈ 2.4/√n.
    expect(ksStatistic(values, (x) => x)).toBeLessThan(2.4 / Math.sqrt(n));
  });

  it("normal: mean 0, variance 1, skewness 0, kurtosis 3, KS-normal", () => {
    const rng = createRng("normal");
    const values = draw(n, () => rng.normal());
    const m = moments(values);
    expect(Math.abs(m.mean)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(m.variance - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(m.skewness)).toBeLessThan(5 * Math.sqrt(6 / n));
    expect(Math.abs(m.kurtosis - 3)).toBeLessThan(5 * Math.sqrt(24 / n));
    expect(ksStatistic(values, normalCdf)).toBeLessThan(2.4 / Math.sqrt(n));
  });

  it("exponential: mean 1/rate, variance 1/rate², KS-exponential", () => {
    for (const rate of [1, 0.25, 8]) {
      const rng = createRng(`exponential-${rate}`);
      const values = draw(n, () => rng.exponential(rate));
      expect(values.every((v) => v > 0 && Number.isFinite(v))).toBe(true);
      const m = moments(values);
      expect(Math.abs(m.mean * rate - 1)).toBeLessThan(5 / Math.sqrt(n));
      expect(Math.abs(m.variance * rate * rate - 1)).toBeLessThan(5 * Math.sqrt(8 / n));
      expect(ksStatistic(values, (x) => -Math.expm1(-rate * x))).toBeLessThan(2.4 / Math.sqrt(n));
    }
    const rng = createRng("exponential-default");
    expect(Math.abs(moments(draw(n, () => rng.exponential())).mean - 1)).toBeLessThan(
      5 / Math.sqrt(n)
    );
    expect(() => rng.exponential(0)).toThrow(RangeError);
    expect(() => rng.exponential(-1)).toThrow(RangeError);
    expect(() => rng.exponential(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it("bernoulli: values in {0, 1} with mean p; exact at p = 0 and 1", () => {
    const rng = createRng("bernoulli");
    for (const p of [0.5, 0.03, 0.97]) {
      const values = draw(n, () => rng.bernoulli(p));
      expect(values.every((v) => v === 0 || v === 1)).toBe(true);
      expect(Math.abs(moments(values).mean - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
    }
    expect(draw(1000, () => rng.bernoulli(0)).every((v) => v === 0)).toBe(true);
    expect(draw(1000, () => rng.bernoulli(1)).every((v) => v === 1)).toBe(true);
    expect(() => rng.bernoulli(1.2)).toThrow(RangeError);
    expect(() => rng.bernoulli(Number.NaN)).toThrow(RangeError);
  });

  it.each([
    [20, 0.3], // inversion
    [100, 0.9], // inversion on the reflected p = 0.1
    [60, 0.5], // BTPE at the threshold (n·p = 30), explicit acceptance
    [1000, 0.3], // BTPE
    [200, 0.8], // BTPE on the reflected p = 0.2
    [1000000, 0.01], // BTPE with the squeeze and Stirling acceptance steps in play
  ])("binomial(%d, %d) matches the exact pmf (χ² goodness of fit)", (trials, p) => {
    const rng = createRng(`binomial-${trials}-${p}`);
    const { statistic, df } = binomialChiSquare(rng, trials, p, 100000);
    expect(df).toBeGreaterThan(3);
    expect(statistic).toBeLessThan(chiSquareCritical(df));
  });

  it("binomial: moments for huge n in both regimes, and the degenerate cases", () => {
    const rng = createRng("binomial-huge");
    for (const [trials, p] of [
      [1e9, 1e-8],
      [2 ** 40, 0.3],
      [1e12, 0.999],
    ] as const) {
      const values = draw(50000, () => rng.binomial(trials, p));
      const m = moments(values);
      const sd = Math.sqrt(trials * p * (1 - p));
      expect(Math.abs(m.mean - trials * p)).toBeLessThan((5 * sd) / Math.sqrt(values.length));
      expect(Math.abs(m.variance / (sd * sd) - 1)).toBeLessThan(5 * Math.sqrt(2 / values.length));
    }
    expect(rng.binomial(0, 0.5)).toBe(0);
    expect(rng.binomial(17, 0)).toBe(0);
    expect(rng.binomial(17, 1)).toBe(17);
    expect(() => rng.binomial(-1, 0.5)).toThrow(RangeError);
    expect(() => rng.binomial(2.5, 0.5)).toThrow(RangeError);
    expect(() => rng.binomial(10, 1.5)).toThrow(RangeError);
  });
});
