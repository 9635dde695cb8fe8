import { describe, expect, it } from "vitest";
import { SparseCholesky } from "./sparse-cholesky.js";
import { analyseSparseCholesky, type SparseCholeskyOrdering } from "./sparse-cholesky-symbolic.js";
import { patternEntryIndex, symmetricPatternFromEntries, type SymmetricPattern } from "./symmetric-pattern.js";
import {
  blockDiagonalDesign,
  crossedDesign,
  designMatrix,
  designSystem,
  nestedDesign,
  observationLevelDesign,
  partiallyCrossedDesign,
  standardDesigns,
  threeFactorDesign,
  type RandomEffectsDesign,
} from "./test-support/design-patterns.js";
import { createRng, type TestRng } from "./test-support/random-matrices.js";
import { denseOracle, type DenseOracle, randomSymmetricPattern, randomSpdValues, symmetricMatVec } from "./test-support/sparse-oracle.js";

function randomPermutation(n: number, rng: TestRng): Int32Array {
  const order = Int32Array.from({ length: n }, (_, k) => k);
  for (let k = n - 1; k > 0; k--) {
    const r = rng.integer(0, k);
    [order[k], order[r]] = [order[r], order[k]];
  }
  return order;
}

function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let k = 0; k < values.length; k++) m = Math.max(m, Math.abs(values[k]));
  return m;
}

/** Solve, log-det and every entry of the selected inverse against ml-matrix on the dense matrix. */
function checkAgainstDense(
  chol: SparseCholesky,
  pattern: SymmetricPattern,
  values: Float64Array,
  rng: TestRng,
  tolerance: number,
  oracle: DenseOracle = denseOracle(pattern, values),
): void {
  const n = pattern.n;
  expect(Math.abs(chol.logDet() - oracle.logDet)).toBeLessThan(tolerance * Math.max(1, Math.abs(oracle.logDet)));
  const b = Float64Array.from({ length: n }, () => rng.normal());
  const x = b.slice();
  chol.solveInPlace(x);
  // x = A⁻¹ b from the oracle's inverse, norm-wise relative.
  const expected = new Float64Array(n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) expected[i] += oracle.inverse[j * n + i] * b[j];
  let difference = 0;
  for (let i = 0; i < n; i++) difference = Math.max(difference, Math.abs(x[i] - expected[i]));
  expect(difference).toBeLessThan(tolerance * maxAbs(expected));
  // Every entry of the selected inverse, norm-wise relative (one assertion on the worst entry).
  const inverse = new Float64Array(values.length);
  chol.inverseOnPattern(inverse);
  let worst = 0;
  for (let j = 0; j < n; j++) {
    for (let p = pattern.colPtr[j]; p < pattern.colPtr[j + 1]; p++) {
      worst = Math.max(worst, Math.abs(inverse[p] - oracle.inverse[j * n + pattern.rowIndex[p]]));
    }
  }
  expect(worst).toBeLessThan(tolerance * maxAbs(oracle.inverse));
}

