/**
 * Eigen-decomposition of a small dense symmetric matrix by the cyclic Jacobi method
 * (Golub & Van Loan, Matrix Computations, Alg. 8.5.3 with the stable 2×2 Schur rotation of
 * Alg. 8.5.2). Meant for diagnostics on p×p matrices (smallest Hessian eigenvalue, condition
 * number); O(n³) per sweep, fine for n up to a few dozen.
 */

export interface SymmetricEigen {
  /** Eigenvalues in ascending order. */
  readonly values: Float64Array;
  /** n×n column-major; column k is the unit eigenvector for values[k]. */
  readonly vectors: Float64Array;
}

const MAX_SWEEPS = 100;

/**
 * Diagonalises the working copy `A` (symmetric, both triangles) by Jacobi rotations, accumulating
 * them into `V` when given. Stops when the off-diagonal Frobenius norm is at rounding level
 * relative to ‖A‖_F (which rotations preserve).
 */
function jacobiInPlace(A: Float64Array, n: number, V: Float64Array | null): void {
  let frobeniusSquared = 0;
  for (let k = 0; k < n * n; k++) frobeniusSquared += A[k] * A[k];
  const threshold = Number.EPSILON * Number.EPSILON * frobeniusSquared;
  if (!Number.isFinite(frobeniusSquared)) {
    throw new Error("symmetricEigen: matrix has non-finite entries");
  }

  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let offSquared = 0;
    for (let q = 1; q < n; q++) {
      for (let p = 0; p < q; p++) offSquared += 2 * A[q * n + p] * A[q * n + p];
    }
    if (offSquared <= threshold) return;

    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = A[q * n + p];
        if (apq === 0) continue;
        const app = A[p * n + p];
        const aqq = A[q * n + q];
        // Rotation J = [c s; −s c] in the (p, q) plane with (JᵀAJ)_pq = 0; t is the smaller
        // root of t² + 2τt − 1 = 0, which keeps the rotation angle ≤ π/4 (GVL Alg. 8.5.2).
        const tau = (aqq - app) / (2 * apq);
        const t =
          tau >= 0
            ? 1 / (tau + Math.sqrt(1 + tau * tau))
            : -1 / (-tau + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        const colP = p * n;
        const colQ = q * n;
        // A ← A J (columns p and q).
        for (let k = 0; k < n; k++) {
          const x = A[colP + k];
          const y = A[colQ + k];
          A[colP + k] = c * x - s * y;
          A[colQ + k] = s * x + c * y;
        }
        // A ← Jᵀ A (rows p and q).
        for (let k = 0; k < n; k++) {
          const col = k * n;
          const x = A[col + p];
          const y = A[col + q];
          A[col + p] = c * x - s * y;
          A[col + q] = s * x + c * y;
        }
        // Exactly zero by construction; clear the rounding residue.
        A[colQ + p] = 0;
        A[colP + q] = 0;
        if (V !== null) {
          for (let k = 0; k < n; k++) {
            const x = V[colP + k];
            const y = V[colQ + k];
            V[colP + k] = c * x - s * y;
            V[colQ + k] = s * x + c * y;
          }
        }
      }
    }
  }
  throw new Error(`symmetricEigen: Jacobi did not converge in ${MAX_SWEEPS} sweeps`);
}

/** Copy of A with the upper triangle mirrored from the lower, so only the lower triangle is read. */
function symmetricCopyFromLower(A: Float64Array, n: number): Float64Array {
  const work = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let i = j; i < n; i++) {
      const value = A[j * n + i];
      work[j * n + i] = value;
      work[i * n + j] = value;
    }
  }
  return work;
}

/** Eigenvalues of the symmetric n×n matrix A, ascending. Reads only the lower triangle; A is not modified. */
export function symmetricEigenvalues(A: Float64Array, n: number): Float64Array {
  const work = symmetricCopyFromLower(A, n);
  jacobiInPlace(work, n, null);
  const values = new Float64Array(n);
  for (let k = 0; k < n; k++) values[k] = work[k * n + k];
  return values.sort();
}

/**
 * Eigenvalues (ascending) and orthonormal eigenvectors of the symmetric n×n matrix A, so that
 * A = V diag(values) Vᵀ. Reads only the lower triangle; A is not modified.
 */
export function symmetricEigen(A: Float64Array, n: number): SymmetricEigen {
  const work = symmetricCopyFromLower(A, n);
  const V = new Float64Array(n * n);
  for (let k = 0; k < n; k++) V[k * n + k] = 1;
  jacobiInPlace(work, n, V);

  const order = Array.from({ length: n }, (_, k) => k);
  order.sort((a, b) => work[a * n + a] - work[b * n + b]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const source = order[k] as number;
    values[k] = work[source * n + source];
    vectors.set(V.subarray(source * n, source * n + n), k * n);
  }
  return { values, vectors };
}
