// The standard normal distribution: density, distribution function Φ, its tails and logs, and
// the quantile Φ⁻¹.
//
// Φ follows W. J. Cody (1969), "Rational Chebyshev approximations for the error function",
// Math. Comp. 23, 631–637, in the form of ACM TOMS Algorithm 715 (Cody 1993) as used by R's
// pnorm_both: three rational approximations (|x| ≤ 0.674, ≤ √32, beyond) each accurate to about
// one unit in the 16th digit, with exp(−x²/2) evaluated in two pieces so its argument is exact.
// Φ⁻¹ is Wichura (1988), "Algorithm AS 241: the percentage points of the normal distribution",
// Appl. Statist. 37, 477–484 (PPND16, ≈1e−16 relative), followed by one Halley step on Φ in the
// tails.

const INV_SQRT_2PI = 0.398942280401432677939946059934; // 1/√(2π)
const LN_SQRT_2PI = 0.918938533204672741780329736406; // log √(2π)
const SQRT_32 = 5.656854249492380195206754896838; // √32: boundary of Cody's middle range
const CENTRAL_LIMIT = 0.67448975; // Φ(−0.674…) = 1/4: boundary of Cody's central range
const HALF_EPSILON = Number.EPSILON / 2;
const DBL_MIN = 2.2250738585072014e-308; // smallest normal double, 2⁻¹⁰²²
// Below Φ(−37.5193) ≈ DBL_MIN the direct product would underflow gradually and lose digits, so
// there the tail is computed as exp(log Q) instead.
const DIRECT_TAIL_LIMIT = 37.5193;
// exp(−x²/2)/√(2π) underflows below the smallest subnormal beyond √(−2·log(2⁻¹⁰⁷⁴)) ≈ 38.6.
const PDF_UNDERFLOW = 38.6;

// Cody (1993) coefficients, as in R's pnorm.c.
const CENTRAL_NUM = [
  2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249,
  0.065682337918207449113,
];
const CENTRAL_DEN = [
  47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956,
];
const MIDDLE_NUM = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226,
  2494.5375852903726711, 6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218,
  1.0765576773720192317e-8,
];
const MIDDLE_DEN = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755,
  18615.571640885098091, 34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
];
const TAIL_NUM = [
  0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466,
  2.9112874951168792e-5, 0.02307344176494017303,
];
const TAIL_DEN = [
  1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244,
  7.29751555083966205e-5,
];

/** Φ(x) − 1/2 for |x| ≤ 0.674 (Cody's first range); odd in x and exact to the last digit. */
function centralDeviation(x: number): number {
  let numerator = 0;
  let denominator = 0;
  if (Math.abs(x) > HALF_EPSILON) {
    const xsq = x * x;
    numerator = CENTRAL_NUM[4]! * xsq;
    denominator = xsq;
    for (let i = 0; i < 3; i++) {
      numerator = (numerator + CENTRAL_NUM[i]!) * xsq;
      denominator = (denominator + CENTRAL_DEN[i]!) * xsq;
    }
  }
  return (x * (numerator + CENTRAL_NUM[3]!)) / (denominator + CENTRAL_DEN[3]!);
}

/** R(y) with Q(y) = exp(−y²/2)·R(y), for y > 0.674 (Cody's second and third ranges). */
function tailRatio(y: number): number {
  if (y <= SQRT_32) {
    let numerator = MIDDLE_NUM[8]! * y;
    let denominator = y;
    for (let i = 0; i < 7; i++) {
      numerator = (numerator + MIDDLE_NUM[i]!) * y;
      denominator = (denominator + MIDDLE_DEN[i]!) * y;
    }
    return (numerator + MIDDLE_NUM[7]!) / (denominator + MIDDLE_DEN[7]!);
  }
  // Asymptotic range: Q(y) ≈ φ(y)/y · (1 − y⁻² P(y⁻²)/Q(y⁻²)) (Cody's continued-fraction fit).
  const xsq = 1 / (y * y);
  let numerator = TAIL_NUM[5]! * xsq;
  let denominator = xsq;
  for (let i = 0; i < 4; i++) {
    numerator = (numerator + TAIL_NUM[i]!) * xsq;
    denominator = (denominator + TAIL_DEN[i]!) * xsq;
  }
  const correction = (xsq * (numerator + TAIL_NUM[4]!)) / (denominator + TAIL_DEN[4]!);
  return (INV_SQRT_2PI - correction) / y;
}

/**
 * exp(−y²/2) with full relative accuracy: split y = hi + lo with hi on a 2⁻¹⁶ grid so that hi²
 * is exact, and −y²/2 = −hi²/2 + (−lo/2 − hi)·lo (the device of R's dnorm). A plain
 * exp(−0.5·y·y) loses ~y²·ε relative accuracy through the rounding of y².
 */
function expMinusHalfSquare(y: number): number {
  const hi = Math.round(y * 65536) / 65536;
  const lo = y - hi;
  return Math.exp(-0.5 * hi * hi) * Math.exp((-0.5 * lo - hi) * lo);
}

/** Q(y) = P(Z > y) for y > 0.674 (y may be +∞). */
function upperTail(y: number): number {
  if (y < DIRECT_TAIL_LIMIT) return expMinusHalfSquare(y) * tailRatio(y);
  return Math.exp(logUpperTail(y));
}

/** log Q(y) for y > 0.674: never underflows; −y²/2 reaches −∞ only past y ≈ 1.9e154. */
function logUpperTail(y: number): number {
  if (y === Number.POSITIVE_INFINITY) return Number.NEGATIVE_INFINITY;
  return -(0.5 * y) * y + Math.log(tailRatio(y));
}

