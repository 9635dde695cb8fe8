/**
 * Singular (boundary) fits: with ψ = log σ the optimiser can only approach σ = 0, and stops once the
 * ψ-gradient (∝ σ²) is below tolerance, at σ ~ 1e-4…1e-3. lme4 reports such fits as singular. We probe
 * directly: for each random effect k, set row k of L to zero (σ_k = 0, its correlations undefined) and
 * re-evaluate ℓ at the same β; if ℓ does not fall by more than 1e-6, the maximum is on the boundary
 * σ_k = 0 and the estimate is reported as such.
 */
import type { ModelFrame, ParameterLayout } from "@glmmkit/core";
import { psiIndex } from "@glmmkit/core";
import type { GlmmLikelihood } from "@glmmkit/laplace";

/** A log-Cholesky diagonal this low makes σ numerically zero (e^{-40} ≈ 4e-18). */
const LOG_ZERO = -40;
const BOUNDARY_TOLERANCE = 1e-6;

export function zeroVarianceParameters(
  frame: ModelFrame,
  layout: ParameterLayout,
  likelihood: GlmmLikelihood,
  theta: Float64Array,
  logLik: number,
): string[] {
  const found: string[] = [];
  frame.terms.forEach((term, t) => {
    const { q, offset } = layout.terms[t]!;
    for (let k = 0; k < q; k++) {
      const probe = theta.slice();
      for (let col = 0; col <= k; col++) probe[offset + psiIndex(q, k, col)] = col === k ? LOG_ZERO : 0;
      if (likelihood.logLik(probe) >= logLik - BOUNDARY_TOLERANCE) {
        found.push(`sd(${term.group}: ${term.termNames[k]})`);
      }
    }
  });
  // Leave the likelihood's warm-start modes at the estimate.
  likelihood.logLik(theta);
  return found;
}
