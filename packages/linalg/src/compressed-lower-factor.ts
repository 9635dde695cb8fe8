/**
 * A supernodal Cholesky factor L copied into plain compressed columns (the diagonal apart, the strictly
 * lower entries of column j at colPtr[j] … colPtr[j+1]−1, in the supernode's row order), for triangular
 * solves repeated many times on one factor: a sampler preconditioned by A⁻¹ makes two solves per step,
 * hundreds of thousands per factorisation. The supernodal loops pay their bookkeeping per supernode and
 * column, which dominates when most supernodes are single columns with a few rows (the pattern of crossed
 * random effects: salamander's factor has 60 such columns and six 10 × 10 blocks), while these loops walk
 * one column at a time over flat arrays — about 25 % faster there. The operations are those of the supernodal
 * substitutions in the same order, so the results are the same bits. A small factor's substitutions are
 * compiled once per pattern into straight-line code (straight-line-substitution.ts), the same operations
 * again, 2.5 times faster than the loops.
 */
import type { SparseCholeskySymbolic } from "./sparse-cholesky-symbolic.js";
import { straightLineBack, straightLineForward, type Substitution } from "./straight-line-substitution.js";

export class CompressedLowerFactor {
  readonly colPtr: Int32Array;
  readonly rowIndex: Int32Array;
  private readonly values: Float64Array;
  private readonly diagonal: Float64Array;
  /** The back solve's L⁻ᵀ e. */
  private readonly work: Float64Array;
  /** The compiled solves, or null where the loops serve (a large factor, or no run-time compilation). */
  private readonly compiledForward: Substitution | null;
  private readonly compiledBack: Substitution | null;

  /** The column pattern of the symbolic analysis' factor (values come with `copyFrom`). */
  constructor(private readonly symbolic: SparseCholeskySymbolic) {
    const { firstColumn, rowPtr, rows, supernodeCount } = symbolic;
    const n = firstColumn[supernodeCount];
    this.colPtr = new Int32Array(n + 1);
    let entries = 0;
    for (let sn = 0; sn < supernodeCount; sn++) {
      const first = firstColumn[sn];
      const columns = firstColumn[sn + 1] - first;
      const rowCount = rowPtr[sn + 1] - rowPtr[sn];
      for (let j = 0; j < columns; j++) {
        entries += rowCount - j - 1;
        this.colPtr[first + j + 1] = entries;
      }
    }
    this.rowIndex = new Int32Array(entries);
    this.values = new Float64Array(entries);
    this.diagonal = new Float64Array(n);
    for (let sn = 0; sn < supernodeCount; sn++) {
      const first = firstColumn[sn];
      const columns = firstColumn[sn + 1] - first;
      const rowStart = rowPtr[sn];
      const rowCount = rowPtr[sn + 1] - rowStart;
      for (let j = 0; j < columns; j++) {
        let at = this.colPtr[first + j];
        for (let t = j + 1; t < rowCount; t++) this.rowIndex[at++] = rows[rowStart + t];
      }
    }
    this.compiledForward = straightLineForward(this, symbolic.permutation);
    this.compiledBack = straightLineBack(this, symbolic.permutation);
    this.work = new Float64Array(n);
  }

  /** Whether the substitutions run as compiled straight-line code (else as loops). */
  get compiled(): boolean {
    return this.compiledForward !== null && this.compiledBack !== null;
  }

  /** Takes the values of the supernodal factor `L` (laid out as `symbolic.valuePtr` says). */
  copyFrom(L: Float64Array): void {
    const { firstColumn, rowPtr, valuePtr, supernodeCount } = this.symbolic;
    for (let sn = 0; sn < supernodeCount; sn++) {
      const first = firstColumn[sn];
      const columns = firstColumn[sn + 1] - first;
      const rowCount = rowPtr[sn + 1] - rowPtr[sn];
      for (let j = 0; j < columns; j++) {
        const column = valuePtr[sn] + j * rowCount;
        this.diagonal[first + j] = L[column + j];
        let at = this.colPtr[first + j];
        for (let t = j + 1; t < rowCount; t++) this.values[at++] = L[column + t];
      }
    }
  }

  /**
   * out ← L⁻¹ P S v (v and scale in the original ordering, out in the factor's; `out` is not `v`): the scaled
   * gather and the forward substitution, compiled or as loops.
   */
  solveFactor(v: Float64Array, out: Float64Array, scale: Float64Array): void {
    if (this.compiledForward !== null) {
      this.compiledForward(v, out, scale, this.values, this.diagonal, this.work);
      return;
    }
    const { permutation } = this.symbolic;
    for (let k = 0; k < permutation.length; k++) {
      const at = permutation[k];
      out[k] = scale[at] * v[at];
    }
    this.forwardLoops(out);
  }

  /**
   * out ← S Pᵀ L⁻ᵀ e (e in the factor's ordering and unchanged, out in the original; `out` is not `e`): the
   * back substitution and the scaled scatter, compiled or as loops.
   */
  solveTransposedFactor(e: Float64Array, out: Float64Array, scale: Float64Array): void {
    const x = this.work;
    if (this.compiledBack !== null) {
      this.compiledBack(e, out, scale, this.values, this.diagonal, x);
      return;
    }
    x.set(e);
    this.backLoops(x);
    const { permutation } = this.symbolic;
    for (let k = 0; k < permutation.length; k++) {
      const at = permutation[k];
      out[at] = scale[at] * x[k];
    }
  }

  /** x ← L⁻¹ x (the factor's ordering), column by column: each column scatters into its rows. */
  forwardLoops(x: Float64Array): void {
    const { colPtr, rowIndex, values, diagonal } = this;
    for (let j = 0; j < diagonal.length; j++) {
      const xj = x[j] / diagonal[j];
      x[j] = xj;
      if (xj === 0) continue;
      const end = colPtr[j + 1];
      for (let p = colPtr[j]; p < end; p++) x[rowIndex[p]] -= values[p] * xj;
    }
  }

  /** x ← L⁻ᵀ x (the factor's ordering), from the last column: each column gathers from its rows. */
  backLoops(x: Float64Array): void {
    const { colPtr, rowIndex, values, diagonal } = this;
    for (let j = diagonal.length - 1; j >= 0; j--) {
      let sum = x[j];
      const end = colPtr[j + 1];
      for (let p = colPtr[j]; p < end; p++) sum -= values[p] * x[rowIndex[p]];
      x[j] = sum / diagonal[j];
    }
  }
}
