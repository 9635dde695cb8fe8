/**
 * Model-matrix columns for a list of formula terms, with R's coding rules (model.c, `TermCode` and
 * the no-intercept adjustment in `modelmatrix`):
 *
 * - a numeric variable contributes its values (a matrix-valued one, such as poly(), each of its columns);
 * - a factor in a term T is coded by treatment contrasts (levels 2..K) when T without that factor
 *   is empty or is contained in an earlier term, and by indicators of all K levels otherwise;
 * - with no intercept, the first factor of the first term containing a factor gets all K levels
 *   (`0 + Cross` → CrossRR, CrossRW, CrossWR, CrossWW).
 *
 * An interaction's columns are the products of its variables' columns, the first variable varying
 * fastest, named `a:b` from the variables' column names — the layout and names R's model.matrix gives.
 */
import type { FormulaTerm } from "./formula.js";
import type { Factor } from "./factor.js";

export type Variable =
  | { readonly kind: "numeric"; readonly name: string; readonly values: Float64Array }
  | { readonly kind: "factor"; readonly name: string; readonly factor: Factor }
  /** Several numeric columns named name + suffix, as R names a matrix's columns (`poly(time, 2)1`). */
  | { readonly kind: "matrix"; readonly name: string; readonly columns: readonly Float64Array[]; readonly suffixes: readonly string[] };

export interface ModelMatrixColumns {
  readonly names: string[];
  /** Each column has length n. */
  readonly columns: Float64Array[];
}

interface Piece {
  readonly name: string;
  readonly values: Float64Array;
}

function isSubset(small: readonly string[], big: readonly string[]): boolean {
  return small.every((v) => big.includes(v));
}

function factorPieces(variable: { name: string; factor: Factor }, n: number, allLevels: boolean): Piece[] {
  const { levels, codes } = variable.factor;
  const pieces: Piece[] = [];
  for (let level = allLevels ? 0 : 1; level < levels.length; level++) {
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = codes[i] === level ? 1 : 0;
    pieces.push({ name: `${variable.name}${levels[level]}`, values });
  }
  return pieces;
}

export function modelMatrixColumns(
  n: number,
  intercept: boolean,
  terms: readonly FormulaTerm[],
  variable: (name: string) => Variable,
): ModelMatrixColumns {
  const names: string[] = [];
  const columns: Float64Array[] = [];
  if (intercept) {
    names.push("(Intercept)");
    columns.push(new Float64Array(n).fill(1));
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
    let product: Piece[] = [{ name: "", values: new Float64Array(n).fill(1) }];
    for (const name of term) {
      const v = variable(name);
      let pieces: Piece[];
      if (v.kind === "numeric") {
        pieces = [{ name: v.name, values: v.values }];
      } else if (v.kind === "matrix") {
        pieces = v.columns.map((values, k) => ({ name: `${v.name}${v.suffixes[k]}`, values }));
      } else {
        const margin = term.filter((u) => u !== name);
        const contrasts =
          !(fullDummy?.term === t && fullDummy.name === name) &&
          (margin.length === 0 || terms.slice(0, t).some((earlier) => isSubset(margin, earlier)));
        pieces = factorPieces(v, n, !contrasts);
      }
      // Earlier variables vary fastest: for each new piece, run through all existing products.
      const next: Piece[] = [];
      for (const piece of pieces) {
        for (const prefix of product) {
          const values = new Float64Array(n);
          for (let i = 0; i < n; i++) values[i] = prefix.values[i]! * piece.values[i]!;
          next.push({ name: prefix.name === "" ? piece.name : `${prefix.name}:${piece.name}`, values });
        }
      }
      product = next;
    }
    for (const p of product) {
      names.push(p.name);
      columns.push(p.values);
    }
  });
  return { names, columns };
}
