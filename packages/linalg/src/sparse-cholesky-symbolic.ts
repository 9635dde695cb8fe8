/**
 * Symbolic analysis for the supernodal sparse Cholesky factorisation P A Pᵀ = L Lᵀ, done once per
 * pattern: fill-reducing ordering (approximate minimum degree, natural, or the caller's), elimination
 * tree and its postorder (which keeps the fill and makes every supernode's columns contiguous),
 * L's column patterns, fundamental supernodes (Liu, Ng & Peyton, "On finding supernodes for sparse
 * matrix computations", SIAM J. Matrix Anal. Appl. 14, 1993) and the map from each entry of A to its
 * place in L's storage (Davis, "Direct Methods for Sparse Linear Systems", SIAM 2006, ch. 4 and 7).
 *
 * Storage: supernode s owns columns firstColumn[s] .. firstColumn[s+1]−1 of L, which share the row
 * pattern rows[rowPtr[s] .. rowPtr[s+1]−1] (the s-th first column's pattern: the supernode's own
 * columns, then its off-diagonal rows). Its values form one dense column-major block of
 * (rows × columns) at valuePtr[s]; the strict upper triangle of the diagonal block stays zero.
 */
import { approximateMinimumDegreeOrder } from "./amd-ordering.js";
import { eliminationTree, factorColumnPatterns, postorderForest } from "./elimination-tree.js";
import { assertSymmetricPattern, searchSorted, type SymmetricPattern } from "./symmetric-pattern.js";

/** Which fill-reducing permutation to analyse with. */
export type SparseCholeskyOrdering = "amd" | "natural" | Int32Array;

/** Options of {@link analyseSparseCholesky}. */
export interface SparseCholeskyAnalysisOptions {
  /**
   * "amd" (default): approximate minimum degree. "natural": the pattern's own order. An Int32Array:
   * the caller's permutation, `ordering[k]` being the original index of the k-th pivot. Every choice
   * is then postordered on its elimination tree, which leaves nnz(L) unchanged.
   */
  readonly ordering?: SparseCholeskyOrdering;
}

/** The result of {@link analyseSparseCholesky}: immutable, shareable by any number of factorisations. */
export interface SparseCholeskySymbolic {
  /** The analysed pattern (values passed to refactor are aligned with its rowIndex). */
  readonly pattern: SymmetricPattern;
  /** permutation[k] = original index of the k-th pivot (the final, postordered ordering). */
  readonly permutation: Int32Array;
  /** inversePermutation[i] = position of original index i in the pivot order. */
  readonly inversePermutation: Int32Array;
  /** Elimination-tree parent of each pivot (−1 at roots), in pivot order. */
  readonly parent: Int32Array;
  /** Nonzeros of L, diagonal included (the lower triangle; what a simplicial factor would store). */
  readonly nnzFactor: number;
  /** Number of supernodes. */
  readonly supernodeCount: number;
  /** firstColumn[s] = first pivot of supernode s; length supernodeCount + 1. */
  readonly firstColumn: Int32Array;
  /** supernodeOfColumn[j] = supernode owning pivot j. */
  readonly supernodeOfColumn: Int32Array;
  /** rowPtr[s] .. rowPtr[s+1]−1 index the row pattern of supernode s in `rows`. */
  readonly rowPtr: Int32Array;
  readonly rows: Int32Array;
  /** valuePtr[s] = offset of supernode s's dense block; valuePtr[supernodeCount] = stored values. */
  readonly valuePtr: Int32Array;
  /** entryPosition[p] = where entry p of A (aligned with pattern.rowIndex) lives in L's storage. */
  readonly entryPosition: Int32Array;
  /**
   * Supernode-to-ancestor updates, one per (supernode d, ancestor t) whose columns d's off-diagonal
   * rows meet, stored by d in increasing t. Update u covers d's row positions
   * updateFirstRow[u] .. updateEndRow[u]−1 (the rows in t's columns). The left-looking refactor
   * gathers them by target (targetUpdates), the selected inverse walks them by supernode
   * (descendantUpdatePtr).
   */
  readonly updateTarget: Int32Array;
  readonly updateDescendant: Int32Array;
  readonly updateFirstRow: Int32Array;
  readonly updateEndRow: Int32Array;
  /**
   * The positions in t's row list of d's rows from updateFirstRow[u] to the end start at
   * relativePositions[updateRelative[u]] — precomputed when they take at most twice the factor's
   * stored size (always, on the mixed-model patterns), else null and found per call by a merge walk
   * ({@link rowPositionsInAncestor}); orderings with long chains of one-column supernodes, such as
   * the natural order of a banded matrix, would otherwise need Σ (rows after each update) entries.
   */
  readonly updateRelative: Int32Array;
  readonly relativePositions: Int32Array | null;
  /** Updates of supernode d: descendantUpdatePtr[d] .. descendantUpdatePtr[d+1]−1. */
  readonly descendantUpdatePtr: Int32Array;
  /** Updates received by supernode t: targetUpdates[targetUpdatePtr[t] .. targetUpdatePtr[t+1]−1], by increasing d. */
  readonly targetUpdatePtr: Int32Array;
  readonly targetUpdates: Int32Array;
  /** Largest row count and largest column count of any supernode (scratch sizes). */
  readonly maxSupernodeRows: number;
  readonly maxSupernodeColumns: number;
  /** Largest (off-diagonal rows × columns) of any supernode (selected-inverse scratch). */
  readonly maxOffDiagonalBlock: number;
}

