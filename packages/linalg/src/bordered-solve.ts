/**
 * The bordered ("arrowhead") symmetric positive-definite system
 *
 *     M = [ D   B ]     D: block-diagonal, J uniform q×q SPD blocks (packed as in
 *         [ Bᵀ  C ]        block-diagonal-cholesky.ts); B: (J·q)×p dense; C: p×p dense,
 *
 * which is the joint (u, β) system of a GLMM with one grouping factor. It is factored as
 *
 *     M = L Lᵀ,  L = [ L_D  0   ],  L_D W = B,  L_S L_Sᵀ = S = C − Wᵀ W = C − Bᵀ D⁻¹ B,
 *                    [ Wᵀ   L_S ]
 *
 * i.e. block Cholesky via the Schur complement S (Golub & Van Loan §4.2; the same ordering as
 * MixedModels.jl's blocked L with the random effects first). Cost O(J q³ + J q² p + J q p² + p³),
 * never forming the (Jq)×(Jq) matrix.
 */
import {
  blockDiagonalCholeskyInPlace,
  blockDiagonalLogDet,
  blockDiagonalSolveLowerMatrixInPlace,
  blockDiagonalSolveLowerTransposeInPlace,
} from "./block-diagonal-cholesky.js";
import { choleskyInPlace } from "./cholesky.js";
import { inverseFromCholesky } from "./inverse.js";
import { logDetFromCholesky } from "./log-determinant.js";
import { solveLower, solveLowerTranspose } from "./triangular.js";

/** The factor of a bordered (arrowhead) matrix [blocks, border; border', dense]. */
export interface BorderedFactor {
  readonly J: number;
  readonly q: number;
  readonly p: number;
  /** Lower Cholesky factors L_j of the D blocks, packed J·q·q. */
  readonly blockFactors: Float64Array;
  /** W = L_D⁻¹ B, (J·q)×p column-major. */
  readonly border: Float64Array;
  /** Lower Cholesky factor L_S of the Schur complement S = C − Bᵀ D⁻¹ B, p×p column-major. */
  readonly schurFactor: Float64Array;
}

function checkLength(name: string, array: Float64Array, expected: number): void {
  if (array.length !== expected) {
    throw new Error(`bordered: ${name} has length ${array.length}, expected ${expected}`);
  }
}

/**
 * Factors M without copying: D is overwritten by the block factors, B by W = L_D⁻¹ B and C by
 * L_S; the returned factor references those arrays. Only the lower triangles of the D blocks
 * and of C are read. Returns null when a D block or the Schur complement is not (numerically)
 * positive definite — i.e. M is not — leaving the arrays partially overwritten.
 */
export function factorBorderedInPlace(
  D: Float64Array,
  J: number,
  q: number,
  B: Float64Array,
  C: Float64Array,
  p: number,
): BorderedFactor | null {
  const rows = J * q;
  checkLength("D", D, rows * q);
  checkLength("B", B, rows * p);
  checkLength("C", C, p * p);

  if (!blockDiagonalCholeskyInPlace(D, J, q)) return null;
  blockDiagonalSolveLowerMatrixInPlace(D, J, q, B, p);
  // Lower triangle of S = C − Wᵀ W: column dot products of W (contiguous).
  for (let b = 0; b < p; b++) {
    const colB = b * rows;
    for (let a = b; a < p; a++) {
      const colA = a * rows;
      let sum = 0;
      for (let i = 0; i < rows; i++) sum += B[colA + i] * B[colB + i];
      C[b * p + a] -= sum;
    }
  }
  if (!choleskyInPlace(C, p)) return null;
  return { J, q, p, blockFactors: D, border: B, schurFactor: C };
}

/** As `factorBorderedInPlace`, leaving D, B and C untouched (the factor owns copies). */
export function factorBordered(
  D: Float64Array,
  J: number,
  q: number,
  B: Float64Array,
  C: Float64Array,
  p: number,
): BorderedFactor | null {
  return factorBorderedInPlace(D.slice(), J, q, B.slice(), C.slice(), p);
}

/**
 * Solves M [x; y] = [r; s] in place (r ← x of length J·q, s ← y of length p) by forward
 * substitution with L then back substitution with Lᵀ; no allocation, so it can sit in a loop.
 */
export function solveBordered(factor: BorderedFactor, r: Float64Array, s: Float64Array): void {
  const { J, q, p, blockFactors, border, schurFactor } = factor;
  const rows = J * q;
  checkLength("r", r, rows);
  checkLength("s", s, p);
  // z₁ = L_D⁻¹ r;  z₂ = L_S⁻¹ (s − Wᵀ z₁).
  blockDiagonalSolveLowerMatrixInPlace(blockFactors, J, q, r, 1);
  for (let a = 0; a < p; a++) {
    const col = a * rows;
    let sum = 0;
    for (let i = 0; i < rows; i++) sum += border[col + i] * r[i];
    s[a] -= sum;
  }
  solveLower(schurFactor, p, s);
  // y = L_S⁻ᵀ z₂;  x = L_D⁻ᵀ (z₁ − W y).
  solveLowerTranspose(schurFactor, p, s);
  for (let a = 0; a < p; a++) {
    const ya = s[a];
    if (ya === 0) continue;
    const col = a * rows;
    for (let i = 0; i < rows; i++) r[i] -= border[col + i] * ya;
  }
  blockDiagonalSolveLowerTransposeInPlace(blockFactors, J, q, r);
}

/** log det M = Σ_j log det D_j + log det S (det of a block-triangular factor). */
export function borderedLogDet(factor: BorderedFactor): number {
  return (
    blockDiagonalLogDet(factor.blockFactors, factor.J, factor.q) +
    logDetFromCholesky(factor.schurFactor, factor.p)
  );
}

/**
 * S⁻¹ = (C − Bᵀ D⁻¹ B)⁻¹, the p×p lower-right block of M⁻¹ (block-inverse formula) — e.g. the
 * covariance of β̂ when M is the joint (u, β) Hessian. Full symmetric p×p, column-major.
 */
export function borderedInverseLowerRight(
  factor: BorderedFactor,
  out: Float64Array = new Float64Array(factor.p * factor.p),
): Float64Array {
  return inverseFromCholesky(factor.schurFactor, factor.p, out);
}
