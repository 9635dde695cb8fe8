// log Γ, log B and log C(n, k) with relative accuracy ≈ 1e−15 (absolute near the zeros of log Γ
// at negative arguments, where no relative guarantee is possible).
//
// Near the zeros at x = 1 and x = 2 we use the Taylor series of log Γ(2 + z) in z with zeta
// coefficients (Abramowitz & Stegun 6.1.33 shifted by one):
//   log Γ(2 + z) = (1 − γ) z + Σ_{k≥2} (−1)^k (ζ(k) − 1) z^k / k,   |z| < 2,
// which is relatively accurate as z → 0. Beyond x = 10 the Stirling series with its
// correction terms (A&S 6.1.41) is used, and in between the recurrence Γ(x + 1) = x Γ(x).

const LN_SQRT_2PI = 0.918938533204672741780329736406; // log √(2π)
const LN_PI = 1.1447298858494001741434273513531; // log π
const ONE_MINUS_EULER_GAMMA = 0.42278433509846713939348790991759; // 1 − γ
const TWO_POW_53 = 9007199254740992;

// ζ(k) − 1 for k = 2…30, computed with mpmath 1.3.0 at 60 significant digits and rounded to
// double. With |z| ≤ 1/2 the k-th term is below 4⁻ᵏ/k, so k = 30 leaves < 1e−19 relative.
const ZETA_MINUS_ONE = [
  0.6449340668482264, 0.2020569031595943, 0.08232323371113819, 0.03692775514336993,
  0.01734306198444914, 0.008349277381922827, 0.00407735619794434, 0.0020083928260822143,
  0.0009945751278180853, 0.0004941886041194645, 0.0002460865533080483, 0.00012271334757848915,
  6.124813505870483e-5, 3.058823630702049e-5, 1.528225940865187e-5, 7.637197637899763e-6,
  3.81729326499984e-6, 1.908212716553939e-6, 9.539620338727962e-7, 4.769329867878064e-7,
  2.38450502727733e-7, 1.1921992596531106e-7, 5.960818905125948e-8, 2.980350351465228e-8,
  1.4901554828365043e-8, 7.45071178983543e-9, 3.725334024788457e-9, 1.862659723513049e-9,
  9.313274324196682e-10,
];

// Coefficients c_k = (−1)^k (ζ(k) − 1)/k of the series above, c_1 = 1 − γ; index k − 1.
const SERIES_COEFFICIENTS = Float64Array.from(
  [ONE_MINUS_EULER_GAMMA].concat(
    ZETA_MINUS_ONE.map((zm1, i) => ((i % 2 === 0 ? 1 : -1) * zm1) / (i + 2))
  )
);

/** log Γ(2 + z) for |z| ≤ 1/2, by the zeta series (relatively accurate as z → 0). */
function logGammaTwoPlus(z: number): number {
  let sum = 0;
  for (let k = SERIES_COEFFICIENTS.length - 1; k >= 0; k--) {
    sum = sum * z + SERIES_COEFFICIENTS[k]!;
  }
  return sum * z;
}

// Stirling-series coefficients B₂ₖ / (2k(2k − 1)), k = 1…8 (A&S 6.1.41).
const STIRLING_COEFFICIENTS = [
  1 / 12,
  -1 / 360,
  1 / 1260,
  -1 / 1680,
  1 / 1188,
  -691 / 360360,
  1 / 156,
  -3617 / 122400,
];

/**
 * The Stirling remainder log Γ(x) − [(x − ½) log x − x + log √(2π)] = Σₖ cₖ / x^{2k−1} for
 * x ≥ 10, eight terms; the first omitted term is < 2e−18 at x = 10.
 */
function stirlingCorrection(x: number): number {
  const inverse = 1 / x;
  const w = inverse * inverse;
  let sum = 0;
  for (let k = STIRLING_COEFFICIENTS.length - 1; k >= 0; k--) {
    sum = sum * w + STIRLING_COEFFICIENTS[k]!;
  }
  return sum * inverse;
}

/** |sin(πx)| for finite x, reduced to [0, ½] first so large |x| keeps its digits. */
function absSinPi(x: number): number {
  const fraction = x - Math.floor(x); // exact
  const reduced = fraction > 0.5 ? 1 - fraction : fraction; // exact (Sterbenz)
  return Math.sin(Math.PI * reduced);
}

