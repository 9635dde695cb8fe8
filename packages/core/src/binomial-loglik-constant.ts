/**
 * The binomial constant Σ_i log C(m_i, y_i) that glm and lme4 include in the log-likelihood
 * (zero for Bernoulli data). Local log-gamma for now; @glmmkit/math's logChoose can replace it.
 */
import type { ModelFrame } from "./model-frame.js";

/** Lanczos (g = 7, n = 9) coefficients, as in Numerical Recipes / Godfrey; relative error ~1e-15. */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** log Γ(x) for x > 0 (Lanczos approximation). */
export function logGamma(x: number): number {
  if (x < 0.5) {
    // Reflection: Γ(x) Γ(1 − x) = π / sin(πx).
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let k = 1; k < 9; k++) a += LANCZOS[k]! / (z + k);
  return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** log C(m, k) for integers 0 ≤ k ≤ m; exact sums of logs for small m avoid log-gamma cancellation. */
export function logChoose(m: number, k: number): number {
  if (k < 0 || k > m) return -Infinity;
  const j = Math.min(k, m - k);
  if (j === 0) return 0;
  if (j <= 30) {
    // log C(m, j) = Σ_{i=1..j} log((m − j + i) / i)
    let s = 0;
    for (let i = 1; i <= j; i++) s += Math.log((m - j + i) / i);
    return s;
  }
  return logGamma(m + 1) - logGamma(k + 1) - logGamma(m - k + 1);
}

/** Σ_i log C(m_i, y_i): the constant in the binomial log-likelihood (0 for binary data). */
export function binomialLogLikConstant(frame: Pick<ModelFrame, "n" | "y" | "trials">): number {
  let total = 0;
  for (let i = 0; i < frame.n; i++) total += logChoose(frame.trials[i]!, frame.y[i]!);
  return total;
}
