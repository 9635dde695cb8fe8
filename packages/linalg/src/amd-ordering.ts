/**
 * Approximate minimum degree ordering (Amestoy, Davis & Duff, "An approximate minimum degree
 * ordering algorithm", SIAM J. Matrix Anal. Appl. 17(4), 1996), in the form of Davis, "Direct
 * Methods for Sparse Linear Systems" (SIAM 2006), §7.1: elimination on the quotient graph with
 * element absorption, approximate external degrees |Le \ Lk| from the set-difference scan, mass
 * elimination, aggressive absorption, hash-based detection of indistinguishable nodes
 * (supervariables), dense nodes (degree > max(16, 10√n)) ordered last, and a final postorder of
 * the assembly tree so that the pivots of each supernode are contiguous.
 *
 * Node states (Davis's encoding): nv[i] > 0 live node of that many variables; nv[i] < 0 node in the
 * pattern Lk being built; nv[i] = 0 absorbed node. elen[i] ≥ 0 live node with that many elements in
 * its list, −1 absorbed node, −2 element. parentOrNext[i] holds the adjacency start of a live object
 * and flip(parent) once i has been absorbed into its parent in the assembly tree.
 */
import { postorderSubtree } from "./elimination-tree.js";
import type { SymmetricPattern } from "./symmetric-pattern.js";

/** Davis's CS_FLIP: an involution mapping −1 to itself and i ≥ 0 to negative values. */
const flip = (i: number): number => -i - 2;

/** Keep mark + lemax below 2³⁰ so marks never overflow the Int32Array that stores them. */
const MARK_LIMIT = 0x3fffffff;

/** The full adjacency (both triangles, no diagonal) of a lower-triangle pattern, with elbow room. */
function fullAdjacency(pattern: SymmetricPattern): { pointers: Int32Array; indices: Int32Array; used: number } {
  const { n, colPtr, rowIndex } = pattern;
  const degree = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    for (let p = colPtr[j]; p < colPtr[j + 1]; p++) {
      const i = rowIndex[p];
      if (i === j) continue;
      degree[i]++;
      degree[j]++;
    }
  }
  const pointers = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) pointers[j + 1] = pointers[j] + degree[j];
  const used = pointers[n];
  // Elbow room for new elements, as cs_amd: |C| + |C|/5 + 2n.
  const indices = new Int32Array(used + Math.floor(used / 5) + 2 * n);
  const fill = pointers.slice(0, n);
  for (let j = 0; j < n; j++) {
    for (let p = colPtr[j]; p < colPtr[j + 1]; p++) {
      const i = rowIndex[p];
      if (i === j) continue;
      indices[fill[i]++] = j;
      indices[fill[j]++] = i;
    }
  }
  return { pointers, indices, used };
}

/** Resets w to 1 for every live object when the mark would overflow; returns the mark to use. */
function clearMarks(mark: number, lemax: number, w: Int32Array, n: number): number {
  if (mark < 2 || mark + lemax >= MARK_LIMIT) {
    for (let k = 0; k < n; k++) if (w[k] !== 0) w[k] = 1;
    return 2;
  }
  return mark;
}

/**
 * A fill-reducing permutation of the symmetric pattern: `order[k]` is the original index of the k-th
 * pivot. The pattern's values are not read.
 */