function initialOrdering(pattern: SymmetricPattern, ordering: SparseCholeskyOrdering): Int32Array {
  const n = pattern.n;
  if (ordering === "amd") return approximateMinimumDegreeOrder(pattern);
  if (ordering === "natural") {
    const identity = new Int32Array(n);
    for (let k = 0; k < n; k++) identity[k] = k;
    return identity;
  }
  if (!(ordering instanceof Int32Array)) {
    throw new TypeError(`analyseSparseCholesky: ordering must be "amd", "natural" or an Int32Array, got ${String(ordering)}`);
  }
  if (ordering.length !== n) {
    throw new RangeError(`analyseSparseCholesky: ordering has length ${ordering.length}, expected n = ${n}`);
  }
  const seen = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const i = ordering[k];
    if (!(i >= 0 && i < n)) throw new RangeError(`analyseSparseCholesky: ordering[${k}] = ${i} is outside [0, ${n})`);
    if (seen[i] === 1) throw new RangeError(`analyseSparseCholesky: ordering[${k}] = ${i} repeats an earlier entry (not a permutation)`);
    seen[i] = 1;
  }
  return ordering.slice();
}

function inverseOf(permutation: Int32Array): Int32Array {
  const inverse = new Int32Array(permutation.length);
  for (let k = 0; k < permutation.length; k++) inverse[permutation[k]] = k;
  return inverse;
}

/** Strict upper triangle of P A Pᵀ in compressed columns (row order within a column unspecified). */
function permutedUpper(pattern: SymmetricPattern, inversePermutation: Int32Array): { colPtr: Int32Array; rowIndex: Int32Array } {
  const { n, colPtr, rowIndex } = pattern;
  const counts = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) {
    for (let p = colPtr[j] + 1; p < colPtr[j + 1]; p++) {
      counts[Math.max(inversePermutation[rowIndex[p]], inversePermutation[j])]++;
    }
  }
  const upperColPtr = new Int32Array(n + 1);
  for (let k = 0; k < n; k++) upperColPtr[k + 1] = upperColPtr[k] + counts[k];
  const upperRowIndex = new Int32Array(upperColPtr[n]);
  const fill = upperColPtr.slice(0, n);
  for (let j = 0; j < n; j++) {
    for (let p = colPtr[j] + 1; p < colPtr[j + 1]; p++) {
      const a = inversePermutation[rowIndex[p]];
      const b = inversePermutation[j];
      upperRowIndex[fill[Math.max(a, b)]++] = Math.min(a, b);
    }
  }
  return { colPtr: upperColPtr, rowIndex: upperRowIndex };
}

type SupernodeUpdates = Pick<
  SparseCholeskySymbolic,
  | "updateTarget"
  | "updateDescendant"
  | "updateFirstRow"
  | "updateEndRow"
  | "updateRelative"
  | "relativePositions"
  | "descendantUpdatePtr"
  | "targetUpdatePtr"
  | "targetUpdates"
>;

