/**
 * The sparsity pattern of a symmetric matrix: its lower triangle (diagonal included) in compressed
 * sparse column form, row indices sorted within each column. Values live in a separate Float64Array
 * aligned with `rowIndex`, so one pattern serves every refactorisation.
 */
export interface SymmetricPattern {
  readonly n: number;
  /** Column j's entries are colPtr[j] .. colPtr[j+1]-1. */
  readonly colPtr: Int32Array;
  /** Row index (≥ column) of each entry. */
  readonly rowIndex: Int32Array;
}

/**
 * Pattern from a list of (row, col) entries in either triangle; duplicates are merged. Counting sort by
 * column, then by row within each column: O(entries + n).
 */
export function symmetricPatternFromEntries(n: number, rows: Int32Array, cols: Int32Array): SymmetricPattern {
  const count = rows.length;
  const lower = new Int32Array(count);
  const column = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const r = rows[k]!;
    const c = cols[k]!;
    if (r < 0 || c < 0 || r >= n || c >= n) throw new RangeError(`entry (${r}, ${c}) is outside a ${n}×${n} matrix`);
    lower[k] = r >= c ? r : c;
    column[k] = r >= c ? c : r;
  }
  // Bucket by row, then stable bucket by column: entries end up column-major with rows ascending.
  const byRow = bucketOrder(lower, n, null);
  const order = bucketOrder(column, n, byRow);
  const colPtr = new Int32Array(n + 1);
  const kept: number[] = [];
  let previousRow = -1;
  let previousCol = -1;
  for (const k of order) {
    const r = lower[k]!;
    const c = column[k]!;
    if (r === previousRow && c === previousCol) continue;
    kept.push(r);
    colPtr[c + 1]!++;
    previousRow = r;
    previousCol = c;
  }
  for (let j = 0; j < n; j++) colPtr[j + 1]! += colPtr[j]!;
  return { n, colPtr, rowIndex: Int32Array.from(kept) };
}

/** Stable counting sort of the entries `within` (or all) by `key`. */
function bucketOrder(key: Int32Array, n: number, within: Int32Array | null): Int32Array {
  const size = within === null ? key.length : within.length;
  const start = new Int32Array(n + 1);
  for (let t = 0; t < size; t++) start[key[within === null ? t : within[t]!]! + 1]!++;
  for (let j = 0; j < n; j++) start[j + 1]! += start[j]!;
  const out = new Int32Array(size);
  for (let t = 0; t < size; t++) {
    const k = within === null ? t : within[t]!;
    out[start[key[k]!]!++] = k;
  }
  return out;
}

/** Index into the values of entry (row, col) (either triangle), or −1 when it is not in the pattern. */
export function patternEntryIndex(pattern: SymmetricPattern, row: number, col: number): number {
  const r = row >= col ? row : col;
  const c = row >= col ? col : row;
  let lo = pattern.colPtr[c]!;
  let hi = pattern.colPtr[c + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = pattern.rowIndex[mid]!;
    if (v === r) return mid;
    if (v < r) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
