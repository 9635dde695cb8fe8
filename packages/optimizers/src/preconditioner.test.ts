import { describe, expect, it } from "vitest";
import { Matrix, inverse } from "ml-matrix";
import { createRng } from "@glmmkit/math";
import { densePreconditioner, identityPreconditioner } from "./preconditioner.js";

function randomSpd(d: number, seed: string): Float64Array {
  const rng = createRng(seed);
  const A = Matrix.from1DArray(d, d, Array.from({ length: d * d }, () => rng.normal()));
  const M = A.mmul(A.transpose()).add(Matrix.eye(d, d).mul(0.5));
  return Float64Array.from(M.to1DArray()); // symmetric, so row- and column-major agree
}

describe("densePreconditioner against ml-matrix (independent oracle)", () => {
  for (const d of [1, 3, 7]) {
    it(`Σ v = M⁻¹ v, colourNoise gives L⁻ᵀ with L⁻ᵀL⁻¹ = M⁻¹, and vᵀMv (d = ${d})`, () => {
      const M = randomSpd(d, `spd ${d}`);
      const p = densePreconditioner(M, d);
      const Minv = inverse(new Matrix(Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => M[j * d + i]!))));
      const rng = createRng(`v ${d}`);
      const v = Float64Array.from({ length: d }, () => rng.normal());
      const out = new Float64Array(d);
      p.applyCovariance(v, out);
      const expected = Minv.mmul(Matrix.columnVector([...v])).to1DArray();
      for (let k = 0; k < d; k++) expect(out[k]).toBeCloseTo(expected[k]!, 10);
      // Columns S = L⁻ᵀ [e_1 … e_d]: S Sᵀ = M⁻¹.
      const S = Array.from({ length: d }, (_, c) => {
        const e = new Float64Array(d);
        e[c] = 1;
        p.colourNoise(e, e);
        return e;
      });
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) {
          let s = 0;
          for (let c = 0; c < d; c++) s += S[c]![i]! * S[c]![j]!;
          expect(s).toBeCloseTo(Minv.get(i, j), 10);
        }
      }
      let quad = 0;
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) quad += v[i]! * M[j * d + i]! * v[j]!;
      expect(p.precisionQuadraticForm(v)).toBeCloseTo(quad, 9);
      // whiten is colourNoise's partner: L⁻ᵀ(L⁻¹ v) = M⁻¹ v, and ‖L⁻¹v‖² = vᵀM⁻¹v.
      const whitened = new Float64Array(d);
      p.whiten(v, whitened);
      let norm = 0;
      for (let k = 0; k < d; k++) norm += whitened[k]! * whitened[k]!;
      p.colourNoise(whitened, whitened);
      for (let k = 0; k < d; k++) expect(whitened[k]).toBeCloseTo(expected[k]!, 10);
      let inverseQuad = 0;
      for (let k = 0; k < d; k++) inverseQuad += v[k]! * expected[k]!;
      expect(norm).toBeCloseTo(inverseQuad, 9);
    });
  }

  it("identity is plain MALA; a non-positive-definite precision is refused", () => {
    const p = identityPreconditioner(2);
    const out = new Float64Array(2);
    p.applyCovariance(Float64Array.of(1, 2), out);
    expect([...out]).toEqual([1, 2]);
    expect(p.precisionQuadraticForm(Float64Array.of(3, 4))).toBe(25);
    p.whiten(Float64Array.of(5, 6), out);
    expect([...out]).toEqual([5, 6]);
    expect(() => densePreconditioner(Float64Array.of(1, 2, 2, 1), 2)).toThrow(/not positive definite/);
  });
});
