/**
 * The binomial-logit conditional log-likelihood of one row and its η-derivatives:
 *   f(η) = y η − m log(1 + e^η),  f' = y − m μ,  f'' = −w with w = m μ(1 − μ),  w' = dw/dη = w (1 − 2μ).
 * (The constant log C(m, y) is added once for the whole data set.) One exp and one log1p per call,
 * stable for any η: log(1 + e^η) = max(η, 0) + log1p(e^{−|η|}).
 */
export interface RowDerivatives {
  f: number;
  fPrime: number;
  w: number;
  mu: number;
}

/** Writes f, f', w and μ of one row into `out` (a reused scratch object, no allocation). */
export function binomialLogitRow(eta: number, y: number, m: number, out: RowDerivatives): void {
  const e = Math.exp(-Math.abs(eta));
  const onePlus = 1 + e;
  const mu = eta >= 0 ? 1 / onePlus : e / onePlus;
  out.mu = mu;
  out.f = y * eta - m * ((eta > 0 ? eta : 0) + Math.log1p(e));
  out.fPrime = y - m * mu;
  // μ(1−μ) = e / (1+e)² for either sign of η, without cancellation.
  out.w = (m * e) / (onePlus * onePlus);
}

/** The log-likelihood term only (for quadrature nodes where derivatives are not needed). */
export function binomialLogitValue(eta: number, y: number, m: number): number {
  return y * eta - m * ((eta > 0 ? eta : 0) + Math.log1p(Math.exp(-Math.abs(eta))));
}
