/**
 * Leave-one-out data sets for the jackknife: the model frame without some of its rows — all rows of one
 * level of a grouping factor (a cluster), or one row of a model without random effects. Every random-effects
 * term is re-indexed so that no level is left without rows (a term grouped by the same factor loses that
 * level; a crossed factor keeps its levels unless one of them only had rows in the dropped cluster).
 */
import type { ModelFrame, RandomEffectsTerm } from "@glmmkit/core";

/** The frame restricted to the rows `keep` (ascending 0-based frame rows). */
export function frameWithRows(frame: ModelFrame, keep: Int32Array): ModelFrame {
  const n = keep.length;
  const pick = (values: Float64Array) => Float64Array.from(keep, (i) => values[i]!);
  const X = new Float64Array(n * frame.p);
  for (let k = 0; k < frame.p; k++) {
    for (let r = 0; r < n; r++) X[k * n + r] = frame.X[k * frame.n + keep[r]!]!;
  }
  // design (prediction), omitted rows and data-row numbers describe the original table, not this subset.
  const { design: _design, omitted: _omitted, dataRows: _dataRows, offset, ...rest } = frame;
  return {
    ...rest,
    n,
    rowsRead: n,
    y: pick(frame.y),
    trials: pick(frame.trials),
    X,
    ...(offset === undefined ? {} : { offset: pick(offset) }),
    terms: frame.terms.map((term) => termWithRows(term, keep)),
  };
}

function termWithRows(term: RandomEffectsTerm, keep: Int32Array): RandomEffectsTerm {
  const present = new Uint8Array(term.levels.length);
  for (let r = 0; r < keep.length; r++) present[term.groupIndex[keep[r]!]!] = 1;
  // The surviving levels keep their original order, so the re-indexed factor reads as the original one.
  const newIndex = new Int32Array(term.levels.length).fill(-1);
  const levels: string[] = [];
  present.forEach((isPresent, level) => {
    if (isPresent === 1) {
      newIndex[level] = levels.length;
      levels.push(term.levels[level]!);
    }
  });
  const groupIndex = new Int32Array(keep.length);
  const Z = new Float64Array(keep.length * term.q);
  for (let r = 0; r < keep.length; r++) {
    const i = keep[r]!;
    groupIndex[r] = newIndex[term.groupIndex[i]!]!;
    Z.set(term.Z.subarray(i * term.q, (i + 1) * term.q), r * term.q);
  }
  return { ...term, levels, groupIndex, Z };
}

/** The frame without the rows of level `level` (an index into the term's levels) of term `termIndex`'s factor. */
export function frameWithoutGroup(frame: ModelFrame, termIndex: number, level: number): ModelFrame {
  const groupIndex = frame.terms[termIndex]!.groupIndex;
  let count = 0;
  for (let i = 0; i < frame.n; i++) if (groupIndex[i] !== level) count++;
  const keep = new Int32Array(count);
  let at = 0;
  for (let i = 0; i < frame.n; i++) if (groupIndex[i] !== level) keep[at++] = i;
  return frameWithRows(frame, keep);
}
