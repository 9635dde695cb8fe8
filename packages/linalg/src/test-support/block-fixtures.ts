/** Block-diagonal and bordered fixtures, and their assembly into the dense matrices ml-matrix checks. */
import { inverse } from "ml-matrix";
import { fromMl, randomCondition, randomGaussian, randomSpd, toMl, type TestRng } from "./random-matrices.js";

/** J random SPD q×q blocks (random conditioning up to 10^maxLog10), packed contiguously. */
export function randomBlocks(J: number, q: number, rng: TestRng, maxLog10 = 4): Float64Array {
  const blocks = new Float64Array(J * q * q);
  for (let j = 0; j < J; j++) {
    const { A } = randomSpd(q, rng, randomCondition(rng, maxLog10), Math.pow(10, 2 * rng.uniform() - 1));
    blocks.set(A, j * q * q);
  }
  return blocks;
}

/** The dense (J·q)×(J·q) block-diagonal matrix. */
export function assembleBlockDiagonal(blocks: Float64Array, J: number, q: number): Float64Array {
  const n = J * q;
  const dense = new Float64Array(n * n);
  for (let j = 0; j < J; j++) {
    for (let c = 0; c < q; c++) {
      for (let r = 0; r < q; r++) {
        dense[(j * q + c) * n + j * q + r] = blocks[j * q * q + c * q + r] as number;
      }
    }
  }
  return dense;
}

/** The dense (Jq + p)×(Jq + p) matrix [D B; Bᵀ C]. */
export function assembleBordered(
  D: Float64Array,
  J: number,
  q: number,
  B: Float64Array,
  C: Float64Array,
  p: number,
): Float64Array {
  const rows = J * q;
  const n = rows + p;
  const dense = new Float64Array(n * n);
  const blockDiagonal = assembleBlockDiagonal(D, J, q);
  for (let c = 0; c < rows; c++) dense.set(blockDiagonal.subarray(c * rows, (c + 1) * rows), c * n);
  for (let c = 0; c < p; c++) {
    for (let r = 0; r < rows; r++) {
      const value = B[c * rows + r] as number;
      dense[(rows + c) * n + r] = value; // B, upper right
      dense[r * n + rows + c] = value; // Bᵀ, lower left
    }
    for (let r = 0; r < p; r++) dense[(rows + c) * n + rows + r] = C[c * p + r] as number;
  }
  return dense;
}

export interface BorderedSystem {
  readonly D: Float64Array;
  readonly B: Float64Array;
  readonly C: Float64Array;
  /** The Schur complement S = C − Bᵀ D⁻¹ B the fixture was built around (SPD by construction). */
  readonly schur: Float64Array;
}

/**
 * A random SPD bordered system: random SPD blocks D, random border B, and C = S₀ + Bᵀ D⁻¹ B with
 * S₀ a random SPD matrix (condition ≤ 10^schurMaxLog10), so the Schur complement is S₀.
 * D⁻¹ is computed by ml-matrix, independently of the code under test.
 */
export function randomBorderedSystem(
  J: number,
  q: number,
  p: number,
  rng: TestRng,
  schurMaxLog10 = 4,
): BorderedSystem {
  const rows = J * q;
  const D = randomBlocks(J, q, rng);
  const B = randomGaussian(rows, p, rng);
  const schur = randomSpd(p, rng, randomCondition(rng, schurMaxLog10), Math.pow(10, 2 * rng.uniform() - 1)).A;
  const dInverse = rows === 0 ? new Float64Array(0) : fromMl(inverse(toMl(assembleBlockDiagonal(D, J, q), rows, rows)));
  const C = new Float64Array(p * p);
  for (let b = 0; b < p; b++) {
    for (let a = 0; a < p; a++) {
      let sum = 0;
      for (let r = 0; r < rows; r++) {
        let dInvB = 0;
        for (let k = 0; k < rows; k++) dInvB += (dInverse[k * rows + r] as number) * (B[b * rows + k] as number);
        sum += (B[a * rows + r] as number) * dInvB;
      }
      C[b * p + a] = (schur[b * p + a] as number) + sum;
    }
  }
  // Symmetrise away the rounding asymmetry of the triple product.
  for (let b = 0; b < p; b++) {
    for (let a = b + 1; a < p; a++) {
      const mean = 0.5 * ((C[b * p + a] as number) + (C[a * p + b] as number));
      C[b * p + a] = mean;
      C[a * p + b] = mean;
    }
  }
  return { D, B, C, schur };
}
