/**
 * The factor-alone solves compiled for one factor pattern and permutation: straight-line code with the
 * pattern's row indices and the permutation as literals, for a small factor that a sampler solves with
 * hundreds of thousands of times (compressed-lower-factor.ts). In the loops every entry costs an index load
 * and a bounds check on top of its multiply-add, and that bookkeeping, not the arithmetic, is their cost: on
 * salamander's factor (120 columns, 750 entries) the compiled forward substitution takes 0.65 µs against
 * 1.6 µs for the loop.
 *
 * The generated code performs the loops' operations in the loops' order, so the results are the same bits
 * (the loop skips a column whose value is 0; subtracting v · 0 from a finite number leaves it unchanged, so
 * that skip changes no bit either; an unscaled solve passes a scale of ones, and x · 1 = x). Only integer
 * literals built here enter the source, never data.
 *
 * Limits. Above `STRAIGHT_LINE_LIMIT` statements V8 would not optimise the function (its bytecode outgrows
 * the optimising compiler's limit) and the loops are faster; where code cannot be compiled at run time (a
 * Content-Security-Policy without 'unsafe-eval') the Function constructor throws, and the caller keeps the
 * loops. Either way the result is null.
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

/** Statements (entries plus columns) above which the loops are kept (V8 stops optimising near 60 KB of bytecode). */
export const STRAIGHT_LINE_LIMIT = 2048;

/** The column pattern: column j's strictly lower rows are rowIndex[colPtr[j] … colPtr[j+1]−1]. */
export interface ColumnPattern {
  readonly colPtr: Int32Array;
  readonly rowIndex: Int32Array;
}

/**
 * The functions compiled so far, by source: a study or a benchmark refits the same design many times, and a
 * function compiled again starts cold in V8's interpreter (hundreds of slow calls) where the cached one is
 * already optimised. A few patterns at a time in practice; the oldest goes beyond `CACHE_SIZE`.
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

function withinLimit({ colPtr }: ColumnPattern): boolean {
  const n = colPtr.length - 1;
  return 2 * n + colPtr[n]! <= STRAIGHT_LINE_LIMIT;
}

/** The forward solve out ← L⁻¹ P S v: the scaled gather, then column by column (each scatters into its rows), or null. */
export function straightLineForward(pattern: ColumnPattern, permutation: Int32Array): Substitution | null {
  if (!withinLimit(pattern)) return null;
  const { colPtr, rowIndex } = pattern;
  const lines: string[] = [];
  for (let k = 0; k < permutation.length; k++) lines.push(`out[${k}] = scale[${permutation[k]}] * input[${permutation[k]}];`);
  for (let j = 0; j + 1 < colPtr.length; j++) {
    lines.push(`const x${j} = out[${j}] / diagonal[${j}];`, `out[${j}] = x${j};`);
    for (let p = colPtr[j]!; p < colPtr[j + 1]!; p++) lines.push(`out[${rowIndex[p]}] -= values[${p}] * x${j};`);
  }
  return compile(lines.join("\n"));
}

/**
 * The back solve out ← S Pᵀ L⁻ᵀ e: from the last column (each gathers from its rows, column j starting from
 * e_j, which no earlier step has changed), then the scaled scatter, or null.
 */
export function straightLineBack(pattern: ColumnPattern, permutation: Int32Array): Substitution | null {
  if (!withinLimit(pattern)) return null;
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
