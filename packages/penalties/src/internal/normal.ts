/**
 * Standard normal density, distribution function and hazard with full relative accuracy in both
 * tails. The distribution function is W. J. Cody's rational Chebyshev approximation (ACM TOMS
 * Algorithm 715, the method behind R's pnorm), arranged so that the upper tail is returned as
 * Q(y) = exp(−y²/2) · T(y): the probit link needs φ/Q (the hazard) and log Q far into the tail,
 * and both follow from T without cancellation.
 */
import { HALF_LOG_2PI } from "./stable.js";

const INV_SQRT_2PI = 0.398942280401432677939946059934;
const SQRT_32 = 5.656854249492380195206754896838;
/** Below this |x| Cody's central approximation Φ(x) = 1/2 + x·R(x²) is used (qnorm(3/4)). */
const CENTRAL_LIMIT = 0.67448975;

const A = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113];
const B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
const C = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226,
  2494.5375852903726711, 6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218,
  1.0765576773720192317e-8,
];
const D = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755,
  18615.571640885098091, 34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
];
const P = [0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303];
const Q = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5];

/** Central range: Φ(x) − 1/2 for |x| ≤ 0.674. */
function centralOffset(x: number): number {
  const xsq = x * x;
  let num = A[4]! * xsq;
  let den = xsq;
  for (let i = 0; i < 3; i++) {
    num = (num + A[i]!) * xsq;
    den = (den + B[i]!) * xsq;
  }
  return (x * (num + A[3]!)) / (den + B[3]!);
}

/** T(y) with Q(y) = 1 − Φ(y) = exp(−y²/2) T(y), for y > 0.674. */
function tailFactor(y: number): number {
  if (y <= SQRT_32) {
    let num = C[8]! * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]!) * y;
      den = (den + D[i]!) * y;
    }
    return (num + C[7]!) / (den + D[7]!);
  }
  const r = 1 / (y * y);
  let num = P[5]! * r;
  let den = r;
  for (let i = 0; i < 4; i++) {
    num = (num + P[i]!) * r;
    den = (den + Q[i]!) * r;
  }
  const t = (r * (num + P[4]!)) / (den + Q[4]!);
  return (INV_SQRT_2PI - t) / y;
}

/**
 * −y²/2 computed as −s²/2 − (y − s)(y + s)/2 with s = y rounded down to a multiple of 1/16, so
 * the square is exact (Cody's device): keeps full relative accuracy of exp(−y²/2) far out.
 */
function halfSquareExponent(y: number): number {
  const s = Math.trunc(y * 16) / 16;
  return -0.5 * s * s - 0.5 * (y - s) * (y + s);
}

/** log φ(x). */
export function normalLogPdf(x: number): number {
  return -0.5 * x * x - HALF_LOG_2PI;
}

/** φ(x). */
export function normalPdf(x: number): number {
  return Math.exp(halfSquareExponent(Math.abs(x))) * INV_SQRT_2PI;
}

/** Upper tail Q(y) = 1 − Φ(y). */
export function normalUpperTail(y: number): number {
  if (Math.abs(y) <= CENTRAL_LIMIT) return 0.5 - centralOffset(y);
  if (y > 0) return Math.exp(halfSquareExponent(y)) * tailFactor(y);
  return 1 - Math.exp(halfSquareExponent(-y)) * tailFactor(-y);
}

/** Φ(x), accurate relative to itself in the lower tail. */
export function normalCdf(x: number): number {
  return normalUpperTail(-x);
}

/** log Q(y) = log(1 − Φ(y)), finite as far as y² is (|y| < 1e154). */
export function logNormalUpperTail(y: number): number {
  if (Math.abs(y) <= CENTRAL_LIMIT) return Math.log(0.5 - centralOffset(y));
  if (y > 0) return halfSquareExponent(y) + Math.log(tailFactor(y));
  return Math.log1p(-Math.exp(halfSquareExponent(-y)) * tailFactor(-y));
}

/** log Φ(x). */
export function logNormalCdf(x: number): number {
  return logNormalUpperTail(-x);
}

/**
 * Hazard φ(x) / (1 − Φ(x)) (inverse Mills ratio). For x above the central range the common factor
 * exp(−x²/2) cancels exactly, so the ratio is 1 / (√(2π) T(x)) with no underflow at all.
 */
export function normalHazard(x: number): number {
  if (x > CENTRAL_LIMIT) return INV_SQRT_2PI / tailFactor(x);
  return normalPdf(x) / normalUpperTail(x);
}
