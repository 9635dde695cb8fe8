/**
 * log det A from its Cholesky factor: det A = det L · det Lᵀ = (Π L_ii)², so
 * log det A = 2 Σ log L_ii. Summing logs avoids the overflow/underflow of forming Π L_ii.
 */
export function logDetFromCholesky(L: Float64Array, n: number, offset = 0): number {
  let sum = 0;
  for (let j = 0; j < n; j++) sum += Math.log(L[offset + j * n + j]);
  return 2 * sum;
}
