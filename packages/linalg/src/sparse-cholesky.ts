/**
 * Numeric supernodal sparse Cholesky P A Pᵀ = L Lᵀ on a fixed symbolic analysis: refactorisation in
 * place (no allocation per call), solves in the original ordering, log det A and the selected
 * inverse (entries of A⁻¹ on A's pattern).
 *
 * Factorisation: left-looking supernodal (Ng & Peyton, "Block sparse Cholesky algorithms on advanced
 * uniprocessor computers", SIAM J. Sci. Comput. 14, 1993; the linked lists of pending descendant
 * updates are those of CHOLMOD, Chen, Davis, Hager & Rajamanickam, ACM TOMS 35, 2008). Supernode s
 * gathers the updates L_d(rows ≥ f_s) · L_d(cols of s)ᵀ of every descendant d whose pattern meets its
 * columns, scattered through a row map, then factors its dense panel column by column. Chosen over a
 * simplicial up-looking factorisation by measurement on the design patterns of the benchmark
 * (`pnpm bench sparse`; figures in the changeset note).
 *
 * Selected inverse: Takahashi, Fagan & Chin (1973) / Erisman & Tinney (1975) recurrences in
 * supernodal form (as in Amestoy, Duff, L'Excellent & Rouet / selinv, Lin et al., ACM TOMS 37, 2011):
 * with Z = (P A Pᵀ)⁻¹, a supernode's diagonal block L_D, off-diagonal block L_O and Y = L_O L_D⁻¹,
 *   Z_O,s = −Z_O,O Y,        Z_s,s = L_D⁻ᵀ L_D⁻¹ − Yᵀ Z_O,s,
 * where Z_O,O (rows and columns of the off-diagonal pattern) lies inside L's pattern, in ancestors
 * already computed; supernodes are processed from the root down.
 */
import type { SparseCholeskySymbolic } from "./sparse-cholesky-symbolic.js";

/**
 * Pivot j is rejected when it is ≤ n·ε·A_jj (A_jj the diagonal of P A Pᵀ): as in the dense
 * `choleskyInPlace`, a pivot/diagonal ratio at rounding level means κ(A) ≳ 1/(nε).
 */
const PIVOT_RELATIVE_TOLERANCE = Number.EPSILON;

/**
 * Subtracts l·l_cᵀ from the target supernode for one descendant column l (rows p1.. of a block at
 * `source`), for the target columns given by positions p1..p2−1: L_T(rel[r], rel[c]) −= l_r l_c for
 * r ≥ c. Rows are mapped through `relative` (row positions in the target block; for the target's own
 * columns the position is the column offset). Four target columns share each loaded l_r and rel[r].
 */
function scatterColumnUpdate(
  L: Float64Array,
  source: number,
  p1: number,
  p2: number,
  end: number,
  relative: Int32Array,
  target: number,
  targetRows: number,
): void {
  let c = p1;
  for (; c + 3 < p2; c += 4) {
    const l0 = L[source + c];
    const l1 = L[source + c + 1];
    const l2 = L[source + c + 2];
    const l3 = L[source + c + 3];
    const r0 = relative[c];
    const r1 = relative[c + 1];
    const r2 = relative[c + 2];
    const r3 = relative[c + 3];
    const t0 = target + r0 * targetRows;
    const t1 = target + r1 * targetRows;
    const t2 = target + r2 * targetRows;
    const t3 = target + r3 * targetRows;
    // The 4×4 lower triangle among the four columns themselves.
    L[t0 + r0] -= l0 * l0;
    L[t0 + r1] -= l1 * l0;
    L[t0 + r2] -= l2 * l0;
    L[t0 + r3] -= l3 * l0;
    L[t1 + r1] -= l1 * l1;
    L[t1 + r2] -= l2 * l1;
    L[t1 + r3] -= l3 * l1;
    L[t2 + r2] -= l2 * l2;
    L[t2 + r3] -= l3 * l2;
    L[t3 + r3] -= l3 * l3;
    for (let r = c + 4; r < end; r++) {
      const row = relative[r];
      const lr = L[source + r];
      L[t0 + row] -= lr * l0;
      L[t1 + row] -= lr * l1;
      L[t2 + row] -= lr * l2;
      L[t3 + row] -= lr * l3;
    }
  }
  for (; c < p2; c++) {
    const lc = L[source + c];
    if (lc === 0) continue;
    const t = target + relative[c] * targetRows;
    for (let r = c; r < end; r++) L[t + relative[r]] -= L[source + r] * lc;
  }
}

