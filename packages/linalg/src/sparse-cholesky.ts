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
          const dColumn = dOffset + k * dRowCount;
          for (let cj = p1; cj < p2; cj++) {
            const ljk = L[dColumn + cj];
            if (ljk === 0) continue;
            const target = offset + relativeRows[cj] * rowCount;
            for (let ri = cj; ri < dRowCount; ri++) L[target + relativeRows[ri]] -= L[dColumn + ri] * ljk;
          }
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
      ZO.fill(0, 0, offDiagonal * columns);
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
        for (; b < offDiagonal && rows[rowStart + columns + b] < tEnd; b++) {
          const zColumn = valuePtr[t] + (rows[rowStart + columns + b] - tFirst) * tRowCount;
          if (columns === 1) {
            const yb = Y[b];
            let sumB = Z[zColumn + relative[b]] * yb;
            for (let a = b + 1; a < offDiagonal; a++) {
              const z = Z[zColumn + relative[a]];
              ZO[a] -= z * yb;
              sumB += z * Y[a];
            }
            ZO[b] -= sumB;
            continue;
          }
          for (let a = b; a < offDiagonal; a++) {
            const z = Z[zColumn + relative[a]];
            for (let j = 0; j < columns; j++) {
              ZO[a + j * offDiagonal] -= z * Y[b + j * offDiagonal];
              if (a !== b) ZO[b + j * offDiagonal] -= z * Y[a + j * offDiagonal];
            }
          }
        }
      }

      // D = L_D⁻¹ (lower triangular, columns × columns) by forward substitution.
      for (let c = 0; c < columns; c++) {
        for (let i = 0; i < columns; i++) D[c * columns + i] = 0;
        D[c * columns + c] = 1;
        for (let j = c; j < columns; j++) {
          const column = offset + j * rowCount;
          const dj = D[c * columns + j] / L[column + j];
          D[c * columns + j] = dj;
          for (let i = j + 1; i < columns; i++) D[c * columns + i] -= L[column + i] * dj;
        }
      }
      // Z_s,s = Dᵀ D − Yᵀ Z_O,s (lower triangle), and Z_O,s into the off-diagonal rows.
      for (let j = 0; j < columns; j++) {
        const column = offset + j * rowCount;
        for (let i = j; i < columns; i++) {
          let sum = 0;
          for (let k = i; k < columns; k++) sum += D[i * columns + k] * D[j * columns + k];
          for (let a = 0; a < offDiagonal; a++) sum -= Y[a + i * offDiagonal] * ZO[a + j * offDiagonal];
          Z[column + i] = sum;
        }
        for (let a = 0; a < offDiagonal; a++) Z[column + columns + a] = ZO[a + j * offDiagonal];
      }
    }
    return Z;
  }
}
