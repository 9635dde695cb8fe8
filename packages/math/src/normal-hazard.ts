/**
 * The standard normal hazard φ(x) / (1 − Φ(x)) (inverse Mills ratio), which the probit link needs
 * as r0 = g/μ and r1 = g/(1 − μ) far into both tails. The plain quotient of φ and 1 − Φ fails once
 * 1 − Φ(x) leaves the normal doubles (x ≳ 37.5).
 */
import { normalCcdf, normalPdf } from "./normal.js";

/** Beyond this x the hazard comes from the continued fraction, below it from φ/(1 − Φ). */
const CONTINUED_FRACTION_FROM = 8;
/** Terms of the continued fraction: at x = 8 twenty terms already agree with mpmath to the last bit. */
const CONTINUED_FRACTION_TERMS = 20;

/**
 * Hazard φ(x) / (1 − Φ(x)). Up to x = 8 both φ and 1 − Φ are normal doubles with full relative
 * accuracy (math's Cody-based Φ computes the upper tail directly), so their quotient is accurate.
 * Above, Laplace's continued fraction for the Mills ratio (Abramowitz & Stegun 26.2.14),
 * (1 − Φ(x))/φ(x) = 1/(x + 1/(x + 2/(x + 3/(x + …)))), gives the hazard as the denominator
 * itself, evaluated from the tail upwards: no exponential, so no underflow at any x.
 */
export function normalHazard(x: number): number {
  if (x > CONTINUED_FRACTION_FROM) {
    let denominator = x;
    for (let k = CONTINUED_FRACTION_TERMS; k >= 1; k--) denominator = x + k / denominator;
    return denominator;
  }
  return normalPdf(x) / normalCcdf(x);
}
