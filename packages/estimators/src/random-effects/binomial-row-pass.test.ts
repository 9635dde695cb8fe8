import type { RandomEffectsStructure } from "@glmmkit/laplace";
import { binomialLogitRow, type RowDerivatives } from "@glmmkit/laplace";
import { createRng } from "@glmmkit/math";
import { describe, expect, it } from "vitest";
import { binomialRowPass } from "./binomial-row-pass.js";
import { InterceptRowPass, interceptsOnly } from "./intercept-row-pass.js";

/** The fields of a structure the row pass reads: n rows, each touching R of Q effects (z = 1 for intercepts). */
function rowStructure(n: number, R: number, Q: number, seed: string, intercepts = false): RandomEffectsStructure {
  const rng = createRng(seed);
  const rowPositions = new Int32Array(n * R);
  const rowZ = new Float64Array(n * R);
  for (let k = 0; k < n * R; k++) {
    rowPositions[k] = Math.floor(rng.uniform() * Q);
    rowZ[k] = intercepts || k % 3 === 0 ? 1 : 2 * rng.uniform() - 1;
  }
  return { n, R, Q, rowPositions, rowZ } as unknown as RandomEffectsStructure;
}

/** The oracle: laplace's per-row kernel (Math.exp and log1p, one row at a time). */
function oracle(s: RandomEffectsStructure, y: Float64Array, m: Float64Array, base: Float64Array, b: Float64Array) {
  const row: RowDerivatives = { f: 0, fPrime: 0, w: 0, mu: 0 };
  const gradient = new Float64Array(s.Q);
  const residuals = new Float64Array(s.n);
  let value = 0;
  for (let i = 0; i < s.n; i++) {
    let eta = base[i]!;
    for (let r = 0; r < s.R; r++) eta += s.rowZ[i * s.R + r]! * b[s.rowPositions[i * s.R + r]!]!;
    binomialLogitRow(eta, y[i]!, m[i]!, row);
    value += row.f;
    residuals[i] = row.fPrime;
    for (let r = 0; r < s.R; r++) gradient[s.rowPositions[i * s.R + r]!] += row.fPrime * s.rowZ[i * s.R + r]!;
  }
  return { value, gradient, residuals };
}

function data(n: number, seed: string, spread: number, binomialShare: number) {
  const rng = createRng(seed);
  const y = new Float64Array(n);
  const m = new Float64Array(n);
  const base = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    m[i] = rng.uniform() < binomialShare ? Math.floor(rng.uniform() * 6) : 1; // 0 … 5 trials, or binary
    y[i] = Math.floor(rng.uniform() * (m[i]! + 1));
    base[i] = spread * (2 * rng.uniform() - 1);
  }
  return { y, m, base };
}

describe("binomialRowPass", () => {
  for (const [R, label] of [
    [1, "one effect per row"],
    [2, "two effects per row (two crossed scalar terms, or intercept and slope)"],
    [3, "three effects per row (crossed / random slopes)"],
  ] as const) {
    it(`matches the per-row oracle for ${label}: binary and binomial rows, |η| up to 40`, () => {
      const Q = 25;
      const s = rowStructure(400, R, Q, `structure ${R}`);
      const { y, m, base } = data(400, `data ${R}`, 35, 0.3);
      const b = Float64Array.from({ length: Q }, (_, k) => Math.sin(k) * 3);
      const expected = oracle(s, y, m, base, b);
      const gradient = new Float64Array(Q);
      const residuals = new Float64Array(400);
      const value = binomialRowPass(s, y, m, base, b, gradient, residuals);
      expect(Math.abs(value - expected.value)).toBeLessThan(1e-12 * Math.abs(expected.value));
      for (let k = 0; k < Q; k++) expect(Math.abs(gradient[k]! - expected.gradient[k]!)).toBeLessThan(1e-13 * (1 + Math.abs(expected.gradient[k]!)));
      for (let i = 0; i < 400; i++) expect(Math.abs(residuals[i]! - expected.residuals[i]!)).toBeLessThan(1e-14 * (1 + m[i]!));
      // The value alone (no gradient wanted) is the same number.
      expect(binomialRowPass(s, y, m, base, b, null, null)).toBe(value);
    });
  }

  it("folds the running product into the log before it overflows (5 000 binary rows at η = 0)", () => {
    const n = 5000;
    const s = rowStructure(n, 1, 10, "many rows");
    const y = new Float64Array(n).fill(1);
    const m = new Float64Array(n).fill(1);
    const value = binomialRowPass(s, y, m, new Float64Array(n), new Float64Array(10), null, null);
    // Each row: 1·0 − log 2; a product of 2^5000 would be ∞ if it were not folded.
    expect(value).toBeCloseTo(-n * Math.LN2, 9);
  });
});

