/**
 * The factor-alone solves compiled for one factor pattern and permutation: straight-line code with the
 * pattern's row indices and the permutation as literals, for a small factor that a sampler solves with
 * hundreds of thousands of times (compressed-lower-factor.ts). In the loops every entry costs an index load
 * and a bounds check on top of its multiply-add, and that bookkeeping, not the arithmetic, is their cost: on
 * salamander's factor (120 columns, 750 entries) the compiled forward substitution takes 0.65 µs against
 * 1.6 µs for the loop.
 *
 * The generated code performs the loops' operations in the loops' order, so the results are the same bits
 * (the loop skips a column whose value is 0, where this code subtracts v · 0: that changes nothing but the
 * sign of a zero, −0 − (−0) = +0, for a finite factor; an unscaled solve passes a scale of ones, and
 * x · 1 = x). Only integer literals built here enter the source, never data.
 *
 * Limits. A function of this shape has 3n + nnz + 1 statements (n gathers or scatters, two per column and
 * one per entry). Node 20's V8 stops optimising it between about 1 570 and 1 630 statements (its bytecode
 * passes the optimising compiler's 60 KB limit) and leaves it in baseline code, slower than the loops; so
 * above `STRAIGHT_LINE_LIMIT` the loops stay. Where code cannot be compiled at run time (a
 * Content-Security-Policy without 'unsafe-eval') the Function constructor throws, and the loops stay too.
 * Either way the result is null.
 *
 * Warm-up. Straight-line code cannot be optimised in the middle of a call, as a loop can, so its first few
 * thousand calls run in V8's slower tiers: about 0.2 s in a fresh process for salamander's factor, which its
 * 600 000 solves repay.
 */

/**
 * A factor-alone solve with the permutation P and a diagonal scale S folded in (sparse-cholesky.ts):
 *   forward:  out ← L⁻¹ P S v   (`input` = v and `scale` in the original ordering, out in the factor's);
 *   back:     out ← S Pᵀ L⁻ᵀ e  (`input` = e in the factor's ordering, left unchanged; `work` holds L⁻ᵀ e).
 */
export type Substitution = (
  input: Float64Array,
  out: Float64Array,
  scale: Float64Array,
  values: Float64Array,
  diagonal: Float64Array,
  work: Float64Array,
) => void;

/** Statements (3n + nnz + 1) above which the loops are kept: below V8's optimisation limit with a margin (see above). */
export const STRAIGHT_LINE_LIMIT = 1400;

/** The column pattern: column j's strictly lower rows are rowIndex[colPtr[j] … colPtr[j+1]−1]. */
export interface ColumnPattern {
  readonly colPtr: Int32Array;
  readonly rowIndex: Int32Array;
}

/**
 * The functions compiled so far, by source: a study or a benchmark refits the same design many times, and a
 * function compiled again starts cold in V8's interpreter (thousands of slow calls) where the cached one is
 * already optimised. Each pattern takes two entries (forward and back); the first one in goes beyond
 * `CACHE_SIZE` (8 patterns).
 */
const compiledBySource = new Map<string, Substitution | null>();
const CACHE_SIZE = 16;

function compile(body: string): Substitution | null {
  const cached = compiledBySource.get(body);
  if (cached !== undefined) return cached;
  let compiled: Substitution | null;
  try {
    compiled = new Function("input", "out", "scale", "values", "diagonal", "work", `"use strict";\n${body}`) as Substitution;
  } catch {
    compiled = null;
  }
  if (compiledBySource.size >= CACHE_SIZE) compiledBySource.delete(compiledBySource.keys().next().value!);
  compiledBySource.set(body, compiled);
  return compiled;
}

/** Whether the solves' 3n + nnz + 1 statements are within `STRAIGHT_LINE_LIMIT`. */
export function withinStraightLineLimit({ colPtr }: ColumnPattern): boolean {
  const n = colPtr.length - 1;
  return 3 * n + colPtr[n]! + 1 <= STRAIGHT_LINE_LIMIT;
}

/** The forward solve out ← L⁻¹ P S v: the scaled gather, then column by column (each scatters into its rows), or null. */
export function straightLineForward(pattern: ColumnPattern, permutation: Int32Array): Substitution | null {
  if (!withinStraightLineLimit(pattern)) return null;
  const { colPtr, rowIndex } = pattern;
  // One variable t for every column's value (not one const each): hundreds of locals make the bytecode larger.
  const lines: string[] = ["let t = 0;"];
  for (let k = 0; k < permutation.length; k++) lines.push(`out[${k}] = scale[${permutation[k]}] * input[${permutation[k]}];`);
  for (let j = 0; j + 1 < colPtr.length; j++) {
    lines.push(`t = out[${j}] / diagonal[${j}];`, `out[${j}] = t;`);
    for (let p = colPtr[j]!; p < colPtr[j + 1]!; p++) lines.push(`out[${rowIndex[p]}] -= values[${p}] * t;`);
  }
  return compile(lines.join("\n"));
}

/**
 * The back solve out ← S Pᵀ L⁻ᵀ e: from the last column (each gathers from its rows, column j starting from
 * e_j, which no earlier step has changed), then the scaled scatter, or null.
 */
export function straightLineBack(pattern: ColumnPattern, permutation: Int32Array): Substitution | null {
  if (!withinStraightLineLimit(pattern)) return null;
  const { colPtr, rowIndex } = pattern;
  const lines: string[] = ["let sum = 0;"];
  for (let j = colPtr.length - 2; j >= 0; j--) {
    lines.push(`sum = input[${j}];`);
    for (let p = colPtr[j]!; p < colPtr[j + 1]!; p++) lines.push(`sum -= values[${p}] * work[${rowIndex[p]}];`);
    lines.push(`work[${j}] = sum / diagonal[${j}];`);
  }
  for (let k = 0; k < permutation.length; k++) lines.push(`out[${permutation[k]}] = scale[${permutation[k]}] * work[${k}];`);
  return compile(lines.join("\n"));
}
