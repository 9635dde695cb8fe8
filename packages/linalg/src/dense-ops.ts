/**
 * The few small dense helpers the kernels and their callers need. Matrices are column-major
 * (A[j*rows + i] is row i, column j); outputs go into caller-supplied buffers, which must not
 * alias the inputs.
 */

/** out = A x for A rows×cols. */
export function matVec(
  A: Float64Array,
  rows: number,
  cols: number,
  x: Float64Array,
  out: Float64Array,
): Float64Array {
  out.fill(0, 0, rows);
  // Column-oriented (axpy per column) so the inner loop walks a contiguous column.
  for (let j = 0; j < cols; j++) {
    const xj = x[j];
    if (xj === 0) continue;
    const col = j * rows;
    for (let i = 0; i < rows; i++) out[i] += A[col + i] * xj;
  }
  return out;
}

/** out = Aᵀ x for A rows×cols (out has length cols). */
export function matTVec(
  A: Float64Array,
  rows: number,
  cols: number,
  x: Float64Array,
  out: Float64Array,
): Float64Array {
  for (let j = 0; j < cols; j++) {
    const col = j * rows;
    let sum = 0;
    for (let i = 0; i < rows; i++) sum += A[col + i] * x[i];
    out[j] = sum;
  }
  return out;
}

/** out = A B for A m×k and B k×n (out m×n). Plain triple loop in j-p-i order; meant for small matrices. */
export function matMul(
  A: Float64Array,
  m: number,
  k: number,
  B: Float64Array,
  n: number,
  out: Float64Array,
): Float64Array {
  out.fill(0, 0, m * n);
  for (let j = 0; j < n; j++) {
    const outCol = j * m;
    for (let p = 0; p < k; p++) {
      const bpj = B[j * k + p];
      if (bpj === 0) continue;
      const aCol = p * m;
      for (let i = 0; i < m; i++) out[outCol + i] += A[aCol + i] * bpj;
    }
  }
  return out;
}

/** out = Aᵀ A for A rows×cols (out cols×cols, symmetric, both triangles filled). */
export function crossProduct(
  A: Float64Array,
  rows: number,
  cols: number,
  out: Float64Array,
): Float64Array {
  // Column b against columns b … b+3 in one pass over the rows: one load of A[·, b] feeds four sums.
  for (let b = 0; b < cols; b++) {
    const colB = b * rows;
    let a = b;
    for (; a + 3 < cols; a += 4) {
      const c0 = a * rows;
      const c1 = c0 + rows;
      const c2 = c1 + rows;
      const c3 = c2 + rows;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let i = 0; i < rows; i++) {
        const v = A[colB + i]!;
        s0 += v * A[c0 + i]!;
        s1 += v * A[c1 + i]!;
        s2 += v * A[c2 + i]!;
        s3 += v * A[c3 + i]!;
      }
      out[b * cols + a] = s0;
      out[a * cols + b] = s0;
      out[b * cols + a + 1] = s1;
      out[(a + 1) * cols + b] = s1;
      out[b * cols + a + 2] = s2;
      out[(a + 2) * cols + b] = s2;
      out[b * cols + a + 3] = s3;
      out[(a + 3) * cols + b] = s3;
    }
    for (; a < cols; a++) {
      const colA = a * rows;
      let sum = 0;
      for (let i = 0; i < rows; i++) sum += A[colA + i]! * A[colB + i]!;
      out[b * cols + a] = sum;
      out[a * cols + b] = sum;
    }
  }
  return out;
}

/** A ← (A + Aᵀ)/2 in place: removes the rounding asymmetry of an assembled Hessian. */
export function symmetriseInPlace(A: Float64Array, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    for (let i = j + 1; i < n; i++) {
      const mean = 0.5 * (A[j * n + i] + A[i * n + j]);
      A[j * n + i] = mean;
      A[i * n + j] = mean;
    }
  }
  return A;
}

/** Copies the strict lower triangle onto the upper one, for matrices built lower-only. */
export function fillUpperFromLower(A: Float64Array, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    for (let i = j + 1; i < n; i++) A[i * n + j] = A[j * n + i];
  }
  return A;
}
