/**
 * The sparse matrices mixed models factor: A = Λᵀ Zᵀ W Z Λ + I for crossed, nested, partially
 * crossed and observation-level random-effects designs (lme4's penalised least-squares matrix, Bates
 * et al. 2015 eq. 18). Each observation touches a handful of random-effect columns; A's pattern is the
 * union of those cliques plus the diagonal. Used by the sparse Cholesky tests and by `bench sparse`
 * (workspace-only: exported as `@glmmkit/linalg/test-support/design-patterns` from source).
 */
import { patternEntryIndex, symmetricPatternFromEntries, type SymmetricPattern } from "../symmetric-pattern.js";
import { createRng, type TestRng } from "./test-rng.js";

/** A random-effects design: observation i touches columns[ptr[i] .. ptr[i+1]−1] with coefficients (ZΛ)_i. */
export interface RandomEffectsDesign {
  readonly name: string;
  /** Number of random effects (columns of Z), ordered term by term as lme4 lays them out. */
  readonly n: number;
  readonly observations: number;
  readonly ptr: Int32Array;
  readonly columns: Int32Array;
  readonly coefficients: Float64Array;
}

/** One random-effects term: per observation its level, and q coefficients (row of ZΛ for that term). */
interface Term {
  readonly levels: number;
  readonly q: number;
  readonly level: (i: number) => number;
}

/** Builds the design from terms; Λ of each term is a random lower-triangular q×q scale. */
function buildDesign(name: string, observations: number, terms: readonly Term[], rng: TestRng): RandomEffectsDesign {
  const perObservation = terms.reduce((sum, t) => sum + t.q, 0);
  const ptr = new Int32Array(observations + 1);
  const columns = new Int32Array(observations * perObservation);
  const coefficients = new Float64Array(observations * perObservation);
  const lambdas = terms.map((t) => {
    const lambda = new Float64Array(t.q * t.q);
    for (let c = 0; c < t.q; c++) {
      lambda[c * t.q + c] = 0.3 + 1.5 * rng.uniform();
      for (let r = c + 1; r < t.q; r++) lambda[c * t.q + r] = 0.5 * rng.normal();
    }
    return lambda;
  });
  const z = new Float64Array(Math.max(1, ...terms.map((t) => t.q)));
  let written = 0;
  for (let i = 0; i < observations; i++) {
    let termOffset = 0;
    terms.forEach((term, k) => {
      const level = term.level(i);
      z[0] = 1;
      for (let c = 1; c < term.q; c++) z[c] = rng.normal(); // covariates of a random slope
      const lambda = lambdas[k]!;
      // Row of Z Λ for this term: (Λᵀ z)_c = Σ_r Λ_rc z_r.
      for (let c = 0; c < term.q; c++) {
        let sum = 0;
        for (let r = c; r < term.q; r++) sum += lambda[c * term.q + r]! * z[r]!;
        columns[written] = termOffset + level * term.q + c;
        coefficients[written++] = sum;
      }
      termOffset += term.levels * term.q;
    });
    ptr[i + 1] = written;
  }
  const n = terms.reduce((sum, t) => sum + t.levels * t.q, 0);
  return { name, n, observations, ptr, columns, coefficients };
}

/** Subjects × items, each pair observed with probability `fraction` (1 = fully crossed, as VerbAgg). */
export function crossedDesign(subjects: number, items: number, fraction: number, seed: number, name?: string): RandomEffectsDesign {
  const rng = createRng(seed);
  const pairs: number[] = [];
  for (let s = 0; s < subjects; s++) {
    for (let t = 0; t < items; t++) if (fraction >= 1 || rng.uniform() < fraction) pairs.push(s, t);
  }
  const observations = pairs.length / 2;
  return buildDesign(
    name ?? `crossed ${subjects}×${items} (${Math.round(fraction * 100)}% of pairs)`,
    observations,
    [
      { levels: subjects, q: 1, level: (i) => pairs[2 * i]! },
      { levels: items, q: 1, level: (i) => pairs[2 * i + 1]! },
    ],
    rng,
  );
}

