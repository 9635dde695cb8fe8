import { describe, expect, it } from "vitest";
import { binomialLink, createRng } from "@glmmkit/math";
import { columnSupports, disjointColumns, linearPredictor, transposeTimes, weightedCrossProduct, type BinomialData } from "./binomial-likelihood.js";

describe("products with X over the columns' supports", () => {
  // An intercept (dense), three indicator columns of a factor (sparse), a covariate zero in 70 % of the rows
  // (sparse, not an indicator) and one zero in 30 % (dense).
  const rng = createRng("column-supports");
  const n = 500;
  const p = 6;
  const X = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    const level = Math.floor(rng.uniform() * 4);
    X[i] = 1;
    for (let k = 1; k <= 3; k++) X[k * n + i] = level === k ? 1 : 0;
    X[4 * n + i] = rng.uniform() < 0.7 ? 0 : rng.normal();
    X[5 * n + i] = rng.uniform() < 0.3 ? 0 : rng.normal();
  }
  const supports = columnSupports(X, n, p);
  const dense = { X, n, p };
  const disjoint = disjointColumns(X, n, p, supports);
  const sparse = { X, n, p, columnSupport: supports, disjointColumns: disjoint };
  const data = (design: typeof dense): BinomialData => ({
    design,
    y: new Float64Array(n),
    trials: new Float64Array(n).fill(1),
    offset: Float64Array.from({ length: n }, () => rng.normal()),
    link: binomialLink("logit"),
  });

  it("finds the sparse columns and their rows", () => {
    expect(supports.map((s) => s !== null)).toEqual([false, true, true, true, true, false]);
    for (let k = 1; k <= 4; k++) {
      const expected: number[] = [];
      for (let i = 0; i < n; i++) if (X[k * n + i] !== 0) expected.push(i);
      expect(Array.from(supports[k]!)).toEqual(expected);
    }
  });

  it("marks the pairs of sparse columns that share no row: the factor's indicators, not the sparse covariate", () => {
    const pairs: string[] = [];
    for (let c = 0; c < p; c++) for (let r = c + 1; r < p; r++) if (disjoint[c * p + r] === 1) pairs.push(`${c}-${r}`);
    expect(pairs).toEqual(["1-2", "1-3", "2-3"]);
    for (let c = 0; c < p; c++) for (let r = 0; r < p; r++) expect(disjoint[c * p + r]).toBe(disjoint[r * p + c]);
  });

  it("gives the dense loops' results to the bit: Xβ + offset, Xᵀv and Xᵀ diag(w) X", () => {
    const beta = Float64Array.of(0.3, -1.2, 0, 2.5, -0.7, 1.1);
    const withOffset = data(dense);
    const etaDense = new Float64Array(n);
    const etaSparse = new Float64Array(n).fill(Number.NaN);
    linearPredictor(withOffset, beta, etaDense);
    linearPredictor({ ...withOffset, design: sparse }, beta, etaSparse);
    expect(Array.from(etaSparse)).toEqual(Array.from(etaDense));
    const v = Float64Array.from({ length: n }, () => rng.normal());
    const w = Float64Array.from({ length: n }, () => rng.uniform());
    const [a, b] = [new Float64Array(p), new Float64Array(p)];
    transposeTimes(dense, v, a);
    transposeTimes(sparse, v, b);
    expect(Array.from(b)).toEqual(Array.from(a));
    const [F, G] = [new Float64Array(p * p), new Float64Array(p * p)];
    weightedCrossProduct(dense, w, F);
    weightedCrossProduct(sparse, w, G);
    expect(Array.from(G)).toEqual(Array.from(F));
  });
});
