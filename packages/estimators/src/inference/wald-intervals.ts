/**
 * Wald intervals: estimate ± z_{1−α/2}·SE with the fit's own standard errors (its standardErrorBasis: the
 * observed information for ML, the unpenalised Hessian for mspl, …). Fixed effects as lme4's
 * confint(method = "Wald"); random-effect SDs, for which lme4 gives NA, on the log scale and transformed
 * back, exp(log σ̂ ± z·SE(log σ̂)), as glmmTMB reports them — never below 0, and not offered for an SD
 * estimated on the boundary σ = 0, where the Wald approximation has no meaning.
 */
import type { ParameterInterval } from "@glmmkit/core";
import type { ProfileTarget } from "./profile-parameter.js";
import { unavailableInterval as unavailable } from "./inference-targets.js";

/** An SD below this is on the boundary σ = 0 (lme4's singularity threshold on the relative Cholesky factor). */
export const SD_ON_BOUNDARY = 1e-4;

/**
 * `flaggedOnBoundary`: the fit reports this SD on the boundary ("sd-zero"). Its optimiser stops anywhere in
 * 1e-5…1e-3 there, so the value alone (SD_ON_BOUNDARY) would give some of those fits an interval whose upper
 * bound grows without limit as σ̂ → 0.
 */
export function waldInterval(target: ProfileTarget, z: number, flaggedOnBoundary = false): ParameterInterval {
  const { parameter, kind, estimate, standardError: se } = target;
  const natural = kind === "sd" ? Math.exp(estimate) : estimate;
  if (kind === "sd" && (flaggedOnBoundary || natural < SD_ON_BOUNDARY)) {
    return unavailable(target, natural, "the SD is estimated on the boundary σ = 0: no Wald interval (use --ci profile or boot)");
  }
  if (!(se > 0) || !Number.isFinite(se)) {
    return unavailable(target, natural, "no standard error (the information matrix is not positive definite)");
  }
  const lower = estimate - z * se;
  const upper = estimate + z * se;
  return {
    parameter,
    kind,
    estimate: natural,
    lower: kind === "sd" ? Math.exp(lower) : lower,
    upper: kind === "sd" ? Math.exp(upper) : upper,
    lowerStatus: "found",
    upperStatus: "found",
  };
}
