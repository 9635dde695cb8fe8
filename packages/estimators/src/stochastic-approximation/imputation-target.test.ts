import { describe, expect, it } from "vitest";
import { Matrix, inverse } from "ml-matrix";
import { createRng, expit } from "@glmmkit/math";
import { ConditionalRandomEffects } from "./conditional-random-effects.js";
import { RandomEffectsPrecision } from "./random-effects-precision.js";
import { simulatedFrame } from "../test-support/simulated-frame.js";
import { numericalGradient } from "../test-support/richardson.js";

/** Random lower-triangular factors with positive diagonals for each term. */
function randomFactors(qs: number[], seed: string): Float64Array[] {
  const rng = createRng(seed);
  return qs.map((q) => {
    const L = new Float64Array(q * q);
    for (let c = 0; c < q; c++) for (let r = c; r < q; r++) L[c * q + r] = r === c ? 0.5 + rng.uniform() : 0.4 * rng.normal();
    return L;
  });
}

function precisionOf(L: Float64Array, q: number): Float64Array {
  const S = new Matrix(q, q);
  for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) {
    let s = 0;
    for (let k = 0; k < q; k++) s += L[k * q + i]! * L[k * q + j]!;
    S.set(i, j, s);
  }
  return Float64Array.from(inverse(S).transpose().to1DArray());
}

// A correlated (intercept, slope) term beside a scalar one (Λ block lower-triangular), and two crossed scalar
// terms only (Λ diagonal: every block goes through the scalar terms' plain loop).
describe.each(["cbind(s, m - s) ~ x + (1 + x | g) + (1 | h)", "cbind(s, m - s) ~ x + (1 | g) + (1 | h)"])("the imputation target and its preconditioner, %s", (formula) => {
  const frame = simulatedFrame(formula, { n: 90, gLevels: 7, hLevels: 5, seed: "imputation" });
  const qs = frame.terms.map((t) => t.q);
  const factors = randomFactors(qs, "factors");
  const precisions = factors.map((L, t) => precisionOf(L, qs[t]!));
  const beta = Float64Array.of(-0.2, 0.5);

  it("log f(b | y; θ) has the exact gradient (Richardson differences)", () => {
    const target = new ConditionalRandomEffects(frame);
    target.setParameters(beta, precisions);
    const rng = createRng("b");
    const b = Float64Array.from({ length: target.dim }, () => rng.normal());
    const g = new Float64Array(target.dim);
    target.logDensityAndGradient(b, g);
    const numeric = numericalGradient((v) => target.logDensity(v), b);
    for (let k = 0; k < target.dim; k++) expect(g[k]).toBeCloseTo(numeric[k]!, 7);
  });

  it("M = blockdiag(Σ⁻¹) + ZᵀWZ at b = 0 through Λ and the penalised system: solve, noise and quadratic form against a dense oracle", () => {
    const target = new ConditionalRandomEffects(frame);
    target.setParameters(beta, precisions);
    const { structure } = target;
    const Q = structure.Q;
    const dense = new Matrix(Q, Q);
    structure.terms.forEach((t, term) => {
      for (let j = 0; j < t.levels; j++) {
        for (let r = 0; r < t.q; r++) for (let c = 0; c < t.q; c++) dense.set(t.offset + j * t.q + r, t.offset + j * t.q + c, precisions[term]![c * t.q + r]!);
      }
    });
    for (let i = 0; i < frame.n; i++) {
      const mu = expit(target.fixedPredictor[i]!);
      const w = frame.trials[i]! * mu * (1 - mu);
      for (let r = 0; r < structure.R; r++) {
        for (let s = 0; s < structure.R; s++) {
          const a = structure.rowPositions[i * structure.R + r]!;
          const b = structure.rowPositions[i * structure.R + s]!;
          dense.set(a, b, dense.get(a, b) + w * structure.rowZ[i * structure.R + r]! * structure.rowZ[i * structure.R + s]!);
        }
      }
    }
    const denseInverse = inverse(dense);
    const preconditioner = new RandomEffectsPrecision(structure, frame.y, frame.trials);
    expect(preconditioner.update(target.fixedPredictor, factors)).toBe(true);
    const rng = createRng("v");
    const v = Float64Array.from({ length: Q }, () => rng.normal());
    const out = new Float64Array(Q);
    preconditioner.applyCovariance(v, out);
    const expected = denseInverse.mmul(Matrix.columnVector([...v])).to1DArray();
    for (let k = 0; k < Q; k++) expect(out[k]).toBeCloseTo(expected[k]!, 9);
    const quadratic = Matrix.rowVector([...v]).mmul(dense).mmul(Matrix.columnVector([...v])).get(0, 0);
    expect(preconditioner.precisionQuadraticForm(v) / quadratic).toBeCloseTo(1, 11);
    // Noise columns W: W Wᵀ = M⁻¹.
    const W = Array.from({ length: Q }, (_, c) => {
      const e = new Float64Array(Q);
      e[c] = 1;
      preconditioner.colourNoise(e, e);
      return e;
    });
    let worst = 0;
    for (let i = 0; i < Q; i++) for (let j = 0; j < Q; j++) {
      let s = 0;
      for (let c = 0; c < Q; c++) s += W[c]![i]! * W[c]![j]!;
      worst = Math.max(worst, Math.abs(s - denseInverse.get(i, j)));
    }
    expect(worst).toBeLessThan(1e-10);
    // whiten is the partner of colourNoise: colourNoise(whiten(v)) = M⁻¹ v (the whitened MALA step uses both).
    const whitened = new Float64Array(Q);
    preconditioner.whiten(v, whitened);
    preconditioner.colourNoise(whitened, whitened);
    for (let k = 0; k < Q; k++) expect(whitened[k]).toBeCloseTo(expected[k]!, 9);
  });
});
