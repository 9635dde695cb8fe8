/**
 * The per-row quantities PIRLS and the Laplace gradient need, for the model's link:
 *   f(η) = y log μ + (m − y) log(1 − μ),  f′,  w = −f″ (observed information, PIRLS's Newton weight),
 *   w_F = m ω(η) (expected information: lme4's PIRLS weight, which enters log det H_F), w_F′ = dw_F/dη.
 * For the canonical logit link w = w_F and w_F′ = w (1 − 2μ): the fast kernel of binomial-logit.ts, and
 * nothing else is stored. Other links evaluate @glmmkit/math's `binomialRow`.
 */
import { binomialLink, binomialRow, newBinomialRowDerivatives, newLinkEvaluation } from "@glmmkit/math";
import type { BinomialLink, BinomialRowDerivatives, LinkEvaluation, LinkName } from "@glmmkit/math";
import { binomialLogitRow, binomialLogitValue, type RowDerivatives } from "./binomial-logit.js";

export interface LinkRows {
  readonly link: BinomialLink;
  /** True for logit: observed and expected information coincide. */
  readonly canonical: boolean;
  /** f, f′, w = −f″ and μ of one row into `out`; for a non-canonical link also w_F and w_F′ into `fisher`. */
  evaluate(eta: number, y: number, m: number, out: RowDerivatives, fisher: BinomialRowDerivatives): void;
  /** f alone (quadrature nodes). */
  value(eta: number, y: number, m: number): number;
}

/** The row kernel of a link; each instance owns its scratch (several likelihoods may run side by side). */
export function linkRows(name: LinkName | undefined): LinkRows {
  const link = binomialLink(name ?? "logit");
  if (link.name === "logit") {
    return {
      link,
      canonical: true,
      evaluate: (eta, y, m, out) => binomialLogitRow(eta, y, m, out),
      value: binomialLogitValue,
    };
  }
  const values: LinkEvaluation = newLinkEvaluation();
  const scratch = newBinomialRowDerivatives();
  return {
    link,
    canonical: false,
    evaluate(eta, y, m, out, fisher) {
      binomialRow(link, values, eta, y, m, fisher);
      out.f = fisher.f;
      out.fPrime = fisher.fPrime;
      out.w = fisher.wObserved;
      out.mu = fisher.mu;
    },
    value(eta, y, m) {
      binomialRow(link, values, eta, y, m, scratch);
      return scratch.f;
    },
  };
}
