/** Seeded synthetic GLMM frames with several random-effects terms (tests only). */
import type { ModelFrame, RandomEffectsTerm } from "@glmmkit/core";
import { gaussian, mulberry32 } from "./synthetic-frame.js";

export interface TermSpec {
  readonly levels: number;
  readonly q: number;
  /** Nest this term's levels inside the levels of term `nestedIn` (each level belongs to one parent). */
  readonly nestedIn?: number;
  readonly sd?: number;
}

export interface MultiTermOptions {
  readonly n: number;
  readonly p: number;
  readonly terms: readonly TermSpec[];
  readonly trials?: number;
  readonly seed: number;
  /** Add a known offset (uniform on ±1 per row) to η. */
  readonly offset?: boolean;
}

export function multiTermFrame(o: MultiTermOptions): ModelFrame {
  const rand = mulberry32(o.seed);
  const { n, p } = o;
  const X = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let c = 0; c < p; c++) X[c * n + i] = c === 0 ? 1 : gaussian(rand);
  const groupIndices: Int32Array[] = [];
  o.terms.forEach((spec, t) => {
    const index = new Int32Array(n);
    if (spec.nestedIn === undefined) {
      // Every level used at least once, then at random.
      for (let i = 0; i < n; i++) index[i] = i < spec.levels ? i : Math.floor(rand() * spec.levels);
      for (let k = n - 1; k > 0; k--) {
        const l = Math.floor(rand() * (k + 1));
        const tmp = index[k]!;
        index[k] = index[l]!;
        index[l] = tmp;
      }
    } else {
      // Child level c belongs to parent c mod parents; a row picks a child of its parent.
      const parent = groupIndices[spec.nestedIn]!;
      const parents = o.terms[spec.nestedIn]!.levels;
      const perParent = Math.max(1, Math.floor(spec.levels / parents));
      for (let i = 0; i < n; i++) index[i] = parent[i]! + parents * Math.floor(rand() * perParent);
    }
    groupIndices.push(index);
    void t;
  });
  const terms: RandomEffectsTerm[] = o.terms.map((spec, t) => {
    const groupIndex = groupIndices[t]!;
    const used = new Set(groupIndex);
    // Relabel to the used levels only (a frame never has empty levels).
    const relabel = new Map([...used].sort((a, b) => a - b).map((l, k) => [l, k]));
    const codes = Int32Array.from(groupIndex, (l) => relabel.get(l)!);
    const Z = new Float64Array(n * spec.q);
    for (let i = 0; i < n; i++) for (let c = 0; c < spec.q; c++) Z[i * spec.q + c] = c === 0 ? 1 : X[Math.min(c, p - 1) * n + i]!;
    return {
      group: `g${t + 1}`,
      termNames: Array.from({ length: spec.q }, (_, k) => (k === 0 ? "(Intercept)" : `x${k}`)),
      q: spec.q,
      levels: Array.from({ length: relabel.size }, (_, k) => String(k + 1)),
      groupIndex: codes,
      Z,
    };
  });
  const effects = terms.map((term, t) =>
    Array.from({ length: term.levels.length * term.q }, () => (o.terms[t]!.sd ?? 1) * gaussian(rand)),
  );
  const y = new Float64Array(n);
  const trials = new Float64Array(n).fill(o.trials ?? 1);
  for (let i = 0; i < n; i++) {
    let eta = -0.3;
    for (let c = 1; c < p; c++) eta += (0.5 / c) * X[c * n + i]!;
    terms.forEach((term, t) => {
      for (let c = 0; c < term.q; c++) eta += effects[t]![term.groupIndex[i]! * term.q + c]! * term.Z[i * term.q + c]!;
    });
    const mu = 1 / (1 + Math.exp(-eta));
    let s = 0;
    for (let k = 0; k < trials[i]!; k++) if (rand() < mu) s++;
    y[i] = s;
  }
  return {
    formula: "synthetic multi-term",
    responseName: "y",
    n,
    y,
    trials,
    binary: (o.trials ?? 1) === 1,
    p,
    X,
    betaNames: Array.from({ length: p }, (_, k) => (k === 0 ? "(Intercept)" : `x${k}`)),
    terms,
    rowsRead: n,
    ...(o.offset === true ? { offset: Float64Array.from({ length: n }, () => 2 * rand() - 1) } : {}),
  };
}
