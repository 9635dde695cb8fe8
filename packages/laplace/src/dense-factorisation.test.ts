import { describe, expect, it } from "vitest";
import { symmetricPatternFromEntries } from "@glmmkit/linalg";
import { denseFactorisation } from "./dense-factorisation.js";
import { defaultFactorisation } from "./default-factorisation.js";

/** A 6 × 6 SPD matrix on a sparse pattern (an arrow and a chain), its values aligned with the pattern. */
function arrowMatrix() {
  const n = 6;
  const pattern = symmetricPatternFromEntries(n, Int32Array.of(5, 5, 5, 1, 2), Int32Array.of(0, 1, 2, 0, 3));
  const values = new Float64Array(pattern.rowIndex.length);
  const dense = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    for (let k = pattern.colPtr[c]!; k < pattern.colPtr[c + 1]!; k++) {
      const r = pattern.rowIndex[k]!;
      values[k] = r === c ? 4 + c : 0.3 + 0.1 * (r + c);
      dense[c * n + r] = dense[r * n + c] = values[k]!;
    }
  }
  return { n, pattern, values, dense };
}

/** A⁻¹ by Gauss–Jordan on the dense copy (an oracle independent of either factorisation). */
function inverse(a: Float64Array, n: number): Float64Array {
  const m = Float64Array.from(a);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let c = 0; c < n; c++) {
    const pivot = m[c * n + c]!;
    for (let j = 0; j < n; j++) {
      m[j * n + c] = m[j * n + c]! / pivot;
      inv[j * n + c] = inv[j * n + c]! / pivot;
    }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[c * n + r]!;
      for (let j = 0; j < n; j++) {
        m[j * n + r] = m[j * n + r]! - f * m[j * n + c]!;
        inv[j * n + r] = inv[j * n + r]! - f * inv[j * n + c]!;
      }
    }
  }
  return inv;
}

describe("the factor-alone solves of both factorisations (F = S⁻¹ Pᵀ L)", () => {
  const { n, pattern, values, dense } = arrowMatrix();
  const Ainv = inverse(dense, n);
  for (const [name, factory] of [["dense", denseFactorisation], ["sparse", defaultFactorisation]] as const) {
    for (const scale of [null, Float64Array.of(1, 0.5, 2, 1.5, 0.8, 3)]) {
      it(`${name}${scale === null ? "" : ", with a scale"}: F⁻ᵀ F⁻¹ v = S A⁻¹ S v and the columns of F⁻ᵀ have covariance S A⁻¹ S`, () => {
        const f = factory(pattern);
        expect(f.refactor(values)).toBe(true);
        const s = (i: number): number => (scale === null ? 1 : scale[i]!);
        const target = (i: number, j: number): number => s(i) * Ainv[j * n + i]! * s(j);
        const v = Float64Array.of(0.3, -1.2, 2, 0.7, -0.4, 1.1);
        const whitened = new Float64Array(n);
        f.solveFactor(v, whitened, scale);
        const back = new Float64Array(n);
        f.solveTransposedFactor(whitened, back, scale);
        for (let i = 0; i < n; i++) {
          let expected = 0;
          for (let j = 0; j < n; j++) expected += target(i, j) * v[j]!;
          expect(back[i]).toBeCloseTo(expected, 12);
        }
        const columns = Array.from({ length: n }, (_, c) => {
          const e = new Float64Array(n);
          e[c] = 1;
          const w = new Float64Array(n);
          f.solveTransposedFactor(e, w, scale);
          return w;
        });
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            let sum = 0;
            for (let c = 0; c < n; c++) sum += columns[c]![i]! * columns[c]![j]!;
            expect(sum).toBeCloseTo(target(i, j), 12);
          }
        }
      });
    }
  }
});
