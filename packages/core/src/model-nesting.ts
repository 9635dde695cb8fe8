/**
 * Whether two model frames can be compared by a likelihood-ratio test: fitted to the same observations,
 * and the smaller one nested in the larger (every model the smaller describes, the larger describes too).
 *
 * Sufficient conditions, checked exactly on the model matrices: every fixed-effects column of the smaller
 * model lies in the column span of the larger's X; and every random-effects term of the smaller model has a
 * term in the larger on the same grouping (the same partition of the rows) whose Z columns span its own
 * (then z_s = A z_l row by row, and Σ_l = AᵀΣ_sA reproduces it; a correlated smaller term needs a single
 * larger term, since distinct terms are uncorrelated). Span is judged by the same Gram–Schmidt rank check
 * that finds aliased columns (rank-check.ts).
 */
import { findAliasedColumns } from "./rank-check.js";
import type { ModelFrame, RandomEffectsTerm } from "./model-frame.js";

/** Why two frames are not fitted to the same observations, or null when they are. */
export function differentDataReason(a: ModelFrame, b: ModelFrame): string | null {
  if (a.rowsRead !== b.rowsRead) return `they were read from data of ${a.rowsRead} and ${b.rowsRead} rows`;
  if (a.n !== b.n) return `they use ${a.n} and ${b.n} observations (rows set aside differ)`;
  // With rows set aside (--na-action omit) the same count can hide different rows.
  for (let i = 0; i < a.n; i++) {
    const rowA = a.dataRows?.[i] ?? i;
    const rowB = b.dataRows?.[i] ?? i;
    if (rowA !== rowB) return `they use different rows of the data (observation ${i + 1} is data row ${rowA + 1} in one and ${rowB + 1} in the other)`;
  }
  for (let i = 0; i < a.n; i++) {
    if (a.y[i] !== b.y[i] || a.trials[i] !== b.trials[i]) {
      return `their responses differ at observation ${i + 1} (${a.responseName}: ${a.y[i]} of ${a.trials[i]}; ${b.responseName}: ${b.y[i]} of ${b.trials[i]})`;
    }
  }
  return null;
}

/** Is column `column` (length n) in the span of the given n-vectors? */
function inSpan(columns: readonly Float64Array[], column: Float64Array, n: number): boolean {
  let norm = 0;
  for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(column[i]!));
  if (norm === 0) return true;
  const p = columns.length + 1;
  const X = new Float64Array(n * p);
  columns.forEach((c, k) => X.set(c.subarray(0, n), k * n));
  X.set(column.subarray(0, n), columns.length * n);
  return findAliasedColumns(X, n, p).some((a) => a.column === columns.length);
}

/** Rows grouped alike: the level indices are a relabelling of each other. */
function samePartition(a: Int32Array, b: Int32Array): boolean {
  const forward = new Map<number, number>();
  const backward = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if ((forward.get(x) ?? y) !== y || (backward.get(y) ?? x) !== x) return false;
    forward.set(x, y);
    backward.set(y, x);
  }
  return true;
}

function termColumns(term: RandomEffectsTerm, n: number): Float64Array[] {
  return Array.from({ length: term.q }, (_, k) => {
    const c = new Float64Array(n);
    for (let i = 0; i < n; i++) c[i] = term.Z[i * term.q + k]!;
    return c;
  });
}

function termLabel(term: RandomEffectsTerm): string {
  return `(${term.termNames.join(" + ")} | ${term.group})`;
}

/** Why `smaller` is not nested in `larger`, or null when it is (both fitted to the same observations). */
export function nestingViolation(smaller: ModelFrame, larger: ModelFrame): string | null {
  const n = smaller.n;
  const largerX = Array.from({ length: larger.p }, (_, k) => larger.X.subarray(k * n, (k + 1) * n));
  for (let k = 0; k < smaller.p; k++) {
    if (!inSpan(largerX, smaller.X.subarray(k * n, (k + 1) * n), n)) {
      return `the fixed-effects column "${smaller.betaNames[k]}" of the first is not in the span of the second's fixed effects`;
    }
  }
  for (const term of smaller.terms) {
    const columns = termColumns(term, n);
    const host = larger.terms.find(
      (candidate) =>
        samePartition(term.groupIndex, candidate.groupIndex) && columns.every((c) => inSpan(termColumns(candidate, n), c, n)),
    );
    if (host === undefined) {
      return `its random-effects term ${termLabel(term)} has no term in the second on the same grouping whose effects span it`;
    }
  }
  return null;
}
