/**
 * Model-matrix columns for a list of formula terms, with R's coding rules (model.c, `TermCode` and
 * the no-intercept adjustment in `modelmatrix`):
 *
 * - a numeric variable contributes its values;
 * - a factor in a term T is coded by treatment contrasts (levels 2..K) when T without that factor
 *   is empty or is contained in an earlier term, and by indicators of all K levels otherwise;
 * - with no intercept, the first factor of the first term containing a factor gets all K levels
 *   (`0 + Cross` → CrossRR, CrossRW, CrossWR, CrossWW).
 *
 * An interaction's columns are the products of its variables' columns, the first variable varying
 * fastest, named `a:b` from the variables' column names — the layout and names R's model.matrix gives.
 * A column is described, not materialised: a product of numeric vectors and level indicators that
 * `fillColumn` writes straight into X or Z in one pass (no intermediate copies).
 */
import type { FormulaTerm } from "./formula.js";
import type { Factor } from "./factor.js";

export type Variable =
  | { readonly kind: "numeric"; readonly name: string; readonly values: Float64Array }
  | { readonly kind: "factor"; readonly name: string; readonly factor: Factor }
  /** Several numeric columns named name + suffix, as R names a matrix's columns (`poly(time, 2)1`). */
  | { readonly kind: "matrix"; readonly name: string; readonly columns: readonly Float64Array[]; readonly suffixes: readonly string[] };

/** One model-matrix column: the product of these numeric vectors and level indicators (1 when both empty). */
export interface ColumnRecipe {
  readonly numeric: readonly Float64Array[];
  readonly indicators: readonly { readonly codes: Int32Array; readonly level: number }[];
}

export interface ModelMatrixColumns {
  readonly names: string[];
  readonly columns: ColumnRecipe[];
}

interface Piece {
  readonly name: string;
  readonly recipe: ColumnRecipe;
}

function isSubset(small: readonly string[], big: readonly string[]): boolean {
  return small.every((v) => big.includes(v));
}

function factorPieces(variable: { name: string; factor: Factor }, allLevels: boolean): Piece[] {
  const { levels, codes } = variable.factor;
  const pieces: Piece[] = [];
  for (let level = allLevels ? 0 : 1; level < levels.length; level++) {
    pieces.push({ name: `${variable.name}${levels[level]}`, recipe: { numeric: [], indicators: [{ codes, level }] } });
  }
  return pieces;
}

/** Column `recipe` as its own array of length n. */
export function materialiseColumn(
  recipe: ColumnRecipe,
  n: number
): Float64Array {
  const out = new Float64Array(n);
  fillColumn(recipe, n, out, 0, 1);
  return out;
}

/** Write column `recipe` (length n) into target[offset + i·stride], i = 0..n−1. */
export function fillColumn(recipe: ColumnRecipe, n: number, target: Float64Array, offset: number, stride: number): void {
  const { numeric, indicators } = recipe;
  if (indicators.length === 0 && numeric.length === 1) {
    const a = numeric[0]!;
    for (let i = 0; i < n; i++) target[offset + i * stride] = a[i]!;
    return;
  }
  if (indicators.length === 1 && numeric.length === 0) {
    const { codes, level } = indicators[0]!;
    for (let i = 0; i < n; i++) target[offset + i * stride] = codes[i] === level ? 1 : 0;
    return;
  }
  for (let i = 0; i < n; i++) {
    let v = 1;
    for (const a of numeric) v *= a[i]!;
    for (const { codes, level } of indicators) if (codes[i] !== level) v = 0;
    target[offset + i * stride] = v;
  }
}

export function modelMatrixColumns(
  intercept: boolean,
  terms: readonly FormulaTerm[],
  variable: (name: string) => Variable,
): ModelMatrixColumns {
  const names: string[] = [];
  const columns: ColumnRecipe[] = [];
  if (intercept) {
    names.push("(Intercept)");
    columns.push({ numeric: [], indicators: [] });
  }
  // The factor that gets full indicator coding when there is no intercept.
  let fullDummy: { term: number; name: string } | undefined;
  if (!intercept) {
    for (let t = 0; t < terms.length && fullDummy === undefined; t++) {
      const name = terms[t]!.find((v) => variable(v).kind === "factor");
      if (name !== undefined) fullDummy = { term: t, name };
    }
  }
  terms.forEach((term, t) => {
    let product: Piece[] = [{ name: "", recipe: { numeric: [], indicators: [] } }];
    for (const name of term) {
      const v = variable(name);
      let pieces: Piece[];
      if (v.kind === "numeric") {
        pieces = [{ name: v.name, recipe: { numeric: [v.values], indicators: [] } }];
      } else if (v.kind === "matrix") {
        pieces = v.columns.map((values, k) => ({ name: `${v.name}${v.suffixes[k]}`, recipe: { numeric: [values], indicators: [] } }));
      } else {
        const margin = term.filter((u) => u !== name);
        const contrasts =
          !(fullDummy?.term === t && fullDummy.name === name) &&
          (margin.length === 0 || terms.slice(0, t).some((earlier) => isSubset(margin, earlier)));
        pieces = factorPieces(v, !contrasts);
      }
      // Earlier variables vary fastest: for each new piece, run through all existing products.
      const next: Piece[] = [];
      for (const piece of pieces) {
        for (const prefix of product) {
          next.push({
            name: prefix.name === "" ? piece.name : `${prefix.name}:${piece.name}`,
            recipe: {
              numeric: [...prefix.recipe.numeric, ...piece.recipe.numeric],
              indicators: [...prefix.recipe.indicators, ...piece.recipe.indicators],
            },
          });
        }
      }
      product = next;
    }
    for (const p of product) {
      names.push(p.name);
      columns.push(p.recipe);
    }
  });
  return { names, columns };
}
