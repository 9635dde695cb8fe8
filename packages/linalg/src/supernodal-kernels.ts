/**
 * The inner kernels of the supernodal sparse Cholesky (`sparse-cholesky.ts`): the scattered rank-1
 * update of a target supernode by a descendant column, the dense panel factorisation, and the dense
 * pieces of the supernodal selected inverse. Blocks are column-major with a given column stride.
 * The loops are unrolled over 2 or 4 columns so each loaded entry (and each row position) serves
 * several multiply-adds: in JavaScript the loads and bounds checks, not the flops, set the speed.
 */

/**
 * Left-looking update by one descendant column l (entries `source + r`, r = p1 .. end−1):
 * L_T(pos[r], pos[c]) −= l_r l_c for every target column position c in p1 .. p2−1 and row r ≥ c,
 * with pos[r] = relative[relativeBase + r] the row's position in the target block (for the target's
 * own columns it is the column offset). Four target columns share each loaded l_r and pos[r].
 */
export function scatterColumnUpdate(
  L: Float64Array,
  source: number,
  p1: number,
  p2: number,
  end: number,
  relative: Int32Array,
  relativeBase: number,
  target: number,
  targetRows: number,
): void {
  let c = p1;
  for (; c + 3 < p2; c += 4) {
    const l0 = L[source + c];
    const l1 = L[source + c + 1];
    const l2 = L[source + c + 2];
    const l3 = L[source + c + 3];
    const r0 = relative[relativeBase + c];
    const r1 = relative[relativeBase + c + 1];
    const r2 = relative[relativeBase + c + 2];
    const r3 = relative[relativeBase + c + 3];
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
      const row = relative[relativeBase + r];
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
    const t = target + relative[relativeBase + c] * targetRows;
    for (let r = c; r < end; r++) L[t + relative[relativeBase + r]] -= L[source + r] * lc;
  }
}

/**
 * Dense Cholesky of a supernode's panel in place: the c×c diagonal block becomes L_D and the rows
 * below it L_O = A_O L_D⁻ᵀ (right-looking within the panel: column j is finished, then applied to
 * the columns after it, two at a time). Returns the first column whose pivot fails the test
 * pivot > tolerance·diagonal[j] (or is NaN/±∞), or −1 when the panel is positive definite.
 */
export function factorPanel(
  L: Float64Array,
  offset: number,
  rows: number,
  c: number,
  diagonal: Float64Array,
  tolerance: number,
): number {
  for (let j = 0; j < c; j++) {
    const columnJ = offset + j * rows;
    const pivot = L[columnJ + j];
    // `!(x > y)` also rejects NaN.
    if (!(pivot > tolerance * diagonal[j]) || !(pivot > 0) || pivot === Infinity) return j;
    const ljj = Math.sqrt(pivot);
    L[columnJ + j] = ljj;
    const inverse = 1 / ljj;
    for (let i = j + 1; i < rows; i++) L[columnJ + i] *= inverse;
    // Rank-1 update of the remaining columns k > j, rows ≥ k.
    let k = j + 1;
    for (; k + 1 < c; k += 2) {
      const columnK = offset + k * rows;
      const columnK1 = columnK + rows;
      const lk = L[columnJ + k];
      const lk1 = L[columnJ + k + 1];
      L[columnK + k] -= lk * lk;
      for (let i = k + 1; i < rows; i++) {
        const li = L[columnJ + i];
        L[columnK + i] -= li * lk;
        L[columnK1 + i] -= li * lk1;
      }
    }
    if (k < c) {
      const columnK = offset + k * rows;
      const lk = L[columnJ + k];
      for (let i = k; i < rows; i++) L[columnK + i] -= L[columnJ + i] * lk;
    }
  }
  return -1;
}

/**
 * For a one-column supernode: ZO −= Z_O,O(:, b0..b1−1) · Y(b0..b1−1), reading each stored entry
 * Z(a, b), a ≥ b, once (Z_O,O is symmetric). Column b is column rows[rowOffset + b] of the ancestor
 * block (at zBase + that column · tRows); its row a sits at position relative[relativeBase + a].
 * Four columns share each loaded position, Y[a] and ZO[a].
 */
export function multiplyInverseColumns(
  Z: Float64Array,
  zBase: number,
  tRows: number,
  rows: Int32Array,
  rowOffset: number,
  relative: Int32Array,
  relativeBase: number,
  b0: number,
  b1: number,
  m: number,
  Y: Float64Array,
  ZO: Float64Array,
): void {
  let b = b0;
  for (; b + 3 < b1; b += 4) {
    const c0 = zBase + rows[rowOffset + b] * tRows;
    const c1 = zBase + rows[rowOffset + b + 1] * tRows;
    const c2 = zBase + rows[rowOffset + b + 2] * tRows;
    const c3 = zBase + rows[rowOffset + b + 3] * tRows;
    const y0 = Y[b];
    const y1 = Y[b + 1];
    const y2 = Y[b + 2];
    const y3 = Y[b + 3];
    // The 4×4 symmetric block among the four columns themselves.
    const q1 = relative[relativeBase + b + 1];
    const q2 = relative[relativeBase + b + 2];
    const q3 = relative[relativeBase + b + 3];
    const z00 = Z[c0 + relative[relativeBase + b]];
    const z10 = Z[c0 + q1];
    const z20 = Z[c0 + q2];
    const z30 = Z[c0 + q3];
    const z11 = Z[c1 + q1];
    const z21 = Z[c1 + q2];
    const z31 = Z[c1 + q3];
    const z22 = Z[c2 + q2];
    const z32 = Z[c2 + q3];
    const z33 = Z[c3 + q3];
    let s0 = z00 * y0 + z10 * y1 + z20 * y2 + z30 * y3;
    let s1 = z10 * y0 + z11 * y1 + z21 * y2 + z31 * y3;
    let s2 = z20 * y0 + z21 * y1 + z22 * y2 + z32 * y3;
    let s3 = z30 * y0 + z31 * y1 + z32 * y2 + z33 * y3;
    for (let a = b + 4; a < m; a++) {
      const q = relative[relativeBase + a];
      const z0 = Z[c0 + q];
      const z1 = Z[c1 + q];
      const z2 = Z[c2 + q];
      const z3 = Z[c3 + q];
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
    const column = zBase + rows[rowOffset + b] * tRows;
    const yb = Y[b];
    let sum = Z[column + relative[relativeBase + b]] * yb;
    for (let a = b + 1; a < m; a++) {
      const z = Z[column + relative[relativeBase + a]];
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
export function lowerInverseOfBlock(L: Float64Array, offset: number, stride: number, c: number, D: Float64Array): void {
  // Explicit loops rather than fill(): most blocks are 1×1 or 2×2 and a builtin call costs more.
  for (let i = 0; i < c * c; i++) D[i] = 0;
  let k = 0;
  for (; k + 1 < c; k += 2) {
    const x0 = k * c;
    const x1 = x0 + c;
    // Row k: only the first of the two columns is nonzero there.
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
export function gramOfLowerInverse(D: Float64Array, c: number, Z: Float64Array, offset: number, stride: number): void {
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
