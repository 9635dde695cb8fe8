/**
 * Small numerically stable scalar helpers for the penalties package. Kept local (rather than
 * imported from @glmmkit/math) so the package can be built and tested on its own.
 */

/** log(1 + e^x) without overflow for large x or loss of accuracy for very negative x. */
export function log1pexp(x: number): number {
  // Mächler (2012), "Accurately computing log(1 − exp(−|a|))": the four-range rule.
  if (x <= -37) return Math.exp(x);
  if (x <= 18) return Math.log1p(Math.exp(x));
  if (x <= 33.3) return x + Math.exp(-x);
  return x;
}

/** log(1 − e^(−x)) for x > 0, accurate both for x near 0 and for large x (Mächler 2012). */
export function log1mexp(x: number): number {
  return x <= Math.LN2 ? Math.log(-Math.expm1(-x)) : Math.log1p(-Math.exp(-x));
}

/** The logistic function 1 / (1 + e^(−x)), evaluated so that neither tail overflows. */
export function expit(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** log expit(x) = −log(1 + e^(−x)). */
export function logExpit(x: number): number {
  return -log1pexp(-x);
}

const LOG_PI = Math.log(Math.PI);
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
export { LOG_PI, HALF_LOG_2PI };
