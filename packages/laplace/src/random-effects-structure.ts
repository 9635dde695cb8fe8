/**
 * The random effects of any number of terms as one vector u of length Q = Σ_t J_t q_t (term t's levels
 * j occupy positions offset_t + j q_t … + q_t − 1), and what each observation touches: row i's linear
 * predictor is η_i = x_iᵀβ + Σ_t z_{i,t}ᵀ L_t u_{t, j_t(i)}, so it involves R = Σ_t q_t positions.
 *
 * The penalised system of lme4 (Ruth, eq. 8–9; Bates et al. 2015, eq. 18) is
 *   H = Λᵀ Zᵀ W Z Λ + I = I + Σ_i w_i z̃_i z̃_iᵀ,   z̃_i = Λᵀ z_i (non-zero only at row i's R positions),
 * so its sparsity pattern is fixed by the design: the diagonal plus every pair of positions that share an
 * observation. Built once per model, with, for each row, where each of its R(R+1)/2 products lands.
 */
import type { ModelFrame } from "@glmmkit/core";
import { patternEntryIndex, symmetricPatternFromEntries, type SymmetricPattern } from "@glmmkit/linalg";

export interface StructureTerm {
  readonly q: number;
  readonly levels: number;
  /** Position of level 0's first effect inside u. */
  readonly offset: number;
  /** Offset of this term's ψ block inside θ. */
  readonly psiOffset: number;
  /** Position of this term's first column inside a row's R-vector. */
  readonly rowOffset: number;
}

export interface RandomEffectsStructure {
  readonly n: number;
  readonly p: number;
  /** Total number of random effects Q. */
  readonly Q: number;
  /** Random effects touched by one observation, R = Σ_t q_t. */
  readonly R: number;
  readonly terms: readonly StructureTerm[];
  /** n × R: the position in u of each effect row i touches (term by term, column by column). */
  readonly rowPositions: Int32Array;
  /** n × R: the raw random-effects covariate z_{i,t,k} for each of those positions. */
  readonly rowZ: Float64Array;
  /** Lower triangle of H's pattern (Q × Q). */
  readonly pattern: SymmetricPattern;
  /** n × R(R+1)/2: index into the pattern's values of the product (r, s), s ≤ r, of row i (row-packed). */
  readonly rowPairIndex: Int32Array;
  /** Q: index into the pattern's values of each diagonal entry. */
  readonly diagonalIndex: Int32Array;
  /** n × p column-major fixed-effects matrix. */
  readonly X: Float64Array;
  /** The offset of each row (zeros when the model has none). */
  readonly offset: Float64Array;
  readonly y: Float64Array;
  readonly m: Float64Array;
}

/** Index of the pair (r, s), s ≤ r, in a row-packed lower triangle. */
export function pairSlot(r: number, s: number): number {
  return (r * (r + 1)) / 2 + s;
}

export function randomEffectsStructure(frame: ModelFrame): RandomEffectsStructure {
  const { n, p } = frame;
  const terms: StructureTerm[] = [];
  let Q = 0;
  let R = 0;
  let psiOffset = p;
  for (const term of frame.terms) {
    terms.push({ q: term.q, levels: term.levels.length, offset: Q, psiOffset, rowOffset: R });
    Q += term.levels.length * term.q;
    R += term.q;
    psiOffset += (term.q * (term.q + 1)) / 2;
  }
  const rowPositions = new Int32Array(n * R);
  const rowZ = new Float64Array(n * R);
  frame.terms.forEach((term, t) => {
    const { q, offset, rowOffset } = terms[t]!;
    for (let i = 0; i < n; i++) {
      const base = offset + term.groupIndex[i]! * q;
      for (let k = 0; k < q; k++) {
        rowPositions[i * R + rowOffset + k] = base + k;
        rowZ[i * R + rowOffset + k] = term.Z[i * q + k]!;
      }
    }
  });

  // Pattern: the diagonal plus every pair of positions sharing a row.
  const pairs = (R * (R + 1)) / 2;
  const entryRows = new Int32Array(Q + n * pairs);
  const entryCols = new Int32Array(Q + n * pairs);
  for (let k = 0; k < Q; k++) {
    entryRows[k] = k;
    entryCols[k] = k;
  }
  let at = Q;
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < R; r++) {
      for (let s = 0; s <= r; s++) {
        entryRows[at] = rowPositions[i * R + r]!;
        entryCols[at] = rowPositions[i * R + s]!;
        at++;
      }
    }
  }
  const pattern = symmetricPatternFromEntries(Q, entryRows, entryCols);
  const diagonalIndex = new Int32Array(Q);
  for (let k = 0; k < Q; k++) diagonalIndex[k] = patternEntryIndex(pattern, k, k);
  // Where each of a row's products lands: a binary search in one column of the pattern per pair.
  const rowPairIndex = new Int32Array(n * pairs);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < R; r++) {
      const a = rowPositions[i * R + r]!;
      for (let s = 0; s <= r; s++) {
        const b = rowPositions[i * R + s]!;
        rowPairIndex[i * pairs + pairSlot(r, s)] = patternEntryIndex(pattern, Math.max(a, b), Math.min(a, b));
      }
    }
  }
  const offset = frame.offset ?? new Float64Array(n);
  return { n, p, Q, R, terms, rowPositions, rowZ, pattern, rowPairIndex, diagonalIndex, X: frame.X, offset, y: frame.y, m: frame.trials };
}
