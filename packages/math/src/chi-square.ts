/**
 * Upper tail of the χ² distribution, P(X > x) for X ~ χ²_k: the regularised upper incomplete gamma
 * function Q(k/2, x/2). For likelihood-ratio tests (`glmm anova`) and profile cut-offs.
 *
 * Q(a, z) is evaluated as in Numerical Recipes (Press et al. 2007, §6.2): the series
 * P(a, z) = e^{−z} z^a / Γ(a+1) · Σ_n z^n / ((a+1)…(a+n)) when z < a + 1 (then Q = 1 − P), and
 * otherwise the continued fraction Q(a, z) = e^{−z} z^a / Γ(a) · 1/(z + 1 − a − 1·(1 − a)/(z + 3 − a − …)),
 * evaluated by the modified Lentz method. Both converge to relative accuracy ≈ 1e−15 in the tail where
 * each is used, so tiny p-values (1e−150) keep their digits.
 */
import { logGamma } from "./log-gamma.js";

const EPSILON = 1e-16;
const TINY = 1e-300;
const MAX_TERMS = 10_000;

/** P(X > x) for X ~ χ² with `df` > 0 degrees of freedom (1 for x ≤ 0). */
export function chiSquareSurvival(x: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`chiSquareSurvival: degrees of freedom must be positive, got ${df}`);
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  return upperRegularisedGamma(df / 2, x / 2);
}

/** Q(a, z) = Γ(a, z) / Γ(a) for a > 0, z > 0. */
export function upperRegularisedGamma(a: number, z: number): number {
  const logPrefactor = -z + a * Math.log(z) - logGamma(a);
  if (z < a + 1) return 1 - Math.exp(logPrefactor) * lowerSeries(a, z);
  return Math.exp(logPrefactor) * upperContinuedFraction(a, z);
}

/** Σ_n z^n / (a (a+1) … (a+n)), so that P(a, z) = e^{−z} z^a / Γ(a) times it. */
function lowerSeries(a: number, z: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_TERMS; n++) {
    term *= z / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
  }
  return sum;
}

/** 1/(z + 1 − a − 1(1 − a)/(z + 3 − a − 2(2 − a)/(z + 5 − a − …))) by the modified Lentz method. */
function upperContinuedFraction(a: number, z: number): number {
  let b = z + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_TERMS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return h;
}
