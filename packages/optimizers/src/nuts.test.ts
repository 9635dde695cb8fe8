import { describe, expect, it } from "vitest";
import { createRng } from "@glmmkit/math";
import { sampleNuts, type NutsRun } from "./nuts.js";
import { rhat } from "./mcmc-diagnostics.js";
import { warmupWindows } from "./warmup-windows.js";
import { DualAveraging } from "./dual-averaging.js";
import { momentChecks } from "./test-support/monte-carlo.js";
import { correlatedGaussian, logisticRegressionPosterior } from "./test-support/targets.js";
import type { LogDensity } from "./log-density.js";

function runChains(target: LogDensity, seed: string, chains = 4, warmup = 1000, draws = 1000): NutsRun[] {
  const rng = createRng(seed);
  return Array.from({ length: chains }, (_, j) => {
    const stream = rng.split(`chain ${j}`);
    // Stan's default initialisation: uniform(−2, 2) on every coordinate.
    const start = Float64Array.from({ length: target.dim }, () => 4 * stream.uniform() - 2);
    return sampleNuts(target, start, stream, { warmup, draws });
  });
}

function expectSamplesTarget(runs: NutsRun[], target: LogDensity & { moments: Parameters<typeof momentChecks>[2] }): void {
  const d = target.dim;
  for (const check of momentChecks(runs.map((r) => r.draws), d, target.moments)) {
    expect(check.z, `${check.label}: ${check.estimate} vs ${check.exact} (MCSE ${check.mcse})`).toBeLessThan(4);
  }
  for (let k = 0; k < d; k++) {
    const chains = runs.map((r) => Float64Array.from({ length: r.drawCount }, (_, i) => r.draws[i * d + k]!));
    expect(rhat(chains)).toBeLessThan(1.01);
  }
  for (const run of runs) {
    expect(run.divergent.reduce((a, b) => a + b, 0)).toBe(0);
    const meanAccept = run.acceptStat.reduce((a, b) => a + b, 0) / run.drawCount;
    // Dual averaging aims at 0.8; with the averaged ε̄ of warm-up low-dimensional targets end above it, as in Stan.
    expect(meanAccept).toBeGreaterThan(0.7);
    expect(meanAccept).toBeLessThan(0.98);
  }
}

describe("NUTS samples known targets (moments within 4 Monte-Carlo SEs, R-hat < 1.01)", () => {
  it("a correlated, badly scaled Gaussian; the adapted metric matches its variances", () => {
    const target = correlatedGaussian();
    const runs = runChains(target, "nuts-gauss");
    expectSamplesTarget(runs, target);
    for (const run of runs) {
      for (let k = 0; k < 3; k++) {
        const ratio = run.inverseMetric[k]! / target.moments.covariance[k * 3 + k]!;
        expect(ratio).toBeGreaterThan(0.7);
        expect(ratio).toBeLessThan(1.4);
      }
    }
  });

  it("a logistic-regression posterior (exact moments by quadrature)", () => {
    const target = logisticRegressionPosterior();
    expectSamplesTarget(runChains(target, "nuts-logistic"), target);
  });

  it("the same seed gives the same draws; `keep` stores a transform of each draw", () => {
    const target = correlatedGaussian();
    const a = sampleNuts(target, new Float64Array(3), createRng(5), { warmup: 100, draws: 50 });
    const b = sampleNuts(target, new Float64Array(3), createRng(5), {
      warmup: 100,
      draws: 50,
      keep: { dim: 1, apply: (x, out) => void (out[0] = x[0]! + x[1]!) },
    });
    expect(b.draws.length).toBe(50);
    for (let i = 0; i < 50; i++) expect(b.draws[i]).toBe(a.draws[i * 3]! + a.draws[i * 3 + 1]!);
  });
});

describe("warm-up pieces", () => {
  it("Stan's windows: 75 / 25, 50, 100, 200, 500 / 50 for 1000 warm-up iterations", () => {
    const w = warmupWindows(1000);
    const ends = Array.from({ length: 1000 }, (_, i) => i).filter((i) => w.endsWindow(i));
    expect(ends).toEqual([99, 149, 249, 449, 949]);
    expect(w.inSlowWindow(74)).toBe(false);
    expect(w.inSlowWindow(75)).toBe(true);
    expect(w.inSlowWindow(949)).toBe(true);
    expect(w.inSlowWindow(950)).toBe(false);
  });

  it("short warm-ups use 15 % / 75 % / 10 %; fewer than 20 iterations adapt no metric", () => {
    const w = warmupWindows(100);
    const ends = Array.from({ length: 100 }, (_, i) => i).filter((i) => w.endsWindow(i));
    expect(ends).toEqual([89]);
    expect(w.inSlowWindow(14)).toBe(false);
    expect(w.inSlowWindow(15)).toBe(true);
    const none = warmupWindows(10);
    expect(Array.from({ length: 10 }, (_, i) => none.endsWindow(i) || none.inSlowWindow(i)).some(Boolean)).toBe(false);
  });

  it("dual averaging settles where the acceptance statistic equals its target", () => {
    // A toy response: acceptance = exp(−ε) (falls with the step size); the fixed point is ε = −log 0.8.
    const adaptation = new DualAveraging();
    adaptation.restart(1);
    let eps = 1;
    for (let t = 0; t < 2000; t++) eps = adaptation.learn(Math.exp(-eps));
    expect(adaptation.final()).toBeCloseTo(-Math.log(0.8), 2);
  });
});