/**
 * For a one-column supernode: ZO −= Z_O,O(:, b0..b1−1) · Y(b0..b1−1), using Z_O,O's symmetry so each
 * stored entry Z(a, b) (a ≥ b) is read once. Column b of Z_O,O is column rows[rowOffset + b] of the
 * ancestor block starting at zBase (+ row·tRowCount), its rows at positions relative[a]. Four
 * columns share each loaded relative[a], Y[a] and ZO[a].
 */
function multiplyInverseColumns(
  Z: Float64Array,
  zBase: number,
  tRowCount: number,
  rows: Int32Array,
  rowOffset: number,
  relative: Int32Array,
  b0: number,
  b1: number,
  m: number,
  Y: Float64Array,
  ZO: Float64Array,
): void {
  let b = b0;
  for (; b + 3 < b1; b += 4) {
    const c0 = zBase + rows[rowOffset + b] * tRowCount;
    const c1 = zBase + rows[rowOffset + b + 1] * tRowCount;
    const c2 = zBase + rows[rowOffset + b + 2] * tRowCount;
    const c3 = zBase + rows[rowOffset + b + 3] * tRowCount;
    const y0 = Y[b];
    const y1 = Y[b + 1];
    const y2 = Y[b + 2];
    const y3 = Y[b + 3];
    // The 4×4 symmetric block among the four columns themselves.
    const z00 = Z[c0 + relative[b]];
    const z10 = Z[c0 + relative[b + 1]];
    const z20 = Z[c0 + relative[b + 2]];
    const z30 = Z[c0 + relative[b + 3]];
    const z11 = Z[c1 + relative[b + 1]];
    const z21 = Z[c1 + relative[b + 2]];
    const z31 = Z[c1 + relative[b + 3]];
    const z22 = Z[c2 + relative[b + 2]];
    const z32 = Z[c2 + relative[b + 3]];
    const z33 = Z[c3 + relative[b + 3]];
    let s0 = z00 * y0 + z10 * y1 + z20 * y2 + z30 * y3;
    let s1 = z10 * y0 + z11 * y1 + z21 * y2 + z31 * y3;
    let s2 = z20 * y0 + z21 * y1 + z22 * y2 + z32 * y3;
    let s3 = z30 * y0 + z31 * y1 + z32 * y2 + z33 * y3;
    for (let a = b + 4; a < m; a++) {
      const r = relative[a];
      const z0 = Z[c0 + r];
      const z1 = Z[c1 + r];
      const z2 = Z[c2 + r];
      const z3 = Z[c3 + r];
      const ya = Y[a];
      ZO[a] -= z0 * y0 + z1 * y1 + z2 * y2 + z3 * y3;
      s0 += z0 * ya;
      s1 += z1 * ya;
      s2 += z2 * ya;
      s3 += z3 * ya;
    }
    ZO[b] -= s0;
    ZO[b + 1] -= s1;
    ZO[b + 2] -= s2;
    ZO[b + 3] -= s3;
  }
  for (; b < b1; b++) {
    const zColumn = zBase + rows[rowOffset + b] * tRowCount;
    const yb = Y[b];
    let sum = Z[zColumn + relative[b]] * yb;
    for (let a = b + 1; a < m; a++) {
      const z = Z[zColumn + relative[a]];
      ZO[a] -= z * yb;
      sum += z * Y[a];
    }
    ZO[b] -= sum;
  }
}

/**
 * D = L_D⁻¹ for the lower-triangular c×c diagonal block of a supernode (column stride `stride` from
 * `offset`), column-major into D: column k solves L_D x = e_k by forward substitution. Two columns
 * at a time share each loaded L entry.
 */