/**
 * Positions in ancestor t's row list (from t's first row at `tStart`) of supernode d's rows
 * rows[dStart + from .. dStart + dEnd − 1], written to out[outOffset ..]. A merge walk started at the
 * position of d's first such row, which is a column of t: the rows of a column of L below any of its
 * rows k all lie in column k's pattern, so every row is found. Cost ≤ |rows(t)|.
 */
export function rowPositionsInAncestor(
  rows: Int32Array,
  dStart: number,
  from: number,
  dEnd: number,
  tStart: number,
  tFirstColumn: number,
  out: Int32Array,
  outOffset: number,
): void {
  let q = rows[dStart + from] - tFirstColumn;
  for (let a = from; a < dEnd; a++) {
    const row = rows[dStart + a];
    while (rows[tStart + q] !== row) q++;
    out[outOffset++] = q;
  }
}

/**
 * The update lists: d's off-diagonal rows, grouped by the ancestor supernode owning them as columns,
 * and (within the memory budget) the positions of d's remaining rows in each such ancestor.
 */
function supernodeUpdates(
  supernodeCount: number,
  firstColumn: Int32Array,
  supernodeOfColumn: Int32Array,
  rowPtr: Int32Array,
  rows: Int32Array,
  storedFactorSize: number,
): SupernodeUpdates {
  let updateCount = 0;
  let relativeCount = 0;
  for (let d = 0; d < supernodeCount; d++) {
    const rowCount = rowPtr[d + 1] - rowPtr[d];
    for (let r = firstColumn[d + 1] - firstColumn[d]; r < rowCount; ) {
      const end = firstColumn[supernodeOfColumn[rows[rowPtr[d] + r]] + 1];
      updateCount++;
      relativeCount += rowCount - r;
      while (r < rowCount && rows[rowPtr[d] + r] < end) r++;
    }
  }
  const precompute = relativeCount <= 2 * storedFactorSize;
  const updateTarget = new Int32Array(updateCount);
  const updateDescendant = new Int32Array(updateCount);
  const updateFirstRow = new Int32Array(updateCount);
  const updateEndRow = new Int32Array(updateCount);
  const updateRelative = new Int32Array(updateCount);
  const relativePositions = precompute ? new Int32Array(relativeCount) : null;
  const descendantUpdatePtr = new Int32Array(supernodeCount + 1);
  const targetUpdatePtr = new Int32Array(supernodeCount + 1);
  let u = 0;
  let written = 0;
  for (let d = 0; d < supernodeCount; d++) {
    const start = rowPtr[d];
    const rowCount = rowPtr[d + 1] - start;
    for (let r = firstColumn[d + 1] - firstColumn[d]; r < rowCount; u++) {
      const t = supernodeOfColumn[rows[start + r]];
      updateTarget[u] = t;
      updateDescendant[u] = d;
      updateFirstRow[u] = r;
      if (relativePositions !== null) {
        updateRelative[u] = written;
        rowPositionsInAncestor(rows, start, r, rowCount, rowPtr[t], firstColumn[t], relativePositions, written);
        written += rowCount - r;
      }
      while (r < rowCount && rows[start + r] < firstColumn[t + 1]) r++;
      updateEndRow[u] = r;
      targetUpdatePtr[t + 1]++;
    }
    descendantUpdatePtr[d + 1] = u;
  }
  for (let t = 0; t < supernodeCount; t++) targetUpdatePtr[t + 1] += targetUpdatePtr[t];
  const targetUpdates = new Int32Array(updateCount);
  const fill = targetUpdatePtr.slice(0, supernodeCount);
  for (let k = 0; k < updateCount; k++) targetUpdates[fill[updateTarget[k]]++] = k;
  return {
    updateTarget,
    updateDescendant,
    updateFirstRow,
    updateEndRow,
    updateRelative,
    relativePositions,
    descendantUpdatePtr,
    targetUpdatePtr,
    targetUpdates,
  };
}

/**
 * Analyses the pattern once: ordering, elimination tree, L's structure in supernodes, and where each
 * entry of A goes in L. Throws a RangeError naming the defect when the pattern or the permutation
 * is malformed.
 */