/** The standard normal density φ(x) = exp(−x²/2)/√(2π). */
export function normalPdf(x: number): number {
  const y = Math.abs(x);
  if (y < 2) return INV_SQRT_2PI * Math.exp(-0.5 * y * y);
  if (y > PDF_UNDERFLOW) return 0;
  return INV_SQRT_2PI * expMinusHalfSquare(y);
}

/** log φ(x) = −x²/2 − log √(2π). */
export function logNormalPdf(x: number): number {
  return -LN_SQRT_2PI - 0.5 * x * x;
}

/**
 * Φ(x) = P(Z ≤ x), relative error ≈ 1e−16 wherever the result is a normal double
 * (x ≥ −37.5, Φ ≥ 2.2e−308); subnormal results below that come from exp(log Φ).
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const y = Math.abs(x);
  if (y <= CENTRAL_LIMIT) return 0.5 + centralDeviation(x);
  const tail = upperTail(y);
  return x > 0 ? 1 - tail : tail;
}

/** The upper tail 1 − Φ(x) = Φ(−x), computed directly (no cancellation for large x). */
export function normalCcdf(x: number): number {
  return normalCdf(-x);
}

/**
 * log Φ(x), accurate for any x: for x ≪ 0 it is −x²/2 + log R(|x|) without ever forming the
 * underflowing Φ (valid to x ≈ −1.9e154, beyond which −x²/2 itself is −∞); for x ≫ 0 it is
 * log1p(−Q(x)) ≈ −Q(x), which keeps the tiny negative value instead of rounding to log(1) = 0.
 */
export function logNormalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const y = Math.abs(x);
  if (y <= CENTRAL_LIMIT) return Math.log(0.5 + centralDeviation(x));
  return x > 0 ? Math.log1p(-upperTail(y)) : logUpperTail(y);
}

/** log(1 − Φ(x)) = log Φ(−x). */
export function logNormalCcdf(x: number): number {
  return logNormalCdf(-x);
}

// Wichura (1988) AS 241 PPND16 coefficients, highest degree first (as in R's qnorm.c).
const AS241_CENTRAL_NUM = [
  2509.0809287301226727, 33430.575583588128105, 67265.770927008700853, 45921.953931549871457,
  13731.693765509461125, 1971.5909503065514427, 133.14166789178437745, 3.387132872796366608,
];
const AS241_CENTRAL_DEN = [
  5226.495278852854561, 28729.085735721942674, 39307.89580009271061, 21213.794301586595867,
  5394.1960214247511077, 687.1870074920579083, 42.313330701600911252, 1,
];
const AS241_INTERMEDIATE_NUM = [
  7.7454501427834140764e-4, 0.0227238449892691845833, 0.24178072517745061177,
  1.27045825245236838258, 3.64784832476320460504, 5.7694972214606914055, 4.6303378461565452959,
  1.42343711074968357734,
];
const AS241_INTERMEDIATE_DEN = [
  1.05075007164441684324e-9, 5.475938084995344946e-4, 0.0151986665636164571966,
  0.14810397642748007459, 0.68976733498510000455, 1.6763848301838038494, 2.05319162663775882187, 1,
];
const AS241_FAR_NUM = [
  2.01033439929228813265e-7, 2.71155556874348757815e-5, 0.0012426609473880784386,
  0.026532189526576123093, 0.29656057182850489123, 1.7848265399172913358, 5.4637849111641143699,
  6.6579046435011037772,
];
const AS241_FAR_DEN = [
  2.04426310338993978564e-15, 1.4215117583164458887e-7, 1.8463183175100546818e-5,
  7.868691311456132591e-4, 0.0148753612908506148525, 0.13692988092273580531, 0.59983220655588793769,
  1,
];

function horner(coefficients: readonly number[], r: number): number {
  let value = coefficients[0]!;
  for (let i = 1; i < coefficients.length; i++) value = value * r + coefficients[i]!;
  return value;
}

/**
 * Φ⁻¹(p) for p ∈ [0, 1] (−∞ at 0, +∞ at 1, NaN outside).
 *
 * AS 241 gives ≈1e−16 relative accuracy; in the tails (min(p, 1−p) < 0.075) we then take one
 * Halley step on Q(z) = tail, with t = (Q(z) − tail)/φ(z) and z ← z + t/(1 − z·t/2), so the
 * result is as accurate as Φ itself. The step is skipped where the tail is subnormal (φ(z)
 * would have lost digits); there AS 241 alone is used (valid to p ≈ 1e−316). In the central
 * range the rational form q·A(r)/B(r) is relatively accurate even for p within 1e−17 of 1/2,
 * which a Newton step on Φ(z) ≈ 1/2 could only degrade.
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * horner(AS241_CENTRAL_NUM, r)) / horner(AS241_CENTRAL_DEN, r);
  }
  // 1 − p is exact for p > 1/2 (Sterbenz), so the smaller tail keeps all its digits.
  const tail = q < 0 ? p : 1 - p;
  let r = Math.sqrt(-Math.log(tail));
  let z: number;
  if (r <= 5) {
    r -= 1.6;
    z = horner(AS241_INTERMEDIATE_NUM, r) / horner(AS241_INTERMEDIATE_DEN, r);
  } else {
    r -= 5;
    z = horner(AS241_FAR_NUM, r) / horner(AS241_FAR_DEN, r);
  }
  // z > 0 is the upper-tail deviate, Q(z) ≈ tail.
  if (tail >= DBL_MIN) {
    const t = (upperTail(z) - tail) / normalPdf(z);
    z += t / (1 - 0.5 * z * t);
  }
  return q < 0 ? -z : z;
}