function lowerInverseOfBlock(L: Float64Array, offset: number, stride: number, c: number, D: Float64Array): void {
  // Explicit loops rather than fill(): most blocks are 1×1 or 2×2 and a builtin call costs more.
  for (let i = 0; i < c * c; i++) D[i] = 0;
  let k = 0;
  for (; k + 1 < c; k += 2) {
    const x0 = k * c;
    const x1 = x0 + c;
    // Row k: only the first column is nonzero there.
    const columnK = offset + k * stride;
    const d0 = 1 / L[columnK + k];
    D[x0 + k] = d0;
    for (let i = k + 1; i < c; i++) D[x0 + i] = -L[columnK + i] * d0;
    D[x1 + k + 1] = 1;
    for (let j = k + 1; j < c; j++) {
      const column = offset + j * stride;
      const inverse = 1 / L[column + j];
      const a = D[x0 + j] * inverse;
      const b = D[x1 + j] * inverse;
      D[x0 + j] = a;
      D[x1 + j] = b;
      for (let i = j + 1; i < c; i++) {
        const l = L[column + i];
        D[x0 + i] -= l * a;
        D[x1 + i] -= l * b;
      }
    }
  }
  if (k < c) D[k * c + k] = 1 / L[offset + k * stride + k];
}

/**
 * Lower triangle of Dᵀ D (= (L_D L_Dᵀ)⁻¹ for D = L_D⁻¹) into Z's block at `offset` with column
 * stride `stride`: entry (i, j), i ≥ j, is the dot product of D's columns i and j over rows ≥ i.
 * Two columns j share each loaded entry of column i.
 */
function gramOfLowerInverse(D: Float64Array, c: number, Z: Float64Array, offset: number, stride: number): void {
  let j = 0;
  for (; j + 1 < c; j += 2) {
    const dj = j * c;
    const dj1 = dj + c;
    let diagonal = 0;
    for (let k = j; k < c; k++) diagonal += D[dj + k] * D[dj + k];
    Z[offset + j * stride + j] = diagonal;
    for (let i = j + 1; i < c; i++) {
      const di = i * c;
      let sum0 = 0;
      let sum1 = 0;
      for (let k = i; k < c; k++) {
        const d = D[di + k];
        sum0 += d * D[dj + k];
        sum1 += d * D[dj1 + k];
      }
      Z[offset + j * stride + i] = sum0;
      Z[offset + (j + 1) * stride + i] = sum1;
    }
  }
  if (j < c) {
    let diagonal = 0;
    for (let k = j; k < c; k++) diagonal += D[j * c + k] * D[j * c + k];
    Z[offset + j * stride + j] = diagonal;
  }
}

/**
 * A numeric sparse Cholesky factorisation on a {@link SparseCholeskySymbolic} analysis. Every buffer
 * belongs to the instance, so several factorisations of one analysis can run side by side.
 */
export class SparseCholesky {
  /** The symbolic analysis this factorisation refactors on. */
  readonly symbolic: SparseCholeskySymbolic;
  /** Nonzeros of L, diagonal included (lower triangle; for reports). */
  readonly nnzFactor: number;
  /** Doubles held by the supernodal factor (dense supernode blocks; ≥ nnzFactor). */
  readonly storedFactorSize: number;

  private readonly factor: Float64Array;
  private inverse: Float64Array | null = null;
  private factored = false;
  // Scratch: row map into the current supernode, relative rows of a descendant, the pending-update
  // lists (head per supernode, next per descendant, next row position per descendant), a diagonal
  // copy for the pivot test, the permuted right-hand side, and selected-inverse blocks.
  private readonly rowMap: Int32Array;
  private readonly relativeRows: Int32Array;
  private readonly pendingHead: Int32Array;
  private readonly pendingNext: Int32Array;
  private readonly nextRowPosition: Int32Array;
  private readonly originalDiagonal: Float64Array;
  private readonly work: Float64Array;
  private readonly offDiagonalTimesInverse: Float64Array;
  private readonly inverseOffDiagonal: Float64Array;
  private readonly diagonalInverse: Float64Array;

