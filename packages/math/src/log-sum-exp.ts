// log Σ exp(vᵢ) without overflow or underflow.

/**
 * log(eᵃ + eᵇ), computed as max + log1p(exp(min − max)) so neither exponential overflows.
 * −∞ is the identity (log 0); +∞ absorbs; NaN propagates.
 */
export function logAddExp(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.NaN;
  const hi = a >= b ? a : b;
  const lo = a >= b ? b : a;
  if (hi === Number.NEGATIVE_INFINITY || hi === Number.POSITIVE_INFINITY) return hi;
  return hi + Math.log1p(Math.exp(lo - hi));
}

/**
 * log Σᵢ exp(values[i]) over the first `length` entries (default: all).
 *
 * Shift by the maximum m so every exponent is ≤ 0, and write the sum as
 * m + log1p(Σ_{i ≠ argmax} e^{vᵢ − m}): using log1p rather than log(1 + s) keeps the digits of a
 * small remainder s, which matters when one term dominates (e.g. Gauss–Hermite sums in the tails).
 * Empty input and all-(−∞) input give −∞; any +∞ gives +∞; any NaN gives NaN.
 */
export function logSumExp(values: ArrayLike<number>, length: number = values.length): number {
  if (!(Number.isInteger(length) && length >= 0 && length <= values.length)) {
    throw new RangeError(
      `logSumExp: length must be an integer in [0, ${values.length}], got ${length}`
    );
  }
  let max = Number.NEGATIVE_INFINITY;
  let argMax = -1;
  for (let i = 0; i < length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) return Number.NaN;
    if (v > max) {
      max = v;
      argMax = i;
    }
  }
  if (max === Number.NEGATIVE_INFINITY || max === Number.POSITIVE_INFINITY) return max;
  let rest = 0;
  for (let i = 0; i < length; i++) {
    if (i !== argMax) rest += Math.exp(values[i] - max);
  }
  return max + Math.log1p(rest);
}
