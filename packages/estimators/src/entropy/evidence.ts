/**
 * The Laplace-approximated evidence of the entropy-regularised MAP (Al-Ameri et al., eq. 11–12), used in
 * full: with the prior N(μ_q, Σ_q/λ) over the d penalised parameters,
 *   log p(y | λ) ≈ ℓ(θ̂_λ) + log N(θ̂_λ; μ_q, Σ_q/λ) + (d/2) log 2π − ½ log det(−∇²ℓ(θ̂_λ) + λ Σ_q⁻¹).
 * Eq. 12 as printed drops the prior's normalising term (d/2) log λ − ½ log det Σ_q and uses the
 * unpenalised Hessian; taken literally that makes λ̂ run to the lowest grid value.
 */
import { choleskyInPlace, logDetFromCholesky } from "@glmmkit/linalg";
import type { EntropyPenalty } from "@glmmkit/penalties";

/** `information` is −∇²(ℓ + P) at θ̂_λ (dim × dim), i.e. −∇²ℓ + λΣ_q⁻¹ on the penalised block. */
export function logEvidence(
  logLik: number,
  theta: Float64Array,
  penalty: EntropyPenalty,
  information: Float64Array,
  dim: number,
): number {
  const factor = information.slice();
  if (!choleskyInPlace(factor, dim)) return Number.NEGATIVE_INFINITY;
  return logLik + penalty.logPriorDensity(theta) + 0.5 * dim * Math.log(2 * Math.PI) - 0.5 * logDetFromCholesky(factor, dim);
}
