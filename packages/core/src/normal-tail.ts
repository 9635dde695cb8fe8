/**
 * erfc and the two-sided normal p-value, kept local to core so the formatter does not wait on
 * @glmmkit/math (written concurrently); swap for its normalCdf / erfc once that lands.
 *
 * erfc(x) for x ≥ 0:
 * - x < 2: erfc = 1 − erf with the all-positive series erf(x) = (2/√π) e^{−x²} Σ_n 2ⁿ x^{2n+1} / (1·3···(2n+1))
 *   (Abramowitz & Stegun 7.1.6), which has no cancellation; 1 − erf loses at most ~2 digits here.
 * - x ≥ 2: the continued fraction erfc(x) = e^{−x²}/√π · 1/(x + ½/(x + 1/(x + (3/2)/(x + ...))))
 *   (A&S 7.1.14), evaluated with the modified Lentz method; full relative precision in the tail.
 * erfc(−x) = 2 − erfc(x).
 */
const SQRT_PI = Math.sqrt(Math.PI);

function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return ((2 / SQRT_PI) * Math.exp(-x2)) * sum;
}

function erfcContinuedFraction(x: number): number {
  // f = x + a1/(x + a2/(x + ...)) with a_k = k/2; Lentz: f = b0, C = f, D = 0.
  const tiny = 1e-300;
  let f = x;
  let C = f;
  let D = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    D = x + a * D;
    D = D === 0 ? tiny : D;
    C = x + a / C;
    C = C === 0 ? tiny : C;
    D = 1 / D;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (SQRT_PI * f);
}

/** Complementary error function erfc(x) = (2/√π) ∫ₓ^∞ e^{−t²} dt. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x === Infinity) return 0;
  return x < 2 ? 1 - erfSeries(x) : erfcContinuedFraction(x);
}

/** P(|Z| > |z|) for Z ~ N(0, 1): 2Φ(−|z|) = erfc(|z|/√2). */
export function twoSidedNormalPValue(z: number): number {
  return erfc(Math.abs(z) / Math.SQRT2);
}