export function approximateMinimumDegreeOrder(pattern: SymmetricPattern): Int32Array {
  const n = pattern.n;
  const order = new Int32Array(n);
  if (n === 0) return order;
  const { pointers: Cp, indices: Ci, used } = fullAdjacency(pattern);
  let cnz = used;
  const nzmax = Ci.length;
  let dense = Math.max(16, 10 * Math.sqrt(n));
  dense = Math.min(n - 2, dense);

  const len = new Int32Array(n + 1);
  const nv = new Int32Array(n + 1);
  const next = new Int32Array(n + 1);
  const head = new Int32Array(n + 1);
  const elen = new Int32Array(n + 1);
  const degree = new Int32Array(n + 1);
  const w = new Int32Array(n + 1);
  const hhead = new Int32Array(n + 1);
  const last = new Int32Array(n + 1);
  for (let k = 0; k < n; k++) len[k] = Cp[k + 1] - Cp[k];
  len[n] = 0;
  for (let i = 0; i <= n; i++) {
    head[i] = -1;
    last[i] = -1;
    next[i] = -1;
    hhead[i] = -1;
    nv[i] = 1;
    w[i] = 1;
    elen[i] = 0;
    degree[i] = len[i];
  }
  let mark = clearMarks(0, 0, w, n);
  elen[n] = -2; // node n is the dead element that absorbs dense nodes
  Cp[n] = -1;
  w[n] = 0;
  let eliminated = 0;
  for (let i = 0; i < n; i++) {
    const d = degree[i];
    if (d === 0) {
      elen[i] = -2; // isolated node: an element at once, a root of the assembly tree
      eliminated++;
      Cp[i] = -1;
      w[i] = 0;
    } else if (d > dense) {
      nv[i] = 0; // dense node: absorbed into element n, ordered last
      elen[i] = -1;
      eliminated++;
      Cp[i] = flip(n);
      nv[n]++;
    } else {
      if (head[d] !== -1) last[head[d]] = i;
      next[i] = head[d];
      head[d] = i;
    }
  }

  let mindeg = 0;
  let lemax = 0;
  while (eliminated < n) {
    // Select a node of minimum approximate degree.
    let k = -1;
    for (; mindeg < n && (k = head[mindeg]) === -1; mindeg++);
    if (next[k] !== -1) last[next[k]] = -1;
    head[mindeg] = next[k];
    const elenk = elen[k];
    let nvk = nv[k];
    eliminated += nvk;

    // Garbage collection when the new element might not fit.
    if (elenk > 0 && cnz + mindeg >= nzmax) {
      for (let j = 0; j < n; j++) {
        const p = Cp[j];
        if (p >= 0) {
          Cp[j] = Ci[p];
          Ci[p] = flip(j);
        }
      }
      let q = 0;
      for (let p = 0; p < cnz; ) {
        const j = flip(Ci[p++]);
        if (j >= 0) {
          Ci[q] = Cp[j];
          Cp[j] = q++;
          for (let k3 = 0; k3 < len[j] - 1; k3++) Ci[q++] = Ci[p++];
        }
      }
      cnz = q;
    }

    // Construct the new element Lk = (Ak ∪ ⋃ Le) \ {k}, absorbing the elements e of k.
    let dk = 0;
    nv[k] = -nvk;
    let p = Cp[k];
    const pk1 = elenk === 0 ? p : cnz;
    let pk2 = pk1;
    for (let k1 = 1; k1 <= elenk + 1; k1++) {
      let e: number;
      let pj: number;
      let ln: number;
      if (k1 > elenk) {
        e = k;
        pj = p;
        ln = len[k] - elenk;
      } else {
        e = Ci[p++];
        pj = Cp[e];
        ln = len[e];
      }
      for (let k2 = 1; k2 <= ln; k2++) {
        const i = Ci[pj++];
        const nvi = nv[i];
        if (nvi <= 0) continue;
        dk += nvi;
        nv[i] = -nvi;
        Ci[pk2++] = i;
        if (next[i] !== -1) last[next[i]] = last[i];
        if (last[i] !== -1) next[last[i]] = next[i];
        else head[degree[i]] = next[i];
      }
      if (e !== k) {
        Cp[e] = flip(k);
        w[e] = 0;
      }
    }
    if (elenk !== 0) cnz = pk2;
    degree[k] = dk;
    Cp[k] = pk1;
    len[k] = pk2 - pk1;
    elen[k] = -2;

    // Scan 1: w[e] − mark = |Le \ Lk| for every element e adjacent to Lk.
    mark = clearMarks(mark, lemax, w, n);
    for (let pk = pk1; pk < pk2; pk++) {
      const i = Ci[pk];
      const eln = elen[i];
      if (eln <= 0) continue;
      const nvi = -nv[i];
      const wnvi = mark - nvi;
      for (let q = Cp[i]; q <= Cp[i] + eln - 1; q++) {
        const e = Ci[q];
        if (w[e] >= mark) w[e] -= nvi;
        else if (w[e] !== 0) w[e] = degree[e] + wnvi;
      }
    }

    // Scan 2: approximate degrees, pruning absorbed elements and hashing each node's lists.
    for (let pk = pk1; pk < pk2; pk++) {
      const i = Ci[pk];
      const p1 = Cp[i];
      const p2 = p1 + elen[i] - 1;
      let pn = p1;
      let hash = 0;
      let d = 0;
      for (let q = p1; q <= p2; q++) {
        const e = Ci[q];
        if (w[e] !== 0) {
          const dext = w[e] - mark;
          if (dext > 0) {
            d += dext;
            Ci[pn++] = e;
            hash = (hash + e) % n;
          } else {
            Cp[e] = flip(k); // aggressive absorption: Le ⊆ Lk
            w[e] = 0;
          }
        }
      }
      elen[i] = pn - p1 + 1;
      const p3 = pn;
      const p4 = p1 + len[i];
      for (let q = p2 + 1; q < p4; q++) {
        const j = Ci[q];
        const nvj = nv[j];
        if (nvj <= 0) continue;
        d += nvj;
        Ci[pn++] = j;
        hash = (hash + j) % n;
      }
      if (d === 0) {
        // Mass elimination: i is adjacent to nothing but k.
        Cp[i] = flip(k);
        const nvi = -nv[i];
        dk -= nvi;
        nvk += nvi;
        eliminated += nvi;
        nv[i] = 0;
        elen[i] = -1;
      } else {
        degree[i] = Math.min(degree[i], d);
        Ci[pn] = Ci[p3];
        Ci[p3] = Ci[p1];
        Ci[p1] = k;
        len[i] = pn - p1 + 1;
        next[i] = hhead[hash];
        hhead[hash] = i;
        last[i] = hash;
      }
    }
    degree[k] = dk;
    lemax = Math.max(lemax, dk);
    mark = clearMarks(mark + lemax, lemax, w, n);

    // Supernode detection: nodes of Lk with identical element and node lists merge.
    for (let pk = pk1; pk < pk2; pk++) {
      let i = Ci[pk];
      if (nv[i] >= 0) continue;
      const hash = last[i];
      i = hhead[hash];
      hhead[hash] = -1;
      for (; i !== -1 && next[i] !== -1; i = next[i], mark++) {
        const ln = len[i];
        const eln = elen[i];
        for (let q = Cp[i] + 1; q <= Cp[i] + ln - 1; q++) w[Ci[q]] = mark;
        let jlast = i;
        for (let j = next[i]; j !== -1; ) {
          let same = len[j] === ln && elen[j] === eln;
          for (let q = Cp[j] + 1; same && q <= Cp[j] + ln - 1; q++) {
            if (w[Ci[q]] !== mark) same = false;
          }
          if (same) {
            Cp[j] = flip(i);
            nv[i] += nv[j];
            nv[j] = 0;
            elen[j] = -1;
            j = next[j];
            next[jlast] = j;
          } else {
            jlast = j;
            j = next[j];
          }
        }
      }
    }

    // Finalise Lk: external degrees, back into the degree lists.
    let pw = pk1;
    for (let pk = pk1; pk < pk2; pk++) {
      const i = Ci[pk];
      const nvi = -nv[i];
      if (nvi <= 0) continue;
      nv[i] = nvi;
      let d = degree[i] + dk - nvi;
      d = Math.min(d, n - eliminated - nvi);
      if (head[d] !== -1) last[head[d]] = i;
      next[i] = head[d];
      last[i] = -1;
      head[d] = i;
      mindeg = Math.min(mindeg, d);
      degree[i] = d;
      Ci[pw++] = i;
    }
    nv[k] = nvk;
    len[k] = pw - pk1;
    if (len[k] === 0) {
      Cp[k] = -1;
      w[k] = 0;
    }
    if (elenk !== 0) cnz = pw;
  }

  // Postorder the assembly tree (parents in flip(Cp)); every variable follows its representative.
  for (let i = 0; i < n; i++) Cp[i] = flip(Cp[i]);
  for (let j = 0; j <= n; j++) head[j] = -1;
  for (let j = n; j >= 0; j--) {
    if (nv[j] > 0) continue; // absorbed nodes join their parent's list
    next[j] = head[Cp[j]];
    head[Cp[j]] = j;
  }
  for (let e = n; e >= 0; e--) {
    if (nv[e] <= 0) continue; // elements join their parent's list
    if (Cp[e] !== -1) {
      next[e] = head[Cp[e]];
      head[Cp[e]] = e;
    }
  }
  const postorder = new Int32Array(n + 1);
  let k = 0;
  for (let i = 0; i <= n; i++) {
    if (Cp[i] === -1) k = postorderSubtree(i, k, head, next, postorder, w);
  }
  // The placeholder n comes last (it is the root of the dense nodes' tree); drop it.
  let written = 0;
  for (let t = 0; t <= n; t++) if (postorder[t] !== n) order[written++] = postorder[t];
  return order;
}