/** Salamander-like partially crossed design: each female meets `matings` males (random permutations). */
export function partiallyCrossedDesign(females: number, males: number, matings: number, seed: number): RandomEffectsDesign {
  const rng = createRng(seed);
  const femaleOf: number[] = [];
  const maleOf: number[] = [];
  for (let m = 0; m < matings; m++) {
    const shuffled = Array.from({ length: males }, (_, k) => k);
    for (let k = males - 1; k > 0; k--) {
      const r = rng.integer(0, k);
      [shuffled[k], shuffled[r]] = [shuffled[r]!, shuffled[k]!];
    }
    for (let f = 0; f < females; f++) {
      femaleOf.push(f);
      maleOf.push(shuffled[f % males]!);
    }
  }
  return buildDesign(`partially crossed ${females}×${males}, ${matings} each`, femaleOf.length, [
    { levels: females, q: 1, level: (i) => femaleOf[i]! },
    { levels: males, q: 1, level: (i) => maleOf[i]! },
  ], rng);
}

/** (q | school) + (1 | school:class): `classesPerSchool` classes in each school, `pupils` per class. */
export function nestedDesign(schools: number, classesPerSchool: number, pupils: number, schoolQ: number, seed: number): RandomEffectsDesign {
  const rng = createRng(seed);
  const classes = schools * classesPerSchool;
  const slope = schoolQ === 1 ? "1" : "1 + x";
  return buildDesign(`nested (${slope} | school) + (1 | school:class), ${schools} schools, ${classes} classes`, classes * pupils, [
    { levels: schools, q: schoolQ, level: (i) => Math.floor(i / (pupils * classesPerSchool)) },
    { levels: classes, q: 1, level: (i) => Math.floor(i / pupils) },
  ], rng);
}

/** One grouping factor with `levels` levels and a q-dimensional term: block diagonal with q×q blocks. */
export function blockDiagonalDesign(levels: number, q: number, perLevel: number, seed: number): RandomEffectsDesign {
  const rng = createRng(seed);
  return buildDesign(`one factor, ${levels} levels, q = ${q}`, levels * perLevel, [
    { levels, q, level: (i) => Math.floor(i / perLevel) },
  ], rng);
}

/** Three partially crossed factors; each observation draws a level of each at random. */
export function threeFactorDesign(levelsA: number, levelsB: number, levelsC: number, observations: number, seed: number): RandomEffectsDesign {
  const rng = createRng(seed);
  const draws = Array.from({ length: observations }, () => [rng.integer(0, levelsA - 1), rng.integer(0, levelsB - 1), rng.integer(0, levelsC - 1)]);
  return buildDesign(`three crossed factors ${levelsA}, ${levelsB}, ${levelsC}`, observations, [
    { levels: levelsA, q: 1, level: (i) => draws[i]![0]! },
    { levels: levelsB, q: 1, level: (i) => draws[i]![1]! },
    { levels: levelsC, q: 1, level: (i) => draws[i]![2]! },
  ], rng);
}

/** (1 | group) + (1 | obs): an observation-level factor (one level per row) beside a grouping factor. */
export function observationLevelDesign(observations: number, groups: number, seed: number): RandomEffectsDesign {
  const rng = createRng(seed);
  return buildDesign(`(1 | group) + (1 | obs), ${observations} obs, ${groups} groups`, observations, [
    { levels: groups, q: 1, level: (i) => i % groups },
    { levels: observations, q: 1, level: (i) => i },
  ], rng);
}

/** The design's pattern and, per observation, the positions of its outer product's lower-triangle entries. */
export interface DesignSystem {
  readonly design: RandomEffectsDesign;
  readonly pattern: SymmetricPattern;
  /** For observation i, the pairs (a ≥ b) of its columns in order; positions into pattern.rowIndex. */
  readonly pairPtr: Int32Array;
  readonly pairPositions: Int32Array;
  readonly diagonalPositions: Int32Array;
}

