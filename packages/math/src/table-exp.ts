/**
 * e^x by Tang's table-driven method (P. T. P. Tang 1989, "Table-driven implementation of the exponential
 * function in IEEE floating-point arithmetic", ACM TOMS 15, 144–157), for the per-row loops of the samplers,
 * where Math.exp (a call into the engine's C++ fdlibm port) is the largest single cost:
 *
 *   x = (256 m + j) ln2/256 + r,   |r| ≤ ln2/512,   e^x = 2^m · 2^(j/256) · e^r,
 *
 * with 2^(j/256) and 2^m from tables and e^r by its Taylor polynomial of degree 4 (remainder r⁵/120 < 4e-17,
 * under 0.4 ulp of e^r) by Horner's rule — one multiply-add fewer per call than degree 5 on a 128-entry table.
 * ln2/256 is split into a high part with trailing zero bits and a low part, so k·(ln2/256)_hi is exact and r
 * keeps its digits. Relative error below 3 ulp of Math.exp over the whole range (the test checks a dense grid);
 * not correctly rounded, so it is for sums of many terms (log-densities, scores), not where every ulp counts.
 * Outside (−708, 709) — the subnormal and overflow ranges — and for NaN and ±∞ it defers to Math.exp.
 */

const TABLE_BITS = 8;
const TABLE_SIZE = 1 << TABLE_BITS;
const TABLE_MASK = TABLE_SIZE - 1;
const INVERSE_STEP = TABLE_SIZE / Math.LN2;
/** ln2/256 = STEP_HIGH + STEP_LOW; STEP_HIGH has 32 significant bits, so k · STEP_HIGH is exact for |k| < 2²¹. */
const STEP_HIGH = 0.6931471803691238 / TABLE_SIZE;
const STEP_LOW = 1.9082149292705877e-10 / TABLE_SIZE;
/** Adding and subtracting 1.5·2⁵² rounds a double of magnitude below 2⁵¹ to the nearest integer. */
const ROUNDING_SHIFT = 6755399441055744;
const LOWEST_EXPONENT = -1022;

/** 2^(j/256), j = 0 … 255. */
const FRACTIONAL_POWERS = Float64Array.from({ length: TABLE_SIZE }, (_, j) => Math.pow(2, j / TABLE_SIZE));
/** 2^m for m = −1022 … 1023, built by exact doublings and halvings. */
const INTEGER_POWERS = (() => {
  const powers = new Float64Array(1023 - LOWEST_EXPONENT + 1);
  let up = 1;
  let down = 1;
  for (let m = 0; m <= 1023; m++, up *= 2) powers[m - LOWEST_EXPONENT] = up;
  for (let m = 0; m >= LOWEST_EXPONENT; m--, down *= 0.5) powers[m - LOWEST_EXPONENT] = down;
  return powers;
})();

/** e^x to within 3 ulp (see the file header); Math.exp's value outside (−708, 709). */
export function tableExp(x: number): number {
  if (!(x > -708 && x < 709)) return Math.exp(x);
  const k = x * INVERSE_STEP + ROUNDING_SHIFT - ROUNDING_SHIFT;
  const r = x - k * STEP_HIGH - k * STEP_LOW;
  const ki = k | 0;
  const polynomial = 1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24))));
  return FRACTIONAL_POWERS[ki & TABLE_MASK]! * INTEGER_POWERS[(ki >> TABLE_BITS) - LOWEST_EXPONENT]! * polynomial;
}
