// Numerically stable logistic-family functions.
//
// Reference: M. Mächler (2012), "Accurately Computing log(1 − exp(−|a|)) Assessed by the Rmpfr
// package", CRAN vignette. The cut-offs below are the ones derived there for IEEE doubles.

const LN2 = Math.LN2;

/**
 * log(1 + eˣ) without overflow for large x or loss of the tiny result for very negative x.
 * Mächler (2012), eq. (10): exp(x) for x ≤ −37, log1p(exp(x)) for x ≤ 18, x + exp(−x) for
 * x ≤ 33.3, and x beyond (where exp(−x) < x·ε/2).
 */
export function log1pexp(x: number): number {
  if (x <= -37) return Math.exp(x);
  if (x <= 18) return Math.log1p(Math.exp(x));
  if (x <= 33.3) return x + Math.exp(-x);
  return x;
}

/**
 * The logistic function σ(x) = 1 / (1 + e⁻ˣ). Evaluated so that the exponential never
 * overflows: for x < 0 we use eˣ / (1 + eˣ), which keeps full relative accuracy in the left
 * tail (σ(−700) ≈ 1e−304) instead of rounding to 0 through 1 / (1 + huge).
 */
export function expit(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** log σ(x) = −log(1 + e⁻ˣ), accurate in both tails (≈ x for x ≪ 0, ≈ −e⁻ˣ for x ≫ 0). */
export function logExpit(x: number): number {
  return -log1pexp(-x);
}

/**
 * log(1 − e^{−a}) for a ≥ 0 (Mächler 2012, eq. (7)): log(−expm1(−a)) for a ≤ log 2, where
 * 1 − e^{−a} is small and expm1 keeps its digits, and log1p(−e^{−a}) beyond, where e^{−a} is
 * small. Returns −∞ at a = 0 and NaN for a < 0 (the result would be the log of a negative).
 */
export function log1mexp(a: number): number {
  if (a < 0 || Number.isNaN(a)) return Number.NaN;
  return a <= LN2 ? Math.log(-Math.expm1(-a)) : Math.log1p(-Math.exp(-a));
}

/**
 * The log-odds log(p / (1 − p)) for p ∈ [0, 1] (−∞ at 0, +∞ at 1, NaN outside).
 * Near p = 1/2 the two logs cancel, so there we use logit(p) = 2·atanh(2p − 1), where 2p − 1 is
 * exact (Sterbenz) for p ∈ [1/4, 3/4]. Outside that band log(p) − log1p(−p) has no cancellation,
 * and 1 − p is exact for p ≥ 1/2 so p near 1 keeps its digits.
 */
export function logit(p: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  if (p >= 0.25 && p <= 0.75) return 2 * Math.atanh(2 * p - 1);
  return Math.log(p) - Math.log1p(-p);
}
