import { describe, expect, it } from "vitest";
import { choleskyFactorFromPsi, covarianceFromCholeskyFactor, type ParameterLayout } from "@glmmkit/core";
import { coordinateMap, rowScaleMap, type ProfileMap } from "./profile-map.js";

/** θ = (β₀, β₁, ψ of a q = 3 term, ψ of a scalar term): dim 2 + 6 + 1. */
const layout: ParameterLayout = {
  p: 2,
  terms: [
    { q: 3, offset: 2, size: 6 },
    { q: 1, offset: 8, size: 1 },
  ],
  dim: 9,
  names: [],
};
const theta = Float64Array.of(0.3, -1.2, Math.log(0.8), 0.4, -0.5, Math.log(1.3), 0.7, Math.log(0.6), Math.log(2));

function sdOf(theta: Float64Array, k: number): number {
  const L = new Float64Array(9);
  choleskyFactorFromPsi(theta, 2, 3, L);
  return Math.sqrt(covarianceFromCholeskyFactor(L, 3)[k * 3 + k]!);
}

/** Jacobian-vector check: ∇_φ (g·θ(c, φ)) by central differences against pullBack(g). */
function expectPullBackMatchesDifferences(map: ProfileMap, value: number, free: Float64Array): void {
  const g = Float64Array.from({ length: map.dim }, (_, k) => Math.sin(k + 1));
  const out = new Float64Array(map.dim - 1);
  map.pullBack(value, free, g, out);
  const at = new Float64Array(map.dim);
  const linear = (phi: Float64Array) => {
    map.theta(value, phi, at);
    return at.reduce((s, v, k) => s + g[k]! * v, 0);
  };
  for (let i = 0; i < free.length; i++) {
    const h = 1e-6;
    const plus = free.slice();
    const minus = free.slice();
    plus[i] += h;
    minus[i] -= h;
    expect(Math.abs((linear(plus) - linear(minus)) / (2 * h) - out[i]!)).toBeLessThan(1e-8);
  }
}

describe("coordinateMap", () => {
  it("removes and reinserts one coordinate, and pulls the gradient back by dropping it", () => {
    const map = coordinateMap(9, 1);
    const free = map.freeOf(theta);
    expect([...free]).toEqual([theta[0], ...theta.slice(2)]);
    expect(map.valueOf(theta)).toBe(theta[1]);
    const back = new Float64Array(9);
    map.theta(map.valueOf(theta), free, back);
    expect([...back]).toEqual([...theta]);
    expectPullBackMatchesDifferences(map, -0.7, free);
  });
});

describe("rowScaleMap", () => {
  for (const k of [1, 2]) {
    it(`holds the SD of effect ${k} of a q = 3 term at e^c whatever the free direction`, () => {
      const map = rowScaleMap(layout, 0, k);
      expect(map.coordinate).toBeNull();
      expect(map.valueOf(theta)).toBeCloseTo(Math.log(sdOf(theta, k)), 14);
      // Round trip θ → (c, φ) → θ.
      const free = map.freeOf(theta);
      const back = new Float64Array(9);
      map.theta(map.valueOf(theta), free, back);
      for (let i = 0; i < 9; i++) expect(back[i]).toBeCloseTo(theta[i]!, 13);
      // Any φ gives σ_k = e^c and leaves the other SDs' rows alone.
      const other = free.map((v, i) => v + 0.3 * Math.cos(i));
      map.theta(Math.log(0.45), other, back);
      expect(sdOf(back, k)).toBeCloseTo(0.45, 13);
      expect(back[0]).toBe(other[0]);
      expectPullBackMatchesDifferences(map, Math.log(0.45), other);
    });
  }

  it("refuses effect 0 (a coordinate) and effects beyond q", () => {
    expect(() => rowScaleMap(layout, 0, 0)).toThrow(/coordinateMap/);
    expect(() => rowScaleMap(layout, 1, 1)).toThrow(/q = 1/);
  });
});