  /** Allocates the factor and every scratch buffer for `symbolic` once. */
  constructor(symbolic: SparseCholeskySymbolic) {
    this.symbolic = symbolic;
    this.nnzFactor = symbolic.nnzFactor;
    const n = symbolic.pattern.n;
    const supernodes = symbolic.supernodeCount;
    this.storedFactorSize = symbolic.valuePtr[supernodes];
    this.factor = new Float64Array(this.storedFactorSize);
    this.rowMap = new Int32Array(n);
    this.relativeRows = new Int32Array(symbolic.maxSupernodeRows);
    this.pendingHead = new Int32Array(supernodes);
    this.pendingNext = new Int32Array(supernodes);
    this.nextRowPosition = new Int32Array(supernodes);
    this.originalDiagonal = new Float64Array(symbolic.maxSupernodeColumns);
    this.work = new Float64Array(n);
    this.offDiagonalTimesInverse = new Float64Array(symbolic.maxOffDiagonalBlock);
    this.inverseOffDiagonal = new Float64Array(symbolic.maxOffDiagonalBlock);
    this.diagonalInverse = new Float64Array(symbolic.maxSupernodeColumns * symbolic.maxSupernodeColumns);
  }

  /**
   * Numeric factorisation of the matrix whose lower-triangle values are `values` (aligned with
   * `symbolic.pattern.rowIndex`). Returns false — leaving the factorisation unusable until the next
   * successful refactor — when the matrix is not numerically positive definite or holds NaN/±∞.
   */
  refactor(values: Float64Array): boolean {
    const s = this.symbolic;
    const { entryPosition, firstColumn, rowPtr, rows, valuePtr, supernodeOfColumn } = s;
    if (values.length !== entryPosition.length) {
      throw new RangeError(`SparseCholesky.refactor: values has length ${values.length}, the pattern has ${entryPosition.length} entries`);
    }
    this.factored = false;
    const L = this.factor;
    L.fill(0);
    for (let p = 0; p < values.length; p++) L[entryPosition[p]] = values[p];
    const { rowMap, relativeRows, pendingHead, pendingNext, nextRowPosition, originalDiagonal } = this;
    pendingHead.fill(-1);
    const tolerance = s.pattern.n * PIVOT_RELATIVE_TOLERANCE;

    for (let sn = 0; sn < s.supernodeCount; sn++) {
      const first = firstColumn[sn];
      const columns = firstColumn[sn + 1] - first;
      const lastColumn = first + columns - 1;
      const rowStart = rowPtr[sn];
      const rowCount = rowPtr[sn + 1] - rowStart;
      const offset = valuePtr[sn];
      for (let t = 0; t < rowCount; t++) rowMap[rows[rowStart + t]] = t;
      for (let j = 0; j < columns; j++) originalDiagonal[j] = L[offset + j * rowCount + j];

      // Updates from every descendant whose pattern meets this supernode's columns.
      let d = pendingHead[sn];
      while (d !== -1) {
        const following = pendingNext[d];
        const dRowStart = rowPtr[d];
        const dRowCount = rowPtr[d + 1] - dRowStart;
        const dOffset = valuePtr[d];
        const dColumns = firstColumn[d + 1] - firstColumn[d];
        const p1 = nextRowPosition[d];
        let p2 = p1;
        while (p2 < dRowCount && rows[dRowStart + p2] <= lastColumn) p2++;
        for (let t = p1; t < dRowCount; t++) relativeRows[t] = rowMap[rows[dRowStart + t]];
        for (let k = 0; k < dColumns; k++) {
          scatterColumnUpdate(L, dOffset + k * dRowCount, p1, p2, dRowCount, relativeRows, offset, rowCount);
        }
        nextRowPosition[d] = p2;
        if (p2 < dRowCount) {
          const ancestor = supernodeOfColumn[rows[dRowStart + p2]];
          pendingNext[d] = pendingHead[ancestor];
          pendingHead[ancestor] = d;
        }
        d = following;
      }

      // Dense panel: Cholesky of the diagonal block and L_O = A_O L_D⁻ᵀ, column by column.
      for (let j = 0; j < columns; j++) {
        const columnJ = offset + j * rowCount;
        for (let k = 0; k < j; k++) {
          const columnK = offset + k * rowCount;
          const ljk = L[columnK + j];
          if (ljk === 0) continue;
          for (let i = j; i < rowCount; i++) L[columnJ + i] -= L[columnK + i] * ljk;
        }
        const pivot = L[columnJ + j];
        // `!(x > y)` also rejects NaN.
        if (!(pivot > tolerance * originalDiagonal[j]) || !(pivot > 0) || pivot === Infinity) return false;
        const ljj = Math.sqrt(pivot);
        L[columnJ + j] = ljj;
        const inverse = 1 / ljj;
        for (let i = j + 1; i < rowCount; i++) L[columnJ + i] *= inverse;
      }
      nextRowPosition[sn] = columns;
      if (columns < rowCount) {
        const ancestor = supernodeOfColumn[rows[rowStart + columns]];
        pendingNext[sn] = pendingHead[ancestor];
        pendingHead[ancestor] = sn;
      }
    }
    this.factored = true;
    return true;
  }

