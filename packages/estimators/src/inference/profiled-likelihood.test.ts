/**
 * The profiled likelihood's gradient and Hessian in the free parameters against central differences of its
 * value: exact-Hessian coordinate profiles (cbpp, scalar term) and the row-scale profile of a correlated
 * term's second SD (simulated q = 2 data), whose Hessian is differenced.
 */
import { describe, expect, it } from "vitest";
import { parameterLayout, buildModelFrame } from "@glmmkit/core";
import { readCsvFile } from "@glmmkit/core/node";
import { GlmmLikelihood } from "@glmmkit/laplace";
import { repoReferenceDir, sharedFrame } from "../test-support/reference.js";
import { coordinateMap, rowScaleMap, type ProfileMap } from "./profile-map.js";
import { ProfiledLikelihood } from "./profiled-likelihood.js";

function differenceGradient(f: (x: Float64Array) => number, x: Float64Array, h = 1e-5): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const plus = x.slice();
    const minus = x.slice();
    plus[i] += h;
    minus[i] -= h;
    g[i] = (f(plus) - f(minus)) / (2 * h);
  }
  return g;
}

function checkDerivatives(likelihood: GlmmLikelihood, map: ProfileMap, value: number, theta: Float64Array, hessianTolerance: number) {
  const profiled = new ProfiledLikelihood(likelihood, map);
  profiled.value = value;
  const free = map.freeOf(theta).map((v, i) => v + 0.05 * Math.sin(i + 1));
  const gradient = new Float64Array(profiled.dim);
  profiled.logLikAndGradient(free, gradient);
  // h = 1e-4: PIRLS leaves ℓ noisy at ~1e-11, which a smaller step would amplify.
  const numeric = differenceGradient((x) => profiled.logLik(x), free, 1e-4);
  for (let i = 0; i < profiled.dim; i++) expect(Math.abs(gradient[i]! - numeric[i]!), `gradient ${i}`).toBeLessThan(1e-6 * Math.max(1, Math.abs(numeric[i]!)));
  const hessian = new Float64Array(profiled.dim * profiled.dim);
  profiled.hessian(free, hessian);
  for (let i = 0; i < profiled.dim; i++) {
    const column = differenceGradient((x) => {
      const g = new Float64Array(profiled.dim);
      profiled.logLikAndGradient(x, g);
      return g[i]!;
    }, free, 1e-4);
    for (let j = 0; j < profiled.dim; j++) {
      expect(Math.abs(hessian[j * profiled.dim + i]! - column[j]!), `hessian ${i},${j}`).toBeLessThan(hessianTolerance * Math.max(1, Math.abs(column[j]!)));
    }
  }
}

describe("ProfiledLikelihood", () => {
  it("holds a β or a scalar log σ with the exact Hessian submatrix (cbpp)", () => {
    const frame = sharedFrame("cbpp.csv", "cbind(incidence, size - incidence) ~ period + (1 | herd)", { factors: ["period"] });
    const likelihood = new GlmmLikelihood(frame);
    const theta = Float64Array.of(-1.3985, -0.9923, -1.1287, -1.5803, Math.log(0.6423));
    for (const index of [1, 4]) {
      const map = coordinateMap(5, index);
      expect(new ProfiledLikelihood(likelihood, map).exactHessian).toBe(true);
      checkDerivatives(likelihood, map, theta[index]! + 0.2, theta, 1e-5);
    }
  });

  it("holds the SD of a correlated slope through the row-scale map (differenced Hessian)", () => {
    const frame = buildModelFrame(readCsvFile(`${repoReferenceDir}/data/slope-q2.csv`), "y ~ x + (1 + x | g)");
    const layout = parameterLayout(frame);
    const likelihood = new GlmmLikelihood(frame);
    // lme4: sd = (0.812, 0.731), cor 0.187 → L = [[0.812, 0], [0.137, 0.718]].
    const theta = Float64Array.of(-0.742, 0.809, Math.log(0.812), 0.137, Math.log(0.718));
    const map = rowScaleMap(layout, 0, 1);
    expect(new ProfiledLikelihood(likelihood, map).exactHessian).toBe(false);
    checkDerivatives(likelihood, map, Math.log(0.6), theta, 1e-4);
  });
});
