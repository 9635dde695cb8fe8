/**
 * log Γ and log C(m, y) for the binomial log-likelihood constant. Integer arguments up to 1024
 * come from an exactly summed table (so binary data give exactly 0); others use the Lanczos
 * approximation (g = 7, 9 terms; relative error ~1e-15) with reflection below 1/2.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < 9; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

const TABLE_SIZE = 1025;
let logFactorialTable: Float64Array | null = null;

/** log k! (k ≥ 0); exact summation for integers below 1025. */
export function logFactorial(k: number): number {
  if (Number.isInteger(k) && k >= 0 && k < TABLE_SIZE) {
    if (logFactorialTable === null) {
      logFactorialTable = new Float64Array(TABLE_SIZE);
      for (let j = 2; j < TABLE_SIZE; j++) logFactorialTable[j] = logFactorialTable[j - 1]! + Math.log(j);
    }
    return logFactorialTable[k]!;
  }
  return logGamma(k + 1);
}

/** log C(m, y) = log m! − log y! − log (m − y)!. */
export function logChoose(m: number, y: number): number {
  if (y === 0 || y === m) return 0;
  return logFactorial(m) - logFactorial(y) - logFactorial(m - y);
}