  /**
   * Bytes held by this instance: the factor, the selected inverse once allocated, and every scratch
   * buffer (the shared symbolic analysis not included).
   */
  memoryBytes(): number {
    const buffers = [
      this.factor, this.inverse, this.rowMap, this.relativeRows, this.pendingHead, this.pendingNext,
      this.nextRowPosition, this.originalDiagonal, this.work, this.offDiagonalTimesInverse,
      this.inverseOffDiagonal, this.diagonalInverse,
    ];
    return buffers.reduce((sum, buffer) => sum + (buffer?.byteLength ?? 0), 0);
  }

  private assertFactored(method: string): void {
    if (!this.factored) throw new Error(`SparseCholesky.${method}: no successful refactor() to use`);
  }

  /** Solves A x = b in place (b and x in the original ordering of the pattern). */
  solveInPlace(rhs: Float64Array): void {
    this.assertFactored("solveInPlace");
    const { permutation, firstColumn, rowPtr, rows, valuePtr, supernodeCount } = this.symbolic;
    const n = permutation.length;
    if (rhs.length !== n) throw new RangeError(`SparseCholesky.solveInPlace: rhs has length ${rhs.length}, expected ${n}`);
    const L = this.factor;
    const x = this.work;
    for (let k = 0; k < n; k++) x[k] = rhs[permutation[k]];
    // L y = P b, column by column (each column scatters into its rows).
    for (let sn = 0; sn < supernodeCount; sn++) {
      const first = firstColumn[sn];
      const columns = firstColumn[sn + 1] - first;
      const rowStart = rowPtr[sn];
      const rowCount = rowPtr[sn + 1] - rowStart;
      for (let j = 0; j < columns; j++) {
        const column = valuePtr[sn] + j * rowCount;
        const xj = x[first + j] / L[column + j];
        x[first + j] = xj;
        if (xj === 0) continue;
        for (let t = j + 1; t < rowCount; t++) x[rows[rowStart + t]] -= L[column + t] * xj;
      }
    }
    // Lᵀ z = y, column by column from the last (each column gathers from its rows).
    for (let sn = supernodeCount - 1; sn >= 0; sn--) {
      const first = firstColumn[sn];
      const columns = firstColumn[sn + 1] - first;
      const rowStart = rowPtr[sn];
      const rowCount = rowPtr[sn + 1] - rowStart;
      for (let j = columns - 1; j >= 0; j--) {
        const column = valuePtr[sn] + j * rowCount;
        let sum = x[first + j];
        for (let t = j + 1; t < rowCount; t++) sum -= L[column + t] * x[rows[rowStart + t]];
        x[first + j] = sum / L[column + j];
      }
    }
    for (let k = 0; k < n; k++) rhs[permutation[k]] = x[k];
  }

  /** log det A = 2 Σ log L_jj. */
  logDet(): number {
    this.assertFactored("logDet");
    const { firstColumn, rowPtr, valuePtr, supernodeCount } = this.symbolic;
    let sum = 0;
    for (let sn = 0; sn < supernodeCount; sn++) {
      const rowCount = rowPtr[sn + 1] - rowPtr[sn];
      const columns = firstColumn[sn + 1] - firstColumn[sn];
      for (let j = 0; j < columns; j++) sum += Math.log(this.factor[valuePtr[sn] + j * rowCount + j]);
    }
    return 2 * sum;
  }

  /**
   * Writes the entries of A⁻¹ on A's own pattern into `out` (aligned with `symbolic.pattern.rowIndex`):
   * the supernodal Takahashi recurrences on L's pattern, then a gather. The inverse's buffer is
   * allocated on the first call and reused after.
   */
  inverseOnPattern(out: Float64Array): void {
    this.assertFactored("inverseOnPattern");
    const { entryPosition } = this.symbolic;
    if (out.length !== entryPosition.length) {
      throw new RangeError(`SparseCholesky.inverseOnPattern: out has length ${out.length}, the pattern has ${entryPosition.length} entries`);
    }
    const Z = this.selectedInverse();
    for (let p = 0; p < out.length; p++) out[p] = Z[entryPosition[p]];
  }

