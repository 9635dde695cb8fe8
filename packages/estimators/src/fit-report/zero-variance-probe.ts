/**
 * Singular (boundary) fits: with ψ = log σ the optimiser can only approach σ = 0, and stops once the
 * ψ-gradient (∝ σ²) is below tolerance, at σ ~ 1e-4…1e-3. lme4 reports such fits as singular. We probe
 * directly: for each random effect k, set row k of L to zero (σ_k = 0, its correlations undefined) and
 * re-evaluate ℓ at the same β; if ℓ does not fall by more than 1e-6, the maximum is on the boundary
 * σ_k = 0 and the estimate is reported as such. Near that boundary ℓ is flat in ψ_kk = log σ_k (its
 * derivatives vanish like σ_k²), so an estimate with clear curvature in ψ_kk (information above 1e-2,
 * an SE below ~10 on the log scale) cannot be there and is not probed.
 *
 * A covariance can also be singular with every SD clear of zero: a combination of the effects that does not
 * vary between groups (lme4's isSingular: a diagonal entry of the Cholesky factor at 0, while the row's
 * off-diagonal entries keep that SD). So for k > 0 the probe also sets only L_kk to zero, keeping the rest
 * of the row, and calls Σ singular when ℓ does not fall by more than 1e-6.
 */
import type { ModelFrame, ParameterLayout } from "@glmmkit/core";
import { psiIndex } from "@glmmkit/core";
import type { GlmmLikelihood } from "@glmmkit/laplace";

/** A log-Cholesky diagonal this low makes σ numerically zero (e^{-40} ≈ 4e-18). */
const LOG_ZERO = -40;
const BOUNDARY_TOLERANCE = 1e-6;
const CLEAR_CURVATURE = 1e-2;

export interface BoundaryProbe {
  /** SDs whose maximum is at σ = 0, as "sd(group: term)". */
  readonly zeroSds: string[];
  /** Indices of the terms whose Σ is singular at the maximum (a Cholesky diagonal at 0). */
  readonly singularTerms: number[];
}

export function zeroVarianceParameters(
  frame: ModelFrame,
  layout: ParameterLayout,
  likelihood: GlmmLikelihood,
  theta: Float64Array,
  logLik: number,
  information: Float64Array,
): BoundaryProbe {
  const found: string[] = [];
  const singularTerms: number[] = [];
  const d = layout.dim;
  let probed = false;
  frame.terms.forEach((term, t) => {
    const { q, offset } = layout.terms[t]!;
    for (let k = 0; k < q; k++) {
      const diagonal = offset + psiIndex(q, k, k);
      if (information[diagonal * d + diagonal]! > CLEAR_CURVATURE) continue;
      probed = true;
      const probe = theta.slice();
      for (let col = 0; col <= k; col++) probe[offset + psiIndex(q, k, col)] = col === k ? LOG_ZERO : 0;
      if (likelihood.logLik(probe) >= logLik - BOUNDARY_TOLERANCE) {
        found.push(`sd(${term.group}: ${term.termNames[k]})`);
        continue;
      }
      if (k === 0 || singularTerms.includes(t)) continue;
      const diagonalOnly = theta.slice();
      diagonalOnly[diagonal] = LOG_ZERO;
      if (likelihood.logLik(diagonalOnly) >= logLik - BOUNDARY_TOLERANCE) singularTerms.push(t);
    }
  });
  // Leave the likelihood's warm-start modes at the estimate.
  if (probed) likelihood.logLik(theta);
  return { zeroSds: found, singularTerms };
}
