/**
 * Cholesky kernels for a block-diagonal matrix of J uniform q×q symmetric positive-definite
 * blocks, packed contiguously: block j occupies [j·q², (j+1)·q²), each block column-major.
 * This is the structure of the Hessian in the random effects u with one grouping factor; the
 * factor of the whole (Jq)×(Jq) matrix is just the factors of its blocks (as in MixedModels.jl's
 * blocked Cholesky: one short loop over blocks). q = 1 (random intercepts) gets its own scalar
 * loop since it is the common case and the generic path would pay call overhead per group.
 */
import { choleskyInPlace } from "./cholesky.js";
import { logDetFromCholesky } from "./log-determinant.js";
import { solveLower, solveLowerTranspose, solveWithCholesky } from "./triangular.js";

/**
 * Overwrites every block with its lower Cholesky factor. Returns false as soon as one block is
 * not positive definite (earlier blocks are then factored, that one partially, later ones untouched).
 */
export function blockDiagonalCholeskyInPlace(blocks: Float64Array, J: number, q: number): boolean {
  if (q === 1) {
    for (let j = 0; j < J; j++) {
      const d = blocks[j];
      if (!(d > 0) || d === Infinity) return false;
      blocks[j] = Math.sqrt(d);
    }
    return true;
  }
  const blockSize = q * q;
  for (let j = 0; j < J; j++) {
    if (!choleskyInPlace(blocks, q, j * blockSize)) return false;
  }
  return true;
}

/** Solves (block-diagonal L Lᵀ) x = b in place; b has length J·q, segment j belonging to block j. */
export function blockDiagonalSolveInPlace(
  factors: Float64Array,
  J: number,
  q: number,
  b: Float64Array,
): void {
  if (q === 1) {
    for (let j = 0; j < J; j++) {
      const l = factors[j];
      b[j] /= l * l;
    }
    return;
  }
  const blockSize = q * q;
  for (let j = 0; j < J; j++) solveWithCholesky(factors, q, b, j * blockSize, j * q);
}

/**
 * Solves (block-diagonal L) X = B in place for B (J·q)×m column-major — the half-solve that forms
 * L_D⁻¹ B in the bordered factorisation.
 */
export function blockDiagonalSolveLowerMatrixInPlace(
  factors: Float64Array,
  J: number,
  q: number,
  B: Float64Array,
  m: number,
): void {
  const rows = J * q;
  if (q === 1) {
    for (let c = 0; c < m; c++) {
      const col = c * rows;
      for (let j = 0; j < J; j++) B[col + j] /= factors[j];
    }
    return;
  }
  const blockSize = q * q;
  for (let c = 0; c < m; c++) {
    const col = c * rows;
    for (let j = 0; j < J; j++) solveLower(factors, q, B, j * blockSize, col + j * q);
  }
}

/** Solves (block-diagonal Lᵀ) x = b in place; b has length J·q (the back-substitution half). */
export function blockDiagonalSolveLowerTransposeInPlace(
  factors: Float64Array,
  J: number,
  q: number,
  b: Float64Array,
): void {
  if (q === 1) {
    for (let j = 0; j < J; j++) b[j] /= factors[j];
    return;
  }
  const blockSize = q * q;
  for (let j = 0; j < J; j++) solveLowerTranspose(factors, q, b, j * blockSize, j * q);
}

/** log det of the block-diagonal matrix = Σ_j log det D_j = 2 Σ log diag of every factor. */
export function blockDiagonalLogDet(factors: Float64Array, J: number, q: number): number {
  if (q === 1) {
    let sum = 0;
    for (let j = 0; j < J; j++) sum += Math.log(factors[j]);
    return 2 * sum;
  }
  const blockSize = q * q;
  let total = 0;
  for (let j = 0; j < J; j++) total += logDetFromCholesky(factors, q, j * blockSize);
  return total;
}