/** Pattern of Λᵀ Zᵀ W Z Λ + I and the scatter positions, computed once (as a caller would). */
export function designSystem(design: RandomEffectsDesign): DesignSystem {
  const { observations, ptr, columns, n } = design;
  let pairCount = 0;
  for (let i = 0; i < observations; i++) {
    const k = ptr[i + 1]! - ptr[i]!;
    pairCount += (k * (k + 1)) / 2;
  }
  const rows = new Int32Array(pairCount);
  const cols = new Int32Array(pairCount);
  const pairPtr = new Int32Array(observations + 1);
  let written = 0;
  for (let i = 0; i < observations; i++) {
    for (let a = ptr[i]!; a < ptr[i + 1]!; a++) {
      for (let b = ptr[i]!; b <= a; b++) {
        rows[written] = columns[a]!;
        cols[written++] = columns[b]!;
      }
    }
    pairPtr[i + 1] = written;
  }
  const pattern = symmetricPatternFromEntries(n, rows, cols);
  const pairPositions = new Int32Array(pairCount);
  for (let p = 0; p < pairCount; p++) pairPositions[p] = patternEntryIndex(pattern, rows[p]!, cols[p]!);
  const diagonalPositions = new Int32Array(n);
  for (let j = 0; j < n; j++) diagonalPositions[j] = patternEntryIndex(pattern, j, j);
  return { design, pattern, pairPtr, pairPositions, diagonalPositions };
}

/** values ← lower triangle of Σ_i w_i (ZΛ)_iᵀ (ZΛ)_i + I, scattered through the precomputed positions. */
export function assembleDesignValues(system: DesignSystem, weights: Float64Array, values: Float64Array): void {
  const { design, pairPtr, pairPositions, diagonalPositions } = system;
  const { ptr, coefficients, observations } = design;
  values.fill(0);
  for (let j = 0; j < diagonalPositions.length; j++) values[diagonalPositions[j]!] = 1;
  for (let i = 0; i < observations; i++) {
    const w = weights[i]!;
    let pair = pairPtr[i]!;
    for (let a = ptr[i]!; a < ptr[i + 1]!; a++) {
      const wa = w * coefficients[a]!;
      for (let b = ptr[i]!; b <= a; b++) values[pairPositions[pair++]!] += wa * coefficients[b]!;
    }
  }
}

/** Binomial-logit-like weights μ(1−μ) in (0, 1/4] for random linear predictors. */
export function randomWeights(observations: number, rng: TestRng): Float64Array {
  const weights = new Float64Array(observations);
  for (let i = 0; i < observations; i++) {
    const mu = 1 / (1 + Math.exp(-2 * rng.normal()));
    weights[i] = Math.max(mu * (1 - mu), 1e-6);
  }
  return weights;
}

/** The design's system and the values of Λᵀ Zᵀ W Z Λ + I at random logistic weights drawn from `seed`. */
export function designMatrix(design: RandomEffectsDesign, seed: number): { system: DesignSystem; values: Float64Array } {
  const system = designSystem(design);
  const values = new Float64Array(system.pattern.rowIndex.length);
  assembleDesignValues(system, randomWeights(design.observations, createRng(seed)), values);
  return { system, values };
}

/** The patterns the issue names, at full size. */
export function standardDesigns(): RandomEffectsDesign[] {
  return [
    crossedDesign(316, 24, 1, 11, "crossed 316×24, all pairs (VerbAgg)"),
    partiallyCrossedDesign(60, 60, 6, 12),
    crossedDesign(1500, 120, 0.4, 13, "crossed 1500×120, 40% of pairs"),
    nestedDesign(200, 10, 5, 1, 14),
    nestedDesign(200, 10, 5, 2, 15),
    blockDiagonalDesign(2000, 3, 5, 16),
    threeFactorDesign(300, 60, 20, 6000, 17),
    observationLevelDesign(2000, 50, 18),
  ];
}