export function analyseSparseCholesky(
  pattern: SymmetricPattern,
  options: SparseCholeskyAnalysisOptions = {},
): SparseCholeskySymbolic {
  assertSymmetricPattern(pattern, "analyseSparseCholesky");
  const n = pattern.n;
  const ordering = initialOrdering(pattern, options.ordering ?? "amd");

  // Postorder the elimination tree of the chosen ordering: an equivalent ordering (same fill) in which
  // each supernode's columns are consecutive.
  const firstUpper = permutedUpper(pattern, inverseOf(ordering));
  const postorder = postorderForest(eliminationTree(n, firstUpper.colPtr, firstUpper.rowIndex));
  const permutation = new Int32Array(n);
  for (let k = 0; k < n; k++) permutation[k] = ordering[postorder[k]];
  const inversePermutation = inverseOf(permutation);
  const upper = permutedUpper(pattern, inversePermutation);
  const parent = eliminationTree(n, upper.colPtr, upper.rowIndex);
  const columns = factorColumnPatterns(n, upper.colPtr, upper.rowIndex, parent);
  const count = (j: number): number => columns.colPtr[j + 1] - columns.colPtr[j];

  // Supernodes: j extends j−1's supernode when it is j−1's parent and their patterns nest
  // (count(j−1) = count(j) + 1, so pattern(j−1) = {j−1} ∪ pattern(j)). Other children of j may exist
  // (unlike fundamental supernodes): left-looking updates need only the shared pattern.
  const supernodeOfColumn = new Int32Array(n);
  const firstColumnList: number[] = [];
  for (let j = 0; j < n; j++) {
    const extends_ = j > 0 && parent[j - 1] === j && count(j - 1) === count(j) + 1;
    if (!extends_) firstColumnList.push(j);
    supernodeOfColumn[j] = firstColumnList.length - 1;
  }
  const supernodeCount = firstColumnList.length;
  const firstColumn = new Int32Array(supernodeCount + 1);
  firstColumn.set(firstColumnList);
  firstColumn[supernodeCount] = n;

  const rowPtr = new Int32Array(supernodeCount + 1);
  const valuePtr = new Int32Array(supernodeCount + 1);
  let maxSupernodeRows = 0;
  let maxSupernodeColumns = 0;
  let maxOffDiagonalBlock = 0;
  for (let s = 0; s < supernodeCount; s++) {
    const rowCount = count(firstColumn[s]);
    const columnCount = firstColumn[s + 1] - firstColumn[s];
    rowPtr[s + 1] = rowPtr[s] + rowCount;
    valuePtr[s + 1] = valuePtr[s] + rowCount * columnCount;
    maxSupernodeRows = Math.max(maxSupernodeRows, rowCount);
    maxSupernodeColumns = Math.max(maxSupernodeColumns, columnCount);
    maxOffDiagonalBlock = Math.max(maxOffDiagonalBlock, (rowCount - columnCount) * columnCount);
  }
  const rows = new Int32Array(rowPtr[supernodeCount]);
  for (let s = 0; s < supernodeCount; s++) {
    const first = columns.colPtr[firstColumn[s]];
    rows.set(columns.rowIndex.subarray(first, first + rowPtr[s + 1] - rowPtr[s]), rowPtr[s]);
  }

  const updates = supernodeUpdates(supernodeCount, firstColumn, supernodeOfColumn, rowPtr, rows, valuePtr[supernodeCount]);

  // Entry (i, j) of A becomes entry (max, min) of P A Pᵀ, in the block of the supernode owning the column.
  const { colPtr, rowIndex } = pattern;
  const entryPosition = new Int32Array(rowIndex.length);
  for (let j = 0; j < n; j++) {
    for (let p = colPtr[j]; p < colPtr[j + 1]; p++) {
      const a = inversePermutation[rowIndex[p]];
      const b = inversePermutation[j];
      const row = Math.max(a, b);
      const column = Math.min(a, b);
      const s = supernodeOfColumn[column];
      const position = searchSorted(rows, rowPtr[s], rowPtr[s + 1] - 1, row) - rowPtr[s];
      const rowCount = rowPtr[s + 1] - rowPtr[s];
      entryPosition[p] = valuePtr[s] + (column - firstColumn[s]) * rowCount + position;
    }
  }

  return {
    pattern,
    permutation,
    inversePermutation,
    parent,
    nnzFactor: columns.colPtr[n],
    supernodeCount,
    firstColumn,
    supernodeOfColumn,
    rowPtr,
    rows,
    valuePtr,
    entryPosition,
    ...updates,
    maxSupernodeRows,
    maxSupernodeColumns,
    maxOffDiagonalBlock,
  };
}
