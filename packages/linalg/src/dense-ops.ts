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
  for (let b = 0; b < cols; b++) {
    const colB = b * rows;
    for (let a = b; a < cols; a++) {
      const colA = a * rows;
      let sum = 0;
      for (let i = 0; i < rows; i++) sum += A[colA + i] * A[colB + i];
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
