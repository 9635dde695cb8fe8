import { describe, expect, it } from "vitest";
import { gaussHermite, standardNormalRule } from "./gauss-hermite.js";
import { logGamma } from "./log-gamma.js";
import { logSumExp } from "./log-sum-exp.js";
import { relativeError } from "./test-support/mulberry32.js";

const SQRT_PI = Math.sqrt(Math.PI);

/** log ∫ x^{2k} e^{−x²} dx = log Γ(k + ½). */
function logEvenMoment(k: number): number {
  return logGamma(k + 0.5);
}

/** log Σ wⱼ xⱼ^{2k}, formed in log space so that no term overflows. */
function logRuleMoment(nodes: Float64Array, logWeights: Float64Array, k: number): number {
  const terms: number[] = [];
  for (let j = 0; j < nodes.length; j++) {
    const x = nodes[j]!;
    if (x === 0 && k > 0) continue;
    terms.push(logWeights[j]! + (k === 0 ? 0 : 2 * k * Math.log(Math.abs(x))));
  }
  return logSumExp(terms);
}

describe("gaussHermite", () => {
  it("matches the closed forms for n = 1, 2, 3 and 5", () => {
    const one = gaussHermite(1);
    expect(Array.from(one.nodes)).toEqual([0]);
    expect(relativeError(one.weights[0]!, SQRT_PI)).toBeLessThan(1e-15);

    const two = gaussHermite(2);
    expect(relativeError(two.nodes[1]!, Math.SQRT1_2)).toBeLessThan(2e-16);
    expect(two.nodes[0]).toBe(-two.nodes[1]!);
    for (const w of two.weights) expect(relativeError(w, SQRT_PI / 2)).toBeLessThan(1e-15);

    const three = gaussHermite(3);
    expect(three.nodes[1]).toBe(0);
    expect(relativeError(three.nodes[2]!, Math.sqrt(1.5))).toBeLessThan(2e-16);
    expect(relativeError(three.weights[1]!, (2 * SQRT_PI) / 3)).toBeLessThan(5e-16);
    expect(relativeError(three.weights[2]!, SQRT_PI / 6)).toBeLessThan(5e-16);

    // H₅ roots: 0 and ±√((5 ∓ √10)/2); weights 8√π/15 and √π(7 ± 2√10)/60.
    const five = gaussHermite(5);
    const sqrt10 = Math.sqrt(10);
    expect(five.nodes[2]).toBe(0);
    expect(relativeError(five.nodes[3]!, Math.sqrt((5 - sqrt10) / 2))).toBeLessThan(4e-16);
    expect(relativeError(five.nodes[4]!, Math.sqrt((5 + sqrt10) / 2))).toBeLessThan(4e-16);
    expect(relativeError(five.weights[2]!, (8 * SQRT_PI) / 15)).toBeLessThan(5e-16);
    expect(relativeError(five.weights[3]!, (SQRT_PI * (7 + 2 * sqrt10)) / 60)).toBeLessThan(1e-15);
    expect(relativeError(five.weights[4]!, (SQRT_PI * (7 - 2 * sqrt10)) / 60)).toBeLessThan(1e-14);
  });

  it("has ascending, symmetric nodes and weights summing to √π for n = 1…200", () => {
    for (let n = 1; n <= 200; n++) {
      const { nodes, weights, logWeights } = gaussHermite(n);
      expect(nodes.length).toBe(n);
      let sum = 0;
      const problems: string[] = [];
      for (let j = 0; j < n; j++) {
        if (j > 0 && !(nodes[j]! > nodes[j - 1]!))
          problems.push(`n=${n}: nodes not ascending at ${j}`);
        if (nodes[n - 1 - j]! + nodes[j]! !== 0)
          problems.push(`n=${n}: nodes not symmetric at ${j}`);
        if (weights[n - 1 - j] !== weights[j])
          problems.push(`n=${n}: weights not symmetric at ${j}`);
        if (!(weights[j]! > 0)) problems.push(`n=${n}: weight ${j} not positive`);
        if (relativeError(Math.log(weights[j]!), logWeights[j]!) > 1e-15) {
          problems.push(`n=${n}: logWeight ${j} disagrees with weight`);
        }
        sum += weights[j]!;
      }
      expect(problems).toEqual([]);
      expect(relativeError(sum, SQRT_PI)).toBeLessThan(1e-14);
    }
  });

  it("integrates x^{2k} e^{−x²} exactly for 2k ≤ 2n − 1 (log space, so n = 200 works too)", () => {
    for (const n of [1, 2, 3, 4, 7, 10, 16, 25, 40, 64, 100, 150, 200]) {
      const { nodes, logWeights } = gaussHermite(n);
      for (let k = 0; 2 * k <= 2 * n - 1; k++) {
        const error = Math.abs(logRuleMoment(nodes, logWeights, k) - logEvenMoment(k));
        // An error of δ in log is a relative error of ≈ δ.
        expect(error).toBeLessThan(1e-12);
      }
    }
  });

  it("misses x^{2n} by exactly the Gauss error term √π·n!/2ⁿ", () => {
    // E_n(f) = n!√π / (2ⁿ (2n)!) · f^{(2n)}(ξ) (A&S 25.4.46); for f = x^{2n}, f^{(2n)} = (2n)!.
    let factorial = 1;
    for (let n = 1; n <= 10; n++) {
      factorial *= n;
      const { nodes, weights } = gaussHermite(n);
      let rule = 0;
      for (let j = 0; j < n; j++) rule += weights[j]! * nodes[j]! ** (2 * n);
      const exact = Math.exp(logGamma(n + 0.5));
      const errorTerm = (SQRT_PI * factorial) / 2 ** n;
      expect(relativeError(exact - rule, errorTerm)).toBeLessThan(1e-10);
    }
  });

  it("n = 100: weights sum to √π and Σ w x² = √π/2 in plain arithmetic", () => {
    const { nodes, weights, logWeights } = gaussHermite(100);
    let sum = 0;
    let second = 0;
    for (let j = 0; j < 100; j++) {
      sum += weights[j]!;
      second += weights[j]! * nodes[j]! * nodes[j]!;
    }
    expect(relativeError(sum, SQRT_PI)).toBeLessThan(1e-14);
    expect(relativeError(second, SQRT_PI / 2)).toBeLessThan(1e-14);
    // Largest node and its weight, from mpmath 1.3.0 at 80 digits: Newton on H₁₀₀ to the root
    // 13.40648733814491013849…, weight 2⁹⁹·100!·√π / (100²·H₉₉(x)²) = 5.908067865031207e−79.
    expect(relativeError(nodes[99]!, 13.40648733814491)).toBeLessThan(2e-16);
    // w ∝ e^{−x²} turns the node's rounding (≈ 1e−16 relative) into ≈ 2x²·1e−16 ≈ 4e−14 here.
    expect(relativeError(weights[99]!, 5.908067865031207e-79)).toBeLessThan(1e-13);
    expect(relativeError(logWeights[0]!, -180.12790349495435)).toBeLessThan(1e-15);
  });

  it("works well past n = 200 (weights underflow but their logs do not)", () => {
    const { nodes, weights, logWeights } = gaussHermite(400);
    expect(relativeError(Math.exp(logSumExp(logWeights) - Math.log(SQRT_PI)), 1)).toBeLessThan(
      1e-13
    );
    expect(weights[0]).toBe(0);
    expect(Number.isFinite(logWeights[0]!)).toBe(true);
    expect(nodes[399]).toBe(-nodes[0]!);
  });

  it("caches by order but hands out copies the caller may mutate", () => {
    const first = gaussHermite(7);
    first.nodes[0] = 123;
    first.weights.fill(0);
    const second = gaussHermite(7);
    expect(second.nodes[0]).not.toBe(123);
    expect(second.weights[3]!).toBeGreaterThan(0);
  });

  it("rejects invalid orders", () => {
    expect(() => gaussHermite(0)).toThrow(RangeError);
    expect(() => gaussHermite(2.5)).toThrow(RangeError);
    expect(() => gaussHermite(Number.NaN)).toThrow(RangeError);
  });
});