/**
 * log |Γ(x)|. +∞ at x = 0, −1, −2, …; NaN for NaN; +∞ for x = +∞ or when the result overflows
 * (x > 2.5e305). Negative non-integers use the reflection Γ(x)Γ(1 − x) = π / sin(πx).
 */
export function logGamma(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x >= 10) {
    if (x === Number.POSITIVE_INFINITY) return x;
    return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + stirlingCorrection(x);
  }
  if (x > 2.5) {
    // Γ(x) = (x−1)(x−2)…(x−m) Γ(x−m) with x − m ∈ (1.5, 2.5]; each x − j is exact.
    let shifted = x;
    let product = 1;
    while (shifted > 2.5) {
      shifted -= 1;
      product *= shifted;
    }
    return logGammaTwoPlus(shifted - 2) + Math.log(product);
  }
  if (x >= 1.5) return logGammaTwoPlus(x - 2);
  // log Γ(x) = log Γ(x + 1) − log x = log Γ(2 + (x − 1)) − log1p(x − 1); x − 1 exact here.
  if (x >= 0.5) return logGammaTwoPlus(x - 1) - Math.log1p(x - 1);
  if (x > 0) return logGammaTwoPlus(x) - Math.log1p(x) - Math.log(x);
  if (x === Math.floor(x)) return Number.POSITIVE_INFINITY; // pole (includes x = −∞)
  return LN_PI - Math.log(absSinPi(x)) - logGamma(1 - x);
}

/**
 * log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b) for a, b ≥ 0.
 * For large arguments the three log Γ terms are huge and nearly cancel, so (as R's lbeta does)
 * the Stirling leading parts are combined analytically and only the small corrections are summed.
 */
export function logBeta(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.NaN;
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (p < 0) return Number.NaN;
  if (p === 0) return Number.POSITIVE_INFINITY;
  if (q === Number.POSITIVE_INFINITY) return Number.NEGATIVE_INFINITY;
  const ratio = p / (p + q);
  if (p >= 10) {
    const correction = stirlingCorrection(p) + stirlingCorrection(q) - stirlingCorrection(p + q);
    return (
      -0.5 * Math.log(q) +
      LN_SQRT_2PI +
      correction +
      (p - 0.5) * Math.log(ratio) +
      q * Math.log1p(-ratio)
    );
  }
  if (q >= 10) {
    const correction = stirlingCorrection(q) - stirlingCorrection(p + q);
    return logGamma(p) + correction + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-ratio);
  }
  return logGamma(p) + logGamma(q) - logGamma(p + q);
}

/**
 * log C(n, k) = log Γ(n + 1) − log Γ(k + 1) − log Γ(n − k + 1) for real n ≥ k ≥ 0 (NaN
 * otherwise). For integer n, k whose binomial coefficient is below 2⁵³ the coefficient is
 * formed exactly by the multiplicative formula (every partial result C(n − k + i, i) is an
 * integer, and a gcd cancellation keeps every intermediate below the final value), so e.g. the binomial log-likelihood constant log C(m, y) is the correctly rounded
 * log of an exact integer. Otherwise −log(n + 1) − log B(n − k + 1, k + 1).
 */
export function logChoose(n: number, k: number): number {
  if (!(k >= 0 && n >= k)) return Number.NaN;
  if (n === Number.POSITIVE_INFINITY) return k === 0 ? 0 : Number.POSITIVE_INFINITY;
  if (Number.isSafeInteger(n) && Number.isInteger(k)) {
    const smaller = Math.min(k, n - k);
    const base = n - smaller;
    let coefficient = 1; // C(base + i, i) after step i
    let exact = true;
    for (let i = 1; i <= smaller; i++) {
      // C(base+i, i) = C(base+i−1, i−1)·(base+i)/i. Cancel g = gcd(c, i) first: i/g then
      // divides base + i, so both factors are integers and only the final product can be large.
      const g = greatestCommonDivisor(coefficient, i);
      const next = (coefficient / g) * ((base + i) / (i / g));
      if (next >= TWO_POW_53) {
        exact = false;
        break;
      }
      coefficient = next;
    }
    if (exact) return Math.log(coefficient);
  }
  return -Math.log1p(n) - logBeta(n - k + 1, k + 1);
}

function greatestCommonDivisor(a: number, b: number): number {
  while (b !== 0) {
    const remainder = a % b;
    a = b;
    b = remainder;
  }
  return a;
}
