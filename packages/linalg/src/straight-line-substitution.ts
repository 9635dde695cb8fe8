/**
 * Triangular substitutions compiled for one factor pattern: straight-line code with the pattern's row
 * indices as literals, for a small factor that a sampler solves with hundreds of thousands of times
 * (compressed-lower-factor.ts). In the loops every entry costs an index load and a bounds check on top of
 * its multiply-add, and that bookkeeping, not the arithmetic, is their cost: on salamander's factor (120
 * columns, 750 entries) the compiled forward substitution takes 0.65 µs against 1.6 µs for the loop.
 *
 * The generated code performs the loops' operations in the loops' order, so the results are the same bits
 * (the loop skips a column whose value is 0; subtracting v · 0 from a finite number leaves it unchanged, so
 * that skip changes no bit either). Only integer literals built here enter the source, never data.
 *
 * Limits. Above `STRAIGHT_LINE_LIMIT` statements V8 would not optimise the function (its bytecode outgrows
 * the optimising compiler's limit) and the loops are faster; where code cannot be compiled at run time (a
 * Content-Security-Policy without 'unsafe-eval') the Function constructor throws, and the caller keeps the
 * loops. Either way the result is null.
 */

/** x ← L⁻¹ x or L⁻ᵀ x in place, reading the off-diagonal values and the diagonal of the factor. */
export type Substitution = (x: Float64Array, values: Float64Array, diagonal: Float64Array) => void;

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
    compiled = new Function("x", "values", "diagonal", `"use strict";\n${body}`) as Substitution;
  } catch {
    compiled = null;
  }
  if (compiledBySource.size >= CACHE_SIZE) compiledBySource.delete(compiledBySource.keys().next().value!);
  compiledBySource.set(body, compiled);
  return compiled;
}

function withinLimit({ colPtr }: ColumnPattern): boolean {
  const n = colPtr.length - 1;
  return n + colPtr[n]! <= STRAIGHT_LINE_LIMIT;
}

/** Forward substitution x ← L⁻¹ x, column by column (each column scatters into its rows), or null. */
export function straightLineForward(pattern: ColumnPattern): Substitution | null {
  if (!withinLimit(pattern)) return null;
  const { colPtr, rowIndex } = pattern;
  const lines: string[] = [];
  for (let j = 0; j + 1 < colPtr.length; j++) {
    lines.push(`const x${j} = x[${j}] / diagonal[${j}];`, `x[${j}] = x${j};`);
    for (let p = colPtr[j]!; p < colPtr[j + 1]!; p++) lines.push(`x[${rowIndex[p]}] -= values[${p}] * x${j};`);
  }
  return compile(lines.join("\n"));
}

/** Back substitution x ← L⁻ᵀ x, from the last column (each column gathers from its rows), or null. */
export function straightLineBack(pattern: ColumnPattern): Substitution | null {
  if (!withinLimit(pattern)) return null;
  const { colPtr, rowIndex } = pattern;
  const lines: string[] = ["let sum = 0;"];
  for (let j = colPtr.length - 2; j >= 0; j--) {
    lines.push(`sum = x[${j}];`);
    for (let p = colPtr[j]!; p < colPtr[j + 1]!; p++) lines.push(`sum -= values[${p}] * x[${rowIndex[p]}];`);
    lines.push(`x[${j}] = sum / diagonal[${j}];`);
  }
  return compile(lines.join("\n"));
}