describe("standardNormalRule", () => {
  it("integrates polynomials against φ: E[z^{2k}] = (2k − 1)!!", () => {
    for (const n of [1, 3, 8, 20, 50]) {
      const { nodes, weights } = standardNormalRule(n);
      let doubleFactorial = 1;
      for (let k = 0; 2 * k <= 2 * n - 1 && k <= 12; k++) {
        if (k > 0) doubleFactorial *= 2 * k - 1;
        let moment = 0;
        for (let j = 0; j < n; j++) moment += weights[j]! * nodes[j]! ** (2 * k);
        expect(relativeError(moment, doubleFactorial)).toBeLessThan(1e-13);
      }
    }
  });

  it("is the physicists' rule rescaled: z = √2 x, w/√π", () => {
    const physicists = gaussHermite(30);
    const standard = standardNormalRule(30);
    for (let j = 0; j < 30; j++) {
      expect(standard.nodes[j]).toBe(Math.SQRT2 * physicists.nodes[j]!);
      expect(relativeError(standard.weights[j]!, physicists.weights[j]! / SQRT_PI)).toBeLessThan(
        1e-15
      );
      expect(standard.logWeights[j]).toBeCloseTo(physicists.logWeights[j]! - Math.log(SQRT_PI), 13);
    }
  });

  it("integrates a smooth non-polynomial: E[σ(1 + 2z)] for the logistic σ", () => {
    // Reference by a fine midpoint rule on [−12, 12] (error far below the tolerance).
    const sigma = (t: number) => 1 / (1 + Math.exp(-t));
    let reference = 0;
    const steps = 200000;
    const h = 24 / steps;
    for (let i = 0; i < steps; i++) {
      const z = -12 + (i + 0.5) * h;
      reference += sigma(1 + 2 * z) * Math.exp(-0.5 * z * z) * h;
    }
    reference /= Math.sqrt(2 * Math.PI);
    const { nodes, weights } = standardNormalRule(60);
    let quadrature = 0;
    for (let j = 0; j < 60; j++) quadrature += weights[j]! * sigma(1 + 2 * nodes[j]!);
    expect(Math.abs(quadrature - reference)).toBeLessThan(1e-9);
  });
});
