/**
 * MEASUREMENT BASELINE ONLY (removed again after the measurement): a simplicial sparse Cholesky on the
 * same symbolic analysis — up-looking factorisation (Davis, cs_chol, with the row patterns precomputed)
 * and the scalar Takahashi selected inverse with a scatter map — to compare with the supernodal engine.
 */
import type { SparseCholeskySymbolic } from "@glmmkit/linalg";
export class SimplicialCholesky {
  n: number; Lp: Int32Array; Li: Int32Array; Lx: Float64Array; Zx: Float64Array;
  rowPtr: Int32Array; rowCols: Int32Array; rowPos: Int32Array; // row k pattern: columns j<k and position of L_kj
  aPtr: Int32Array; aRow: Int32Array; aSrc: Int32Array; // permuted upper entries per column k: row i<=k, source index p
  x: Float64Array; pos: Int32Array; acc: Float64Array; perm: Int32Array; entryPos: Int32Array;
  constructor(sym: SparseCholeskySymbolic) {
    const n = sym.pattern.n; this.n = n; this.perm = sym.permutation;
    // column patterns from supernodes
    const Lp = new Int32Array(n + 1);
    for (let s = 0; s < sym.supernodeCount; s++) for (let j = sym.firstColumn[s]; j < sym.firstColumn[s + 1]; j++) Lp[j + 1] = sym.rowPtr[s + 1] - sym.rowPtr[s] - (j - sym.firstColumn[s]);
    for (let j = 0; j < n; j++) Lp[j + 1] += Lp[j];
    const Li = new Int32Array(Lp[n]);
    for (let s = 0; s < sym.supernodeCount; s++) for (let j = sym.firstColumn[s]; j < sym.firstColumn[s + 1]; j++) { const off = j - sym.firstColumn[s]; Li.set(sym.rows.subarray(sym.rowPtr[s] + off, sym.rowPtr[s + 1]), Lp[j]); }
    this.Lp = Lp; this.Li = Li; this.Lx = new Float64Array(Lp[n]); this.Zx = new Float64Array(Lp[n]);
    // row patterns
    const rc = new Int32Array(n + 1);
    for (let j = 0; j < n; j++) for (let p = Lp[j] + 1; p < Lp[j + 1]; p++) rc[Li[p] + 1]++;
    for (let k = 0; k < n; k++) rc[k + 1] += rc[k];
    this.rowPtr = rc; this.rowCols = new Int32Array(rc[n]); this.rowPos = new Int32Array(rc[n]);
    const fill = rc.slice(0, n);
    for (let j = 0; j < n; j++) for (let p = Lp[j] + 1; p < Lp[j + 1]; p++) { const k = Li[p]; this.rowCols[fill[k]] = j; this.rowPos[fill[k]++] = p; }
    // permuted A entries by upper column
    const { colPtr, rowIndex } = sym.pattern; const pinv = sym.inversePermutation;
    const ac = new Int32Array(n + 1);
    for (let j = 0; j < n; j++) for (let p = colPtr[j]; p < colPtr[j + 1]; p++) ac[Math.max(pinv[rowIndex[p]], pinv[j]) + 1]++;
    for (let k = 0; k < n; k++) ac[k + 1] += ac[k];
    this.aPtr = ac; this.aRow = new Int32Array(ac[n]); this.aSrc = new Int32Array(ac[n]);
    const f2 = ac.slice(0, n);
    for (let j = 0; j < n; j++) for (let p = colPtr[j]; p < colPtr[j + 1]; p++) { const a = pinv[rowIndex[p]], b = pinv[j]; const k = Math.max(a, b); this.aRow[f2[k]] = Math.min(a, b); this.aSrc[f2[k]++] = p; }
    this.x = new Float64Array(n); this.pos = new Int32Array(n).fill(-1); this.acc = new Float64Array(n);
    // entry positions in simplicial storage
    this.entryPos = new Int32Array(rowIndex.length);
    for (let j = 0; j < n; j++) for (let p = colPtr[j]; p < colPtr[j + 1]; p++) { const a = pinv[rowIndex[p]], b = pinv[j]; const r = Math.max(a, b), c = Math.min(a, b); let q = Lp[c]; while (Li[q] !== r) q++; this.entryPos[p] = q; }
  }
  refactor(values: Float64Array): boolean {
    const { n, Lp, Li, Lx, x, rowPtr, rowCols, rowPos, aPtr, aRow, aSrc } = this;
    for (let k = 0; k < n; k++) {
      for (let p = aPtr[k]; p < aPtr[k + 1]; p++) x[aRow[p]] = values[aSrc[p]];
      let d = x[k]; x[k] = 0;
      for (let q = rowPtr[k]; q < rowPtr[k + 1]; q++) { // columns j<k in increasing order (topological for etree)
        const j = rowCols[q];
        const lkj = x[j] / Lx[Lp[j]]; x[j] = 0;
        const end = rowPos[q];
        for (let p = Lp[j] + 1; p < end; p++) x[Li[p]] -= Lx[p] * lkj;
        d -= lkj * lkj; Lx[end] = lkj;
      }
      if (!(d > 0)) return false;
      Lx[Lp[k]] = Math.sqrt(d);
    }
    return true;
  }
  inverseOnPattern(out: Float64Array): void {
    const { n, Lp, Li, Lx, Zx, pos, acc } = this;
    for (let j = n - 1; j >= 0; j--) {
      const ljj = Lx[Lp[j]];
      for (let p = Lp[j] + 1; p < Lp[j + 1]; p++) { pos[Li[p]] = p; acc[Li[p]] = 0; }
      for (let p = Lp[j] + 1; p < Lp[j + 1]; p++) {
        const k = Li[p]; const lkj = Lx[p];
        // column k of Z: rows i >= k; Z_ik contributes to acc[i] (i in S) with L_kj, and to acc[k] with L_ij (i != k)
        acc[k] += lkj * Zx[Lp[k]];
        for (let q = Lp[k] + 1; q < Lp[k + 1]; q++) {
          const i = Li[q]; const pi = pos[i];
          if (pi < 0) continue;
          const z = Zx[q]; acc[i] += lkj * z; acc[k] += Lx[pi] * z;
        }
      }
      let diag = 1 / (ljj * ljj);
      for (let p = Lp[j] + 1; p < Lp[j + 1]; p++) { const i = Li[p]; const zij = -acc[i] / ljj; Zx[p] = zij; diag -= Lx[p] * zij / ljj; pos[i] = -1; }
      Zx[Lp[j]] = diag;
    }
    for (let p = 0; p < out.length; p++) out[p] = Zx[this.entryPos[p]];
  }
}