describe("interceptRowPass (random intercepts only: e^η as e^{base} times the effects' exps)", () => {
  // Binomial rows among binary ones take the general loop; all-binary data with one or two terms per row the
  // binary loop (with a gradient), three terms the general one again.
  for (const R of [1, 2, 3]) {
    for (const [spread, label] of [
      [35, "|η| up to 40"],
      [900, "|η| up to 900: e^η overflowing or underflowing, factors above 2⁶⁴"],
    ] as const) {
      for (const [binomialShare, rows] of [[0.3, "binary and binomial rows"], [0, "binary rows only"]] as const) {
      it(`matches the per-row oracle with ${R} intercept(s) per row, ${rows}, ${label}`, () => {
        const Q = 25;
        const n = 400;
        const s = rowStructure(n, R, Q, `intercepts ${R}`, true);
        expect(interceptsOnly(s)).toBe(true);
        const { y, m, base } = data(n, `intercept data ${R} ${spread}`, spread, binomialShare);
        const b = Float64Array.from({ length: Q }, (_, k) => Math.sin(k) * 3);
        const expected = oracle(s, y, m, base, b);
        const gradient = new Float64Array(Q);
        const pass = new InterceptRowPass(s, y, m);
        // A first base, then the data's: the pass must follow setBase.
        pass.setBase(new Float64Array(n).fill(0.5));
        pass.setBase(base);
        const value = pass.evaluate(b, gradient);
        expect(Math.abs(value - expected.value)).toBeLessThan(1e-12 * Math.abs(expected.value));
        for (let k = 0; k < Q; k++) expect(Math.abs(gradient[k]! - expected.gradient[k]!)).toBeLessThan(1e-13 * (1 + Math.abs(expected.gradient[k]!)));
        // Without a gradient the general loop runs: the same operations in the same order, so the same bits.
        expect(pass.evaluate(b, null)).toBe(value);
      });
      }
    }
  }

  it("keeps its accuracy where a factor is subnormal but the product is not, and where m e^η overflows", () => {
    // Row 0: e^{−760} · e^{380} · e^{380} (η = 0); row 1: m = 5 at η = 709.5 (m e^η > DBL_MAX, e^η finite);
    // row 2: e^{−740} · e^{370} · e^{370}.
    const s = { n: 3, R: 2, Q: 4, rowPositions: Int32Array.of(0, 1, 2, 3, 0, 1), rowZ: new Float64Array(6).fill(1) } as unknown as RandomEffectsStructure;
    const y = Float64Array.of(1, 3, 0);
    const m = Float64Array.of(1, 5, 1);
    const base = Float64Array.of(-760, 709.5, -740);
    const b = Float64Array.of(380, 380, 0, 0);
    // Row 2 reads b[0] + b[1] = 760: η = 20.
    const expected = oracle(s, y, m, base, b);
    const pass = new InterceptRowPass(s, y, m);
    pass.setBase(base);
    const gradient = new Float64Array(4);
    const value = pass.evaluate(b, gradient);
    expect(Math.abs(value - expected.value)).toBeLessThan(1e-12 * Math.abs(expected.value));
    for (let k = 0; k < 4; k++) expect(Math.abs(gradient[k]! - expected.gradient[k]!)).toBeLessThan(1e-12 * (1 + Math.abs(expected.gradient[k]!)));
  });

  it("folds the running product into the log before it overflows (5 000 binary rows at η = 0)", () => {
    const n = 5000;
    const s = rowStructure(n, 1, 10, "many rows", true);
    const ones = new Float64Array(n).fill(1);
    const pass = new InterceptRowPass(s, ones, ones);
    pass.setBase(new Float64Array(n));
    const value = pass.evaluate(new Float64Array(10), null);
    expect(value).toBeCloseTo(-n * Math.LN2, 9);
  });

  it("is not used when some z differs from 1", () => {
    const slopes = rowStructure(50, 2, 5, "slopes");
    expect(interceptsOnly(slopes)).toBe(false);
    expect(() => new InterceptRowPass(slopes, new Float64Array(50), new Float64Array(50).fill(1))).toThrow(/must be 1/);
  });
});
