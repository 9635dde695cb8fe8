/**
 * Many replicates against the model, with tolerances from the statistics' own standard errors (4 SEs,
 * fixed seeds): the drawn random effects have the stated variances and correlations, and the mean
 * response equals the marginal prevalence integrated numerically.
 */
import { createDataTable } from "@glmmkit/core";
import { describe, expect, it } from "vitest";
import { modelDesign } from "./designs/model.js";
import { createSimulator, type Simulator } from "./simulate.js";

const Z = 4;

/** Mean of per-replicate success shares (Σy / Σm) and its SE from their spread across replicates. */
function meanResponse(simulator: Simulator, replicates: number): { mean: number; se: number; prevalence: number } {
  const shares: number[] = [];
  for (let k = 1; k <= replicates; k++) {
    const { frame } = simulator.replicate(k);
    let y = 0;
    let m = 0;
    for (let i = 0; i < frame.n; i++) {
      y += frame.y[i]!;
      m += frame.trials[i]!;
    }
    shares.push(y / m);
  }
  const mean = shares.reduce((a, b) => a + b, 0) / replicates;
  const variance = shares.reduce((a, s) => a + (s - mean) ** 2, 0) / (replicates - 1);
  return { mean, se: Math.sqrt(variance / replicates), prevalence: simulator.replicate(1).truth.marginalPrevalence };
}

/** Pooled draws of term t's effects over replicates: second moments about the known mean 0. */
function effectMoments(simulator: Simulator, t: number, replicates: number): { q: number; count: number; moments: Float64Array } {
  let count = 0;
  let q = 0;
  let moments = new Float64Array(0);
  for (let k = 1; k <= replicates; k++) {
    const effects = simulator.replicate(k).randomEffects[t]!;
    q = effects.termNames.length;
    if (moments.length === 0) moments = new Float64Array(q * q);
    for (let j = 0; j < effects.levels.length; j++) {
      for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) moments[a * q + b] += effects.values[j * q + a]! * effects.values[j * q + b]!;
      count++;
    }
  }
  return { q, count, moments: moments.map((v) => v / count) };
}

/** |Ĉ_ab − Σ_ab| within Z SEs, Var(u_a u_b) = Σ_aa Σ_bb + Σ_ab² for a zero-mean normal pair. */
function expectCovariance(simulator: Simulator, t: number, replicates: number, sigma: readonly number[][]): void {
  const { q, count, moments } = effectMoments(simulator, t, replicates);
  for (let a = 0; a < q; a++) {
    for (let b = 0; b < q; b++) {
      const se = Math.sqrt((sigma[a]![a]! * sigma[b]![b]! + sigma[a]![b]! ** 2) / count);
      expect(Math.abs(moments[a * q + b]! - sigma[a]![b]!)).toBeLessThan(Z * se);
    }
  }
}

const table = createDataTable(
  "design.csv",
  new Map<string, string[]>([
    ["x", Array.from({ length: 240 }, (_, i) => String(((i * 37) % 17) / 8 - 1))],
    ["g", Array.from({ length: 240 }, (_, i) => `g${i % 40}`)],
    ["n", Array.from({ length: 240 }, (_, i) => String(1 + (i % 6)))],
  ]),
);

describe("random effects have the stated covariance", () => {
  it("booth-hobert: var(u) = 0.5", () => expectCovariance(createSimulator("booth-hobert", {}, { seed: 1 }), 0, 2000, [[0.5]]));
  it("extreme-effects: var(u) = 9", () => expectCovariance(createSimulator("extreme-effects", { n: 50, lambda: 0 }, { seed: 1 }), 0, 2000, [[9]]));
  it("salamander: crossed, var(u_F) = 1.40, var(u_M) = 1.25", () => {
    const simulator = createSimulator("salamander", {}, { seed: 1 });
    expectCovariance(simulator, 0, 200, [[1.4]]);
    expectCovariance(simulator, 1, 200, [[1.25]]);
  });
  it("model: a correlated intercept and slope, SDs (1.2, 0.5), ρ = −0.6", () => {
    const design = modelDesign({
      data: table,
      formula: "cbind(s, n - s) ~ x + (1 + x | g)",
      parameters: { beta: { "(Intercept)": -0.3, x: 0.8 }, sd: { "g:(Intercept)": 1.2, "g:x": 0.5 }, correlation: { "g:(Intercept):x": -0.6 } },
    });
    const c = -0.6 * 1.2 * 0.5;
    expectCovariance(createSimulator(design, {}, { seed: 1 }), 0, 500, [
      [1.44, c],
      [c, 0.25],
    ]);
  });
});

describe("mean response equals the marginal prevalence (random effects integrated numerically)", () => {
  const cases: [string, Simulator][] = [
    ["booth-hobert", createSimulator("booth-hobert", {}, { seed: 2 })],
    ["culcita", createSimulator("culcita", {}, { seed: 2 })],
    ["salamander", createSimulator("salamander", {}, { seed: 2 })],
    ["extreme-effects n=50, λ=4", createSimulator("extreme-effects", { n: 50, lambda: 4 }, { seed: 2 })],
    [
      "model: binomial counts, correlated slope",
      createSimulator(
        modelDesign({
          data: table,
          formula: "cbind(s, n - s) ~ x + (1 + x | g)",
          parameters: { beta: { "(Intercept)": -0.3, x: 0.8 }, sd: { "g:(Intercept)": 1.2, "g:x": 0.5 }, correlation: { "g:(Intercept):x": -0.6 } },
        }),
        {},
        { seed: 2 },
      ),
    ],
  ];
  it.each(cases)("%s", (_, simulator) => {
    const { mean, se, prevalence } = meanResponse(simulator, 1500);
    expect(Math.abs(mean - prevalence)).toBeLessThan(Z * se);
  });
});
