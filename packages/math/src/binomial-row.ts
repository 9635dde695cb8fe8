/**
 * One observation of the binomial log-likelihood under any of the five links, with the η-derivatives
 * that IRLS, PIRLS and the Laplace gradient need:
 *   f(η)  = y log μ + (m − y) log(1 − μ)            (the constant log C(m, y) is added once elsewhere),
 *   f′    = y r0 − (m − y) r1,                       r0 = g/μ, r1 = g/(1 − μ), g = dμ/dη,
 *   wObs  = −f″ = −y (r0 L1 − r0²) + (m − y)(r1 L1 + r1²),   L1 = g′/g   [(g/μ)′ = r0 L1 − r0², …],
 *   wFisher = m ω = m r0 r1 (the expected information, IRLS's working weight),
 *   wFisher′ = wFisher · (log ω)′.
 * For the canonical logit link wObs = wFisher. Zero counts contribute exactly zero, so 0 · log 0 and
 * 0 · ∞ never arise in a tail. y and m may be non-integer (proportions times prior weights, or the
 * adjusted responses of JeffreysMPL).
 */
import type { BinomialLink, LinkEvaluation } from "./binomial-links.js";

export interface BinomialRowDerivatives {
  f: number;
  fPrime: number;
  /** −f″: the observed information of the row in η. */
  wObserved: number;
  /** m ω(η): the expected (Fisher) information of the row in η. */
  wFisher: number;
  /** d(m ω)/dη. */
  wFisherPrime: number;
  mu: number;
}

export function newBinomialRowDerivatives(): BinomialRowDerivatives {
  return { f: 0, fPrime: 0, wObserved: 0, wFisher: 0, wFisherPrime: 0, mu: 0 };
}

/**
 * The canonical logit link in closed form, one exp and one log1p: f = yη − m log(1 + e^η), f′ = y − mμ,
 * w = m μ(1 − μ) (observed = expected), w′ = w (1 − 2μ). IRLS over tens of thousands of rows spends its
 * time here.
 */
function logitRow(eta: number, y: number, m: number, out: BinomialRowDerivatives): void {
  const e = Math.exp(-Math.abs(eta));
  const onePlus = 1 + e;
  const mu = eta >= 0 ? 1 / onePlus : e / onePlus;
  const w = (m * e) / (onePlus * onePlus);
  out.f = y * eta - m * ((eta > 0 ? eta : 0) + Math.log1p(e));
  out.fPrime = y - m * mu;
  out.wObserved = w;
  out.wFisher = w;
  out.wFisherPrime = w * (1 - 2 * mu);
  out.mu = mu;
}

/** Fill `out` for one row; `values` is the caller's scratch for the link kernel (no allocation). */
export function binomialRow(
  link: BinomialLink,
  values: LinkEvaluation,
  eta: number,
  y: number,
  m: number,
  out: BinomialRowDerivatives,
): void {
  if (link.name === "logit") {
    logitRow(eta, y, m, out);
    return;
  }
  const v = link.evaluate(eta, values);
  const failures = m - y;
  const r0 = v.dmuOverMu;
  const r1 = v.dmuOverMuComplement;
  const l1 = v.dlogDmu;
  let f = 0;
  let fPrime = 0;
  let wObserved = 0;
  if (y !== 0) {
    f += y * v.logMu;
    fPrime += y * r0;
    wObserved -= y * (r0 * l1 - r0 * r0);
  }
  if (failures !== 0) {
    f += failures * v.logMuComplement;
    fPrime -= failures * r1;
    wObserved += failures * (r1 * l1 + r1 * r1);
  }
  const wFisher = m !== 0 ? m * r0 * r1 : 0;
  out.f = f;
  out.fPrime = fPrime;
  out.wObserved = wObserved;
  out.wFisher = wFisher;
  out.wFisherPrime = wFisher * v.dlogOmega;
  out.mu = v.mu;
}
