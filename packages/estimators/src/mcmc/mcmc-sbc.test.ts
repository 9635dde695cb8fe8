/**
 * Simulation-based calibration (Talts, Betancourt, Simpson, Vehtari & Gelman 2018) of the `mcmc` estimator on
 * a small GLMM, y ~ x + (1 | g) with 8 groups of 5 binary observations: draw θ from the estimator's own
 * default priors, simulate y, sample the posterior, and record the rank of the true value among L = 99
 * thinned posterior draws. If the posterior and the sampler are right, each rank is uniform on 0…99; the
 * rank histograms (10 bins) of β₀, β₁ and log σ over 200 replicates must pass a χ² test at the 1 % level.
 */
import { describe, expect, it } from "vitest";
import { buildModelFrame, createDataTable } from "@glmmkit/core";
import { createRng, expit } from "@glmmkit/math";
import { runMcmcChain } from "./mcmc-chain.js";
import { resolveMcmcOptions } from "./mcmc-options.js";
import { mcmcPriors } from "./mcmc-priors.js";

const REPLICATES = 200;
const GROUPS = 8;
const PER_GROUP = 5;
const THIN = 2;
const KEPT = 99;
const BINS = 10;
/** χ²₉ quantile at 0.99. */
const CHI2_9_99 = 21.666;

function chiSquare(counts: number[]): number {
  const expected = counts.reduce((a, b) => a + b, 0) / counts.length;
  return counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
}

describe("simulation-based calibration of mcmc (200 prior draws, small GLMM)", () => {
  it("rank histograms of β₀, β₁ and log σ are uniform (χ² test at 1 %)", async () => {
    const designRng = createRng("sbc design");
    const n = GROUPS * PER_GROUP;
    const x = Array.from({ length: n }, () => designRng.normal().toFixed(4));
    const g = Array.from({ length: n }, (_, i) => `g${Math.floor(i / PER_GROUP) + 1}`);
    const options = resolveMcmcOptions({ chains: 1, warmup: 200, draws: KEPT * THIN });
    const histograms = [new Array<number>(BINS).fill(0), new Array<number>(BINS).fill(0), new Array<number>(BINS).fill(0)];
    // The design fixes the priors' scales (centring, autoscale); y is a placeholder until simulated.
    const placeholder = buildModelFrame(createDataTable("sbc", new Map([["y", x.map((_, i) => String(i % 2))], ["x", x], ["g", g]])), "y ~ x + (1 | g)");
    const priors = mcmcPriors(placeholder);
    for (let r = 0; r < REPLICATES; r++) {
      // Let the test runner's messages through between replicates (a long synchronous block starves them).
      await new Promise((resolve) => setImmediate(resolve));
      const rng = createRng(`sbc replicate ${r}`);
      const alpha = priors.betaScale[0]! * rng.normal();
      const slope = priors.betaScale[1]! * rng.normal();
      const intercept = alpha - slope * priors.columnMeans[1]!;
      // Half-Student-t(3, 0, 2.5): 2.5 |Z| / √(χ²₃ / 3).
      const chi2 = rng.normal() ** 2 + rng.normal() ** 2 + rng.normal() ** 2;
      const sigma = (priors.sdScale * Math.abs(rng.normal())) / Math.sqrt(chi2 / priors.sdDf);
      const effects = Array.from({ length: GROUPS }, () => sigma * rng.normal());
      const y = x.map((xi, i) => String(rng.bernoulli(expit(intercept + slope * Number(xi) + effects[Math.floor(i / PER_GROUP)]!))));
      const frame = buildModelFrame(createDataTable("sbc", new Map([["y", y], ["x", x], ["g", g]])), "y ~ x + (1 | g)");
      const chain = runMcmcChain(frame, options, `sbc fit ${r}`, 0);
      const truth = [intercept, slope, Math.log(sigma)];
      const dim = chain.draws.length / chain.drawCount;
      // Monitored row: β₀, β₁, log σ (ψ of a scalar term), σ.
      truth.forEach((value, k) => {
        let rank = 0;
        for (let i = THIN - 1; i < chain.drawCount; i += THIN) if (chain.draws[i * dim + k]! < value) rank++;
        histograms[k]![Math.min(BINS - 1, Math.floor((rank * BINS) / (KEPT + 1)))]!++;
      });
    }
    for (const [k, name] of ["β₀", "β₁", "log σ"].entries()) {
      expect(chiSquare(histograms[k]!), `${name}: ${histograms[k]!.join(" ")}`).toBeLessThan(CHI2_9_99);
    }
    // CPU time is a few seconds; the generous limit only guards against a loaded machine.
  }, 180_000);
});