describe("SparseCholesky on random sparse SPD matrices", () => {
  it("matches the dense oracle for AMD, natural and random caller orderings, and after refactoring with new values", () => {
    const rng = createRng(2024);
    for (let trial = 0; trial < 60; trial++) {
      const n = rng.integer(1, 45);
      const pattern = randomSymmetricPattern(n, 0.25 * rng.uniform(), rng.integer(0, 2), rng);
      const orderings: SparseCholeskyOrdering[] = ["amd", "natural", randomPermutation(n, rng)];
      for (const ordering of orderings) {
        const chol = new SparseCholesky(analyseSparseCholesky(pattern, { ordering }));
        for (let refactor = 0; refactor < 2; refactor++) {
          // Row/column scalings up to 10^±2 give condition numbers up to ~10^8.
          const values = randomSpdValues(pattern, rng, 2);
          expect(chol.refactor(values)).toBe(true);
          checkAgainstDense(chol, pattern, values, rng, 1e-9);
        }
      }
    }
  });

  it("the factor alone: S Pᵀ L⁻ᵀ maps N(0, I) to N(0, S A⁻¹ S), L⁻¹ P S is its whitening partner, and ‖Lᵀ P v‖² = vᵀ A v (dense oracle)", () => {
    const rng = createRng(77);
    for (let trial = 0; trial < 20; trial++) {
      const n = rng.integer(1, 30);
      const pattern = randomSymmetricPattern(n, 0.3 * rng.uniform(), rng.integer(0, 2), rng);
      for (const ordering of ["amd", randomPermutation(n, rng)] as SparseCholeskyOrdering[]) {
        const chol = new SparseCholesky(analyseSparseCholesky(pattern, { ordering }));
        const values = randomSpdValues(pattern, rng, 1);
        expect(chol.refactor(values)).toBe(true);
        const oracle = denseOracle(pattern, values);
        for (const scale of [null, Float64Array.from({ length: n }, () => 0.2 + 2 * rng.uniform())]) {
          const s = (i: number): number => (scale === null ? 1 : scale[i]!);
          // (S A⁻¹ S)_ij = s_i (A⁻¹)_ij s_j.
          const target = (i: number, j: number): number => s(i) * oracle.inverse[j * n + i]! * s(j);
          // Columns w_c = S Pᵀ L⁻ᵀ e_c; (W Wᵀ)_ij = Σ_c w_c[i] w_c[j].
          const W = Array.from({ length: n }, (_, c) => {
            const e = new Float64Array(n);
            e[c] = 1;
            const w = new Float64Array(n);
            chol.solveTransposedFactor(e, w, scale);
            expect(e[c]).toBe(1);
            return w;
          });
          let worst = 0;
          let size = 0;
          for (let i = 0; i < n; i++) {
            for (let j = 0; j < n; j++) {
              let sum = 0;
              for (let c = 0; c < n; c++) sum += W[c]![i]! * W[c]![j]!;
              worst = Math.max(worst, Math.abs(sum - target(i, j)));
              size = Math.max(size, Math.abs(target(i, j)));
            }
          }
          expect(worst).toBeLessThan(1e-9 * size);
          // The whitening partner: F⁻ᵀ F⁻¹ v = S A⁻¹ S v with F⁻¹ = solveFactor, F⁻ᵀ = solveTransposedFactor.
          const v = Float64Array.from({ length: n }, () => rng.normal());
          const whitened = new Float64Array(n);
          chol.solveFactor(v, whitened, scale);
          const back = new Float64Array(n);
          chol.solveTransposedFactor(whitened, back, scale);
          for (let i = 0; i < n; i++) {
            let expected = 0;
            for (let j = 0; j < n; j++) expected += target(i, j) * v[j]!;
            expect(Math.abs(back[i]! - expected)).toBeLessThan(1e-9 * size * n);
          }
        }
        const v = Float64Array.from({ length: n }, () => rng.normal());
        const Av = symmetricMatVec(pattern, values, v);
        let quadratic = 0;
        for (let i = 0; i < n; i++) quadratic += v[i]! * Av[i]!;
        expect(Math.abs(chol.quadraticForm(v) - quadratic)).toBeLessThan(1e-10 * Math.max(1, Math.abs(quadratic)));
        // The factor-alone solves run on a compressed-column copy of the factor: the same operations as the
        // supernodal substitutions of solveInPlace, so the same bits — and current after a refactor.
        for (const next of [values, randomSpdValues(pattern, rng, 1)]) {
          expect(chol.refactor(next)).toBe(true);
          const u = Float64Array.from({ length: n }, () => rng.normal());
          const whitened = new Float64Array(n);
          chol.solveFactor(u, whitened, null);
          const viaFactor = new Float64Array(n);
          chol.solveTransposedFactor(whitened, viaFactor, null);
          const solved = Float64Array.from(u);
          chol.solveInPlace(solved);
          expect(Array.from(viaFactor)).toEqual(Array.from(solved));
        }
        expect(() => chol.solveFactor(new Float64Array(n + 1), new Float64Array(n), null)).toThrow(/v has length/);
        const same = new Float64Array(n);
        expect(() => chol.solveFactor(same, same, null)).toThrow(/another array/);
      }
    }
  });

  it("matches the dense oracle on a larger random pattern whose AMD ordering compacts its quotient graph", () => {
    const rng = createRng(5);
    const pattern = randomSymmetricPattern(300, 0.02, 0, rng);
    const chol = new SparseCholesky(analyseSparseCholesky(pattern));
    const values = randomSpdValues(pattern, rng, 1);
    expect(chol.refactor(values)).toBe(true);
    checkAgainstDense(chol, pattern, values, rng, 1e-10);
  });

  it("finds row positions per call when the analysis does not store them (banded matrix, natural order)", () => {
    // Natural order of a band: every column is its own supernode meeting ~bandwidth ancestors, so
    // storing the positions would take ~n·bandwidth²/2 entries; the analysis declines.
    const rng = createRng(17);
    const n = 150;
    const bandwidth = 12;
    const rows: number[] = [];
    const cols: number[] = [];
    for (let j = 0; j < n; j++) for (let i = j + 1; i < Math.min(n, j + bandwidth + 1); i++) if (rng.uniform() < 0.9) { rows.push(i); cols.push(j); }
    const pattern = symmetricPatternFromEntries(n, Int32Array.from(rows), Int32Array.from(cols));
    const natural = analyseSparseCholesky(pattern, { ordering: "natural" });
    expect(natural.relativePositions).toBeNull();
    const chol = new SparseCholesky(natural);
    for (let refactor = 0; refactor < 2; refactor++) {
      const values = randomSpdValues(pattern, rng, 1);
      expect(chol.refactor(values)).toBe(true);
      checkAgainstDense(chol, pattern, values, rng, 1e-10);
    }
  });

  it("reports false for indefinite, singular or non-finite matrices and recovers on the next refactor", () => {
    const rng = createRng(4);
    const n = 30;
    const pattern = randomSymmetricPattern(n, 0.2, 1, rng);
    const chol = new SparseCholesky(analyseSparseCholesky(pattern));
    const good = randomSpdValues(pattern, rng, 1);
    const negativeDiagonal = good.slice();
    negativeDiagonal[patternEntryIndex(pattern, 7, 7)] = -1;
    expect(chol.refactor(negativeDiagonal)).toBe(false);
    expect(() => chol.solveInPlace(new Float64Array(n))).toThrow(/no successful refactor/);
    expect(() => chol.logDet()).toThrow(/no successful refactor/);
    // Indefinite with a positive diagonal: a 2×2 block [[1, 2], [2, 1]] inside an identity.
    const small = symmetricPatternFromEntries(3, Int32Array.from([1]), Int32Array.from([0]));
    const smallChol = new SparseCholesky(analyseSparseCholesky(small, { ordering: "natural" }));
    const v = new Float64Array(small.rowIndex.length).fill(1);
    v[patternEntryIndex(small, 1, 0)] = 2;
    expect(smallChol.refactor(v)).toBe(false);
    v[patternEntryIndex(small, 1, 0)] = 1; // exactly singular
    expect(smallChol.refactor(v)).toBe(false);
    for (const bad of [NaN, Infinity, -Infinity]) {
      const values = good.slice();
      values[pattern.colPtr[3] + (pattern.colPtr[4] - pattern.colPtr[3] > 1 ? 1 : 0)] = bad;
      expect(chol.refactor(values)).toBe(false);
    }
    expect(chol.refactor(good)).toBe(true);
    checkAgainstDense(chol, pattern, good, rng, 1e-10);
  });

  it("keeps instances on one analysis independent", () => {
    const rng = createRng(12);
    const pattern = randomSymmetricPattern(25, 0.2, 0, rng);
    const symbolic = analyseSparseCholesky(pattern);
    const first = new SparseCholesky(symbolic);
    const second = new SparseCholesky(symbolic);
    const a = randomSpdValues(pattern, rng, 1);
    const b = randomSpdValues(pattern, rng, 1);
    first.refactor(a);
    second.refactor(b);
    checkAgainstDense(first, pattern, a, rng, 1e-10);
    checkAgainstDense(second, pattern, b, rng, 1e-10);
  });

  it("is deterministic: separate analyses and instances give bit-identical orderings, solves, log-dets and inverses", () => {
    const { system, values } = designMatrix(threeFactorDesign(120, 40, 15, 1500, 3), 4);
    const run = () => {
      const symbolic = analyseSparseCholesky(system.pattern);
      const chol = new SparseCholesky(symbolic);
      chol.refactor(values);
      const x = Float64Array.from({ length: system.pattern.n }, (_, k) => Math.sin(k));
      chol.solveInPlace(x);
      const inverse = new Float64Array(values.length);
      chol.inverseOnPattern(inverse);
      return { permutation: Array.from(symbolic.permutation), x: Array.from(x), logDet: chol.logDet(), inverse: Array.from(inverse) };
    };
    expect(run()).toEqual(run());
  });

  it("rejects wrong lengths and malformed orderings with the argument named", () => {
    const pattern = symmetricPatternFromEntries(4, Int32Array.from([1, 3]), Int32Array.from([0, 2]));
    expect(() => analyseSparseCholesky(pattern, { ordering: Int32Array.from([0, 1, 2]) })).toThrow(/ordering has length 3, expected n = 4/);
    expect(() => analyseSparseCholesky(pattern, { ordering: Int32Array.from([0, 1, 1, 3]) })).toThrow(/ordering\[2\] = 1 repeats/);
    expect(() => analyseSparseCholesky(pattern, { ordering: Int32Array.from([0, 1, 4, 3]) })).toThrow(/ordering\[2\] = 4 is outside \[0, 4\)/);
    const chol = new SparseCholesky(analyseSparseCholesky(pattern));
    expect(() => chol.refactor(new Float64Array(3))).toThrow(/values has length 3, the pattern has 6 entries/);
    chol.refactor(Float64Array.from([2, 0.5, 2, 2, 0.5, 2]));
    expect(() => chol.solveInPlace(new Float64Array(5))).toThrow(/rhs has length 5, expected 4/);
    expect(() => chol.inverseOnPattern(new Float64Array(2))).toThrow(/out has length 2/);
  });

  it("handles the empty matrix", () => {
    const pattern = symmetricPatternFromEntries(0, new Int32Array(0), new Int32Array(0));
    const chol = new SparseCholesky(analyseSparseCholesky(pattern));
    expect(chol.refactor(new Float64Array(0))).toBe(true);
    expect(chol.logDet()).toBe(0);
  });
});

