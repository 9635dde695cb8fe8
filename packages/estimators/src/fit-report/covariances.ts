/** Σ, standard deviations and correlations of every random-effects term from the ψ part of θ. */
import type { Covariance, ModelFrame, ParameterLayout } from "@glmmkit/core";
import { choleskyFactorFromPsi, covarianceFromCholeskyFactor } from "@glmmkit/core";

export function termCovariances(frame: ModelFrame, layout: ParameterLayout, theta: Float64Array): Covariance[] {
  // A loop over a module function, not map with an arrow made per fit (closures made per call lose their
  // optimised code at each full GC).
  const covariances: Covariance[] = [];
  for (let t = 0; t < frame.terms.length; t++) covariances.push(termCovariance(frame, layout, theta, t));
  return covariances;
}

function termCovariance(frame: ModelFrame, layout: ParameterLayout, theta: Float64Array, t: number): Covariance {
  const term = frame.terms[t]!;
  const { q, offset } = layout.terms[t]!;
  const L = new Float64Array(q * q);
  choleskyFactorFromPsi(theta, offset, q, L);
  const sigma = covarianceFromCholeskyFactor(L, q);
  const sd = new Float64Array(q);
  for (let k = 0; k < q; k++) sd[k] = Math.sqrt(sigma[k * q + k]!);
  const correlation = new Float64Array(q * q);
  for (let c = 0; c < q; c++) {
    for (let r = 0; r < q; r++) {
      const den = sd[r]! * sd[c]!;
      correlation[c * q + r] = r === c ? 1 : den > 0 ? sigma[c * q + r]! / den : Number.NaN;
    }
  }
  return { group: term.group, termNames: term.termNames, sigma, sd, correlation };
}
