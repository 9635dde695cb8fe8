/**
 * Sparsity patterns of symmetric matrices: the lower triangle (diagonal included) in compressed
 * sparse column form (Davis, "Direct Methods for Sparse Linear Systems", SIAM 2006, §2.2). The
 * pattern is built once per model; values aligned with `rowIndex` change on every refactorisation.
 */

/**
 * Lower triangle (diagonal included) of a symmetric n×n pattern, compressed sparse column:
 * column j holds rows `rowIndex[colPtr[j] .. colPtr[j+1]-1]`, strictly increasing, all ≥ j.
 * Patterns built by {@link symmetricPatternFromEntries} always contain the whole diagonal (a
 * positive-definite matrix has a positive diagonal), so each column starts with its diagonal entry.
 */
export interface SymmetricPattern {
  readonly n: number;
  readonly colPtr: Int32Array;
  readonly rowIndex: Int32Array;
}

/**
 * The pattern of the entries (rows[k], cols[k]) of a symmetric n×n matrix, plus the whole diagonal.
 * Entries may lie in either triangle ((i, j) and (j, i) name the same entry) and may repeat; they
 * are folded into the lower triangle and deduplicated. Throws a RangeError naming the first entry
 * whose row or column is not an integer in [0, n).
 */
export function symmetricPatternFromEntries(n: number, rows: Int32Array, cols: Int32Array): SymmetricPattern {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`symmetricPatternFromEntries: n must be a non-negative integer, got ${n}`);
  if (rows.length !== cols.length) {
    throw new RangeError(`symmetricPatternFromEntries: rows has ${rows.length} entries but cols has ${cols.length}`);
  }
  const entries = rows.length;
  // Counting sort by lower-triangle column; the diagonal takes each column's first slot.
  const counts = new Int32Array(n + 1);
  for (let k = 0; k < entries; k++) {
    const i = rows[k];
    const j = cols[k];
    if (!(i >= 0 && i < n)) throw new RangeError(`symmetricPatternFromEntries: entry ${k} has row ${i}, outside [0, ${n})`);
    if (!(j >= 0 && j < n)) throw new RangeError(`symmetricPatternFromEntries: entry ${k} has column ${j}, outside [0, ${n})`);
    if (i !== j) counts[Math.min(i, j)]++;
  }
  const start = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) start[j + 1] = start[j] + counts[j] + 1;
  const scattered = new Int32Array(start[n]);
  const fill = start.slice(0, n);
  for (let j = 0; j < n; j++) scattered[fill[j]++] = j;
  for (let k = 0; k < entries; k++) {
    const i = rows[k];
    const j = cols[k];
    if (i !== j) scattered[fill[Math.min(i, j)]++] = Math.max(i, j);
  }
  // Sort each column and drop repeats, compacting in place.
  const colPtr = new Int32Array(n + 1);
  let written = 0;
  for (let j = 0; j < n; j++) {
    const column = scattered.subarray(start[j], start[j + 1]);
    column.sort();
    colPtr[j] = written;
    let previous = -1;
    for (let p = 0; p < column.length; p++) {
      const row = column[p];
      if (row !== previous) scattered[written++] = row;
      previous = row;
    }
  }
  colPtr[n] = written;
  return { n, colPtr, rowIndex: scattered.slice(0, written) };
}

/**
 * Position of entry (row, col) — either triangle — in `pattern.rowIndex` (and so in any values
 * array aligned with it), or −1 when the pattern does not hold it. Binary search: call it once per
 * model to precompute scatter positions, not in a hot loop.
 */
export function patternEntryIndex(pattern: SymmetricPattern, row: number, col: number): number {
  const { n, colPtr, rowIndex } = pattern;
  if (!Number.isInteger(row) || row < 0 || row >= n) throw new RangeError(`patternEntryIndex: row ${row} outside [0, ${n})`);
  if (!Number.isInteger(col) || col < 0 || col >= n) throw new RangeError(`patternEntryIndex: column ${col} outside [0, ${n})`);
  const column = Math.min(row, col);
  return searchSorted(rowIndex, colPtr[column], colPtr[column + 1] - 1, Math.max(row, col));
}

/** Index of `value` in the strictly increasing slice sorted[low .. high], or −1 (binary search). */
export function searchSorted(sorted: Int32Array, low: number, high: number, value: number): number {
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const entry = sorted[middle];
    if (entry === value) return middle;
    if (entry < value) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/**
 * Throws an Error naming the first defect when `pattern` is not a valid lower-triangle CSC pattern
 * with its whole diagonal: colPtr of length n+1 starting at 0 and non-decreasing, rows strictly
 * increasing within each column, each column starting with its diagonal.
 */
export function assertSymmetricPattern(pattern: SymmetricPattern, context: string): void {
  const { n, colPtr, rowIndex } = pattern;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${context}: pattern.n must be a non-negative integer, got ${n}`);
  if (colPtr.length !== n + 1) throw new RangeError(`${context}: pattern.colPtr has length ${colPtr.length}, expected n + 1 = ${n + 1}`);
  if (colPtr[0] !== 0 || colPtr[n] !== rowIndex.length) {
    throw new RangeError(`${context}: pattern.colPtr must run from 0 to rowIndex.length = ${rowIndex.length}`);
  }
  for (let j = 0; j < n; j++) {
    const first = colPtr[j];
    const end = colPtr[j + 1];
    if (end <= first || rowIndex[first] !== j) {
      throw new RangeError(`${context}: column ${j} of the pattern does not start with its diagonal entry`);
    }
    for (let p = first + 1; p < end; p++) {
      const row = rowIndex[p];
      if (!(row > rowIndex[p - 1]) || row >= n) {
        throw new RangeError(`${context}: column ${j} of the pattern has row ${row} out of order or outside [0, ${n})`);
      }
    }
  }
}
