import { QrDecomposition, inverse } from "ml-matrix";
import { describe, expect, it } from "vitest";
import {
  applyQTranspose,
  householderQr,
  inverseCrossProductFromQr,
  solveLeastSquaresFromQr,
  upperTriangleOfQr,
} from "./householder-qr.js";
import { createRng, fromMl, randomGaussian, relativeError, toMl } from "./test-support/random-matrices.js";

describe("householderQr", () => {
  it("solves least squares as ml-matrix's QR does, with RᵀR = AᵀA and (RᵀR)⁻¹ its inverse (random tall matrices)", () => {
    const rng = createRng(4242);
    for (let trial = 0; trial < 30; trial++) {
      const p = 1 + rng.integer(0, 7);
      const n = p + rng.integer(0, 40);
      const A = randomGaussian(n, p, rng);
      // Columns on very different scales, as model matrices have.
      for (let j = 0; j < p; j++) {
        const s = Math.pow(10, 6 * rng.uniform() - 3);
        for (let i = 0; i < n; i++) A[j * n + i]! *= s;
      }
      const b = randomGaussian(n, 1, rng);
      const qr = householderQr(A.slice(), n, p)!;
      expect(qr).not.toBeNull();
      const x = solveLeastSquaresFromQr(qr, b.slice());
      const oracle = fromMl(new QrDecomposition(toMl(A, n, p)).solve(toMl(b, n, 1)));
      expect(relativeError(x, oracle)).toBeLessThan(1e-9);

      const R = upperTriangleOfQr(qr);
      const gram = fromMl(toMl(A, n, p).transpose().mmul(toMl(A, n, p)));
      const rtr = fromMl(toMl(R, p, p).transpose().mmul(toMl(R, p, p)));
      expect(relativeError(rtr, gram)).toBeLessThan(1e-12);
      const inv = inverseCrossProductFromQr(qr);
      expect(relativeError(inv, fromMl(inverse(toMl(gram, p, p))))).toBeLessThan(1e-8);
    }
  });

  it("Qᵀ preserves lengths and maps A's columns onto R", () => {
    const rng = createRng(7);
    const n = 12;
    const p = 4;
    const A = randomGaussian(n, p, rng);
    const qr = householderQr(A.slice(), n, p)!;
    const R = upperTriangleOfQr(qr);
    for (let j = 0; j < p; j++) {
      const column = A.slice(j * n, (j + 1) * n);
      applyQTranspose(qr, column);
      for (let i = 0; i < n; i++) expect(column[i]).toBeCloseTo(i < p ? R[j * p + i]! : 0, 12);
    }
    const v = randomGaussian(n, 1, rng);
    const norm = Math.hypot(...v);
    applyQTranspose(qr, v);
    expect(Math.hypot(...v)).toBeCloseTo(norm, 12);
  });

  it("fails on a zero column and refuses a wide matrix", () => {
    const A = Float64Array.from([1, 2, 3, 0, 0, 0]);
    expect(householderQr(A, 3, 2)).toBeNull();
    expect(() => householderQr(new Float64Array(6), 2, 3)).toThrow(/n ≥ p/);
  });
});
