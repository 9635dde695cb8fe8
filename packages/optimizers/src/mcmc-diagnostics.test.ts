import { describe, expect, it } from "vitest";
import { createRng } from "@glmmkit/math";
import { basicEss, essBulk, essMean, essTail, pooledQuantile, rankNormalise, rhat, splitChains } from "./mcmc-diagnostics.js";
import { repoReference } from "./test-support/repo-reference.js";

interface PosteriorCase {
  chains: number[][];
  rhat: number;
  ess_bulk: number;
  ess_tail: number;
  ess_mean: number;
}
const reference = repoReference<Record<string, PosteriorCase | string>>("posterior-diagnostics.json");
const cases = Object.entries(reference).filter((e): e is [string, PosteriorCase] => typeof e[1] !== "string");

describe("R-hat and ESS against the R package posterior 1.4.0 (reference/posterior-diagnostics.json)", () => {
  it.each(cases)("%s", (_name, c) => {
    // Same algorithm on the same draws: agreement to rounding.
    expect(rhat(c.chains)).toBeCloseTo(c.rhat, 10);
    expect(essBulk(c.chains)).toBeCloseTo(c.ess_bulk, 7);
    expect(essTail(c.chains)).toBeCloseTo(c.ess_tail, 7);
    expect(essMean(c.chains)).toBeCloseTo(c.ess_mean, 7);
  });
});

describe("diagnostics on chains with known behaviour", () => {
  const rng = createRng("diagnostics");
  const ar1 = (n: number, phi: number, mu = 0) => {
    const x = new Float64Array(n);
    x[0] = mu + rng.normal() / Math.sqrt(1 - phi * phi);
    for (let i = 1; i < n; i++) x[i] = mu + phi * (x[i - 1]! - mu) + rng.normal();
    return x;
  };

  it("independent draws: R-hat near 1 and ESS near the number of draws", () => {
    const chains = Array.from({ length: 4 }, () => ar1(2000, 0));
    expect(rhat(chains)).toBeLessThan(1.005);
    expect(essBulk(chains) / 8000).toBeGreaterThan(0.9);
    expect(essBulk(chains) / 8000).toBeLessThan(1.1);
  });

  it("AR(1) chains: the ESS of the mean is near S (1 − φ)/(1 + φ)", () => {
    const phi = 0.8;
    const chains = Array.from({ length: 4 }, () => ar1(5000, phi));
    const expected = (20000 * (1 - phi)) / (1 + phi);
    expect(essMean(chains) / expected).toBeGreaterThan(0.85);
    expect(essMean(chains) / expected).toBeLessThan(1.15);
  });

  it("a chain stuck elsewhere gives R-hat well above 1.01", () => {
    const chains = [ar1(1000, 0.5), ar1(1000, 0.5), ar1(1000, 0.5), ar1(1000, 0.5, 1)];
    expect(rhat(chains)).toBeGreaterThan(1.05);
  });

  it("constant or non-finite draws have no diagnostics, as in posterior", () => {
    expect(rhat([new Float64Array(10).fill(1), new Float64Array(10).fill(1)])).toBeNaN();
    expect(basicEss([Float64Array.of(1, 2, Number.NaN, 4)])).toBeNaN();
    expect(essBulk([Float64Array.of(1, 2, Number.POSITIVE_INFINITY, 4, 5, 6)])).toBeNaN();
  });

  it("split chains drop the middle draw of an odd length; ranks average over ties", () => {
    expect(splitChains([[1, 2, 3, 4, 5]]).map((c) => [...c])).toEqual([
      [1, 2],
      [4, 5],
    ]);
    const z = rankNormalise([[1, 1, 2]])[0]!;
    expect(z[0]).toBe(z[1]);
    expect(z[2]).toBeGreaterThan(z[0]!);
    expect(pooledQuantile([[1, 2, 3, 4]], 0.5)).toBe(2.5);
  });
});
