/**
 * Elimination tree, its postorder, and the row patterns of the Cholesky factor (Davis, "Direct
 * Methods for Sparse Linear Systems", SIAM 2006: cs_etree §4.1, cs_post §4.3, cs_ereach §4.2).
 * The matrices are given by their strict upper triangle in compressed columns: column k lists the
 * rows i < k with a_ik ≠ 0 (in any order), i.e. row k of the lower triangle.
 */

/**
 * parent[j] of the elimination tree of the n×n symmetric matrix (−1 at roots): the row of the first
 * off-diagonal nonzero in column j of L. Liu's algorithm with path compression (Davis §4.1).
 */
export function eliminationTree(n: number, upperColPtr: Int32Array, upperRowIndex: Int32Array): Int32Array {
  const parent = new Int32Array(n);
  const ancestor = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    parent[k] = -1;
    ancestor[k] = -1;
    for (let p = upperColPtr[k]; p < upperColPtr[k + 1]; p++) {
      // Walk from i up to the root of its current subtree, compressing the path to k.
      let i = upperRowIndex[p];
      while (i !== -1 && i < k) {
        const next = ancestor[i];
        ancestor[i] = k;
        if (next === -1) parent[i] = k;
        i = next;
      }
    }
  }
  return parent;
}

/**
 * Depth-first postorder of the tree below `root`, children taken from the lists head[p] → next[·]
 * (consumed), written to order[k ..]; returns the next free slot. `stack` needs the tree's height.
 */
export function postorderSubtree(
  root: number,
  k: number,
  head: Int32Array,
  next: Int32Array,
  order: Int32Array,
  stack: Int32Array,
): number {
  let top = 0;
  stack[0] = root;
  while (top >= 0) {
    const p = stack[top];
    const child = head[p];
    if (child === -1) {
      top--;
      order[k++] = p;
    } else {
      head[p] = next[child];
      stack[++top] = child;
    }
  }
  return k;
}

/** A postorder of the forest: post[k] is the k-th node; children before parents, subtrees contiguous. */
export function postorderForest(parent: Int32Array): Int32Array {
  const n = parent.length;
  const head = new Int32Array(n).fill(-1);
  const next = new Int32Array(n);
  const stack = new Int32Array(n);
  const post = new Int32Array(n);
  // Children lists in increasing order (insert in reverse), so the postorder is stable.
  for (let j = n - 1; j >= 0; j--) {
    const p = parent[j];
    if (p === -1) continue;
    next[j] = head[p];
    head[p] = j;
  }
  let k = 0;
  for (let root = 0; root < n; root++) if (parent[root] === -1) k = postorderSubtree(root, k, head, next, post, stack);
  return post;
}

/**
 * Column patterns of L (diagonal first, rows increasing) from the row subtrees: row k of L holds the
 * nodes on the tree paths from each i (a_ik ≠ 0, i < k) up to k (Davis §4.2). O(nnz(L)) time.
 */
export function factorColumnPatterns(
  n: number,
  upperColPtr: Int32Array,
  upperRowIndex: Int32Array,
  parent: Int32Array,
): { colPtr: Int32Array; rowIndex: Int32Array } {
  const marked = new Int32Array(n).fill(-1);
  const counts = new Int32Array(n).fill(1); // the diagonal
  const walkRow = (k: number, visit: (j: number) => void): void => {
    marked[k] = k;
    for (let p = upperColPtr[k]; p < upperColPtr[k + 1]; p++) {
      for (let i = upperRowIndex[p]; marked[i] !== k; i = parent[i]) {
        marked[i] = k;
        visit(i);
      }
    }
  };
  for (let k = 0; k < n; k++) walkRow(k, (j) => counts[j]++);
  const colPtr = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) colPtr[j + 1] = colPtr[j] + counts[j];
  const rowIndex = new Int32Array(colPtr[n]);
  const fill = colPtr.slice(0, n);
  marked.fill(-1);
  // Rows are appended in increasing k, so each column comes out sorted with its diagonal first.
  for (let k = 0; k < n; k++) {
    rowIndex[fill[k]++] = k;
    walkRow(k, (j) => {
      rowIndex[fill[j]++] = k;
    });
  }
  return { colPtr, rowIndex };
}