describe("SparseCholesky on mixed-model design patterns (Λᵀ Zᵀ W Z Λ + I)", () => {
  // Small enough for a dense oracle (n ≤ 400), one of each structure the issue names.
  const dense: RandomEffectsDesign[] = [
    crossedDesign(316, 24, 1, 1, "crossed 316×24 (VerbAgg)"),
    partiallyCrossedDesign(60, 60, 6, 2),
    crossedDesign(150, 40, 0.4, 3),
    nestedDesign(25, 8, 3, 1, 4),
    nestedDesign(25, 8, 3, 2, 5),
    blockDiagonalDesign(70, 3, 4, 6),
    threeFactorDesign(80, 30, 12, 900, 7),
    observationLevelDesign(200, 12, 8),
  ];
  for (const design of dense) {
    it(`${design.name}: solve, log-det and every selected-inverse entry match the dense oracle`, () => {
      const rng = createRng(design.n);
      const { system, values } = designMatrix(design, 1);
      const oracle = denseOracle(system.pattern, values);
      for (const ordering of ["amd", "natural"] as const) {
        const chol = new SparseCholesky(analyseSparseCholesky(system.pattern, { ordering }));
        expect(chol.refactor(values)).toBe(true);
        checkAgainstDense(chol, system.pattern, values, rng, 1e-10, oracle);
      }
    });
  }

  for (const design of standardDesigns()) {
    it(`full size, ${design.name}: residual, log-det across orderings, and selected-inverse columns against solves`, () => {
      const rng = createRng(99);
      const { system, values } = designMatrix(design, 2);
      const { pattern } = system;
      const n = pattern.n;
      const symbolic = analyseSparseCholesky(pattern);
      // Mixed-model patterns are within the budget for precomputed row positions (the fast path).
      expect(symbolic.relativePositions).not.toBeNull();
      const chol = new SparseCholesky(symbolic);
      expect(chol.refactor(values)).toBe(true);
      const b = Float64Array.from({ length: n }, () => rng.normal());
      const x = b.slice();
      chol.solveInPlace(x);
      const residual = symmetricMatVec(pattern, values, x);
      for (let i = 0; i < n; i++) residual[i] -= b[i];
      expect(maxAbs(residual)).toBeLessThan(1e-12 * maxAbs(b) * maxAbs(values));
      // The same matrix through a different elimination order: an independent log-det computation.
      const natural = new SparseCholesky(analyseSparseCholesky(pattern, { ordering: "natural" }));
      expect(natural.refactor(values)).toBe(true);
      expect(Math.abs(chol.logDet() - natural.logDet())).toBeLessThan(1e-10 * Math.abs(natural.logDet()));
      // Columns of A⁻¹ by solves with unit vectors, compared on the pattern of those columns (the
      // entries stored in column j and those of row j stored in earlier columns).
      const inverse = new Float64Array(values.length);
      chol.inverseOnPattern(inverse);
      let worst = 0;
      for (const j of [0, n - 1, ...Array.from({ length: 6 }, () => rng.integer(0, n - 1))]) {
        const e = new Float64Array(n);
        e[j] = 1;
        chol.solveInPlace(e);
        const scale = maxAbs(e);
        for (let p = pattern.colPtr[j]; p < pattern.colPtr[j + 1]; p++) {
          worst = Math.max(worst, Math.abs(inverse[p] - e[pattern.rowIndex[p]]) / scale);
        }
        for (let c = 0; c < j; c++) {
          const p = patternEntryIndex(pattern, j, c);
          if (p >= 0) worst = Math.max(worst, Math.abs(inverse[p] - e[c]) / scale);
        }
      }
      expect(worst).toBeLessThan(1e-12);
    });
  }

  it("AMD's nnz(L) is no worse than the natural order on crossed patterns, and better when the small factor comes first", () => {
    for (const design of [crossedDesign(316, 24, 1, 1), partiallyCrossedDesign(60, 60, 6, 2), crossedDesign(1500, 120, 0.4, 3), threeFactorDesign(300, 60, 20, 6000, 4)]) {
      const { pattern } = designSystem(design);
      const amd = analyseSparseCholesky(pattern, { ordering: "amd" });
      const natural = analyseSparseCholesky(pattern, { ordering: "natural" });
      expect(amd.nnzFactor).toBeLessThanOrEqual(natural.nnzFactor);
      // The final permutation is a bijection and its inverse is consistent.
      const seen = new Uint8Array(pattern.n);
      for (let k = 0; k < pattern.n; k++) {
        seen[amd.permutation[k]]++;
        expect(amd.inversePermutation[amd.permutation[k]]).toBe(k);
      }
      expect(seen.every((s) => s === 1)).toBe(true);
    }
    // Items before subjects: the natural order eliminates the dense side first and fills the subject block.
    const design = crossedDesign(316, 24, 1, 1);
    const { pattern } = designSystem(design);
    const itemsFirst = Int32Array.from({ length: 340 }, (_, k) => (k < 24 ? 316 + k : k - 24));
    const amd = analyseSparseCholesky(pattern, { ordering: "amd" }).nnzFactor;
    // AMD: subjects first, each column {subject, 24 items}, then the dense 24×24 item block.
    expect(amd).toBe(316 + 316 * 24 + (24 * 25) / 2);
    // Items first: each item column holds all 316 subjects, and the subject block fills completely.
    expect(analyseSparseCholesky(pattern, { ordering: itemsFirst }).nnzFactor).toBe(24 * 317 + (316 * 317) / 2);
  });
});
