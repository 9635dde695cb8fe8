import { EigenvalueDecomposition, Matrix, solve as solveLinear } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { capInfinityNorm, maxAbs, newtonDirection } from "./small-dense.js";
import { mulberry32, normal } from "./test-support/problems.js";

/** Column-major n×n A = BᵀB + shift·I from a seeded random B. */
function randomSymmetric(seed: number, n: number, shift: number): Float64Array {
  const uniform = mulberry32(seed);
  const b = Array.from({ length: n * n }, () => normal(uniform));
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = i === j ? shift : 0;
      for (let k = 0; k < n; k++) s += b[k * n + i]! * b[k * n + j]!;
      a[j * n + i] = s;
    }
  }
  return a;
}

function toMatrix(a: Float64Array, n: number): Matrix {
  // Symmetric, so row- and column-major agree.
  return Matrix.from1DArray(n, n, Array.from(a));
}

function smallestEigenvalue(a: Float64Array, n: number): number {
  return Math.min(...new EigenvalueDecomposition(toMatrix(a, n)).realEigenvalues);
}

describe("newtonDirection", () => {
  /** −B⁻¹g for a given B, by ml-matrix (the independent oracle). */
  function solve(b: Float64Array, g: Float64Array, n: number): number[] {
    const x = new Matrix(n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) x.set(i, j, b[j * n + i]!);
    const r = solveLinear(x, Matrix.columnVector(Array.from(g)));
    return r.to1DArray().map((v) => -v);
  }

  it("is the Newton direction −H⁻¹g for a positive definite H, with no modification", () => {
    const n = 5;
    const h = randomSymmetric(7, n, 0.5);
    const g = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1));
    const out = new Float64Array(n);
    expect(newtonDirection(h, g, n, new Float64Array(n * n), out)).toBe(0);
    solve(h, g, n).forEach((v, i) => expect(out[i]).toBeCloseTo(v, 10));
  });

  it("flips negative curvature in the Jacobi-scaled metric: −(D V|Λ|Vᵀ D)⁻¹ g, a descent direction", () => {
    for (let seed = 1; seed <= 15; seed++) {
      const n = 2 + (seed % 5);
      const h = randomSymmetric(seed, n, -3);
      expect(smallestEigenvalue(h, n)).toBeLessThan(0);
      const g = Float64Array.from({ length: n }, (_, i) => Math.cos(seed + i));
      const out = new Float64Array(n);
      const shift = newtonDirection(h, g, n, new Float64Array(n * n), out);
      expect(shift).toBeGreaterThan(0);
      let slope = 0;
      for (let i = 0; i < n; i++) slope += out[i]! * g[i]!;
      expect(slope).toBeLessThan(0);
      // The oracle: B = D V |Λ| Vᵀ D from ml-matrix's eigen-decomposition of the scaled matrix.
      const d = Array.from({ length: n }, (_, i) => Math.sqrt(Math.abs(h[i * n + i]!)));
      const s = new Matrix(n, n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s.set(i, j, h[j * n + i]! / (d[i]! * d[j]!));
      const e = new EigenvalueDecomposition(s);
      const abs = Matrix.diag(e.realEigenvalues.map((v) => Math.abs(v)));
      const scaled = e.eigenvectorMatrix.mmul(abs).mmul(e.eigenvectorMatrix.transpose());
      const b = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) b[j * n + i] = scaled.get(i, j) * d[i]! * d[j]!;
      solve(b, g, n).forEach((v, i) => expect(out[i]).toBeCloseTo(v, 8));
    }
  });

  it("does not depend on the units of the parameters (a diagonal rescaling maps the direction along)", () => {
    const n = 4;
    const h = randomSymmetric(3, n, -2);
    const g = Float64Array.from([0.3, -1.2, 0.7, 0.05]);
    const scale = [1e-3, 1, 50, 2e4];
    // x = S y: H_y = S H S, g_y = S g, and the direction in y is S⁻¹ times the direction in x.
    const hy = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) hy[j * n + i] = h[j * n + i]! * scale[i]! * scale[j]!;
    const gy = g.map((v, i) => v * scale[i]!);
    const dx = new Float64Array(n);
    const dy = new Float64Array(n);
    newtonDirection(h, g, n, new Float64Array(n * n), dx);
    newtonDirection(hy, gy, n, new Float64Array(n * n), dy);
    for (let i = 0; i < n; i++) expect(dy[i]! * scale[i]!).toBeCloseTo(dx[i]!, 10);
  });

  it("returns NaN for non-finite input and handles a zero or rank-deficient H", () => {
    const out = new Float64Array(2);
    expect(newtonDirection(Float64Array.from([1, Number.NaN, Number.NaN, 1]), Float64Array.from([1, 1]), 2, new Float64Array(4), out)).toBeNaN();
    expect(newtonDirection(new Float64Array(4), Float64Array.from([1, -2]), 2, new Float64Array(4), out)).toBeGreaterThan(0);
    expect(out[0]! * 1 + out[1]! * -2).toBeLessThan(0);
    // diag(1, 1e-17): numerically singular, so its tiny eigenvalue is raised to 1e-8 of the largest.
    const shift = newtonDirection(Float64Array.from([1, 0, 0, 1e-17]), Float64Array.from([1, 1]), 2, new Float64Array(4), out);
    expect(Number.isFinite(shift)).toBe(true);
    expect(Number.isFinite(out[1]!)).toBe(true);
  });
});

describe("capInfinityNorm / maxAbs", () => {
  it("scales only long vectors and keeps the direction", () => {
    const v = Float64Array.from([30, -40]);
    capInfinityNorm(v, 10);
    expect(Array.from(v)).toEqual([7.5, -10]);
    const w = Float64Array.from([1, -2]);
    capInfinityNorm(w, 10);
    expect(Array.from(w)).toEqual([1, -2]);
    expect(maxAbs(Float64Array.from([1, -3, 2]))).toBe(3);
    expect(maxAbs(Float64Array.from([1, Number.NaN, 5]))).toBeNaN();
  });
});