  /** Z = (P A Pᵀ)⁻¹ on L's pattern, in L's supernodal layout (lower triangle of each diagonal block). */
  private selectedInverse(): Float64Array {
    const { firstColumn, rowPtr, rows, valuePtr, supernodeOfColumn, supernodeCount } = this.symbolic;
    const L = this.factor;
    const Z = (this.inverse ??= new Float64Array(this.storedFactorSize));
    const Y = this.offDiagonalTimesInverse;
    const ZO = this.inverseOffDiagonal;
    const D = this.diagonalInverse;
    const relative = this.relativeRows;
    for (let sn = supernodeCount - 1; sn >= 0; sn--) {
      const columns = firstColumn[sn + 1] - firstColumn[sn];
      const rowStart = rowPtr[sn];
      const rowCount = rowPtr[sn + 1] - rowStart;
      const offDiagonal = rowCount - columns;
      const offset = valuePtr[sn];

      // Y = L_O L_D⁻¹ (offDiagonal × columns): Y L_D = L_O, solved from the last column.
      for (let j = columns - 1; j >= 0; j--) {
        const column = offset + j * rowCount;
        const inverseDiagonal = 1 / L[column + j];
        for (let a = 0; a < offDiagonal; a++) {
          let sum = L[column + columns + a];
          for (let k = j + 1; k < columns; k++) sum -= Y[a + k * offDiagonal] * L[column + k];
          Y[a + j * offDiagonal] = sum * inverseDiagonal;
        }
      }

      // Z_O,s = −Z_O,O Y. Z_O,O is read column by column from the ancestor supernode t owning each
      // off-diagonal row k; the rows after k all lie in t's pattern, located by one merge walk.
      for (let a = 0; a < offDiagonal * columns; a++) ZO[a] = 0;
      let b = 0;
      while (b < offDiagonal) {
        const k0 = rows[rowStart + columns + b];
        const t = supernodeOfColumn[k0];
        const tFirst = firstColumn[t];
        const tEnd = firstColumn[t + 1];
        const tRowStart = rowPtr[t];
        const tRowCount = rowPtr[t + 1] - tRowStart;
        for (let a = b, q = k0 - tFirst; a < offDiagonal; a++) {
          const row = rows[rowStart + columns + a];
          while (rows[tRowStart + q] !== row) q++;
          relative[a] = q;
        }
        let groupEnd = b;
        while (groupEnd < offDiagonal && rows[rowStart + columns + groupEnd] < tEnd) groupEnd++;
        const zBase = valuePtr[t] - tFirst * tRowCount;
        if (columns === 1) {
          multiplyInverseColumns(Z, zBase, tRowCount, rows, rowStart + columns, relative, b, groupEnd, offDiagonal, Y, ZO);
          b = groupEnd;
          continue;
        }
        for (; b < groupEnd; b++) {
          const zColumn = zBase + rows[rowStart + columns + b] * tRowCount;
          for (let a = b; a < offDiagonal; a++) {
            const z = Z[zColumn + relative[a]];
            for (let j = 0; j < columns; j++) {
              ZO[a + j * offDiagonal] -= z * Y[b + j * offDiagonal];
              if (a !== b) ZO[b + j * offDiagonal] -= z * Y[a + j * offDiagonal];
            }
          }
        }
      }

      // Z_s,s = L_D⁻ᵀ L_D⁻¹ − Yᵀ Z_O,s (lower triangle), and Z_O,s into the off-diagonal rows.
      lowerInverseOfBlock(L, offset, rowCount, columns, D);
      gramOfLowerInverse(D, columns, Z, offset, rowCount);
      for (let j = 0; j < columns; j++) {
        const column = offset + j * rowCount;
        if (offDiagonal === 0) break;
        for (let i = j; i < columns; i++) {
          let sum = 0;
          for (let a = 0; a < offDiagonal; a++) sum += Y[a + i * offDiagonal] * ZO[a + j * offDiagonal];
          Z[column + i] -= sum;
        }
        for (let a = 0; a < offDiagonal; a++) Z[column + columns + a] = ZO[a + j * offDiagonal];
      }
    }
    return Z;
  }
}
