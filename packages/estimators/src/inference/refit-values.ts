/**
 * The value of each interval target in a fit (the original fit, a bootstrap refit or a leave-one-group-out
 * refit), on the natural scale: the random-effect SDs term by term, then β, in target order. An SD that the
 * fit reports on the boundary ("sd-zero": below lme4's singularity tolerance, or a maximum the zero-variance
 * probe found at σ = 0) reads as exactly 0, as lme4's bootMer reports it (its θ is bounded at 0): an optimiser
 * stops anywhere in 1e-5…1e-3 there, and those digits are noise, not information — comparisons with the
 * estimate (the BCa bias correction counts ties at 0) need the point mass to be one value.
 */
import type { FitResult, ModelFrame } from "@glmmkit/core";
import { termLabels } from "@glmmkit/core";
import type { ProfileTarget } from "./profile-parameter.js";

/** The fit's SDs that it reports on the boundary σ = 0, by its boundary flags' names ("sd(herd: (Intercept))"). */
function zeroSdNames(fit: FitResult): ReadonlySet<string> {
  return new Set(fit.diagnostics.boundary.filter((b) => b.kind === "sd-zero").map((b) => b.parameter));
}

export function refitValues(fit: FitResult, targets: readonly ProfileTarget[], frame: ModelFrame): Float64Array {
  const zero = zeroSdNames(fit);
  const sdCount = frame.terms.reduce((s, t) => s + t.q, 0);
  const reported = fit.covariances.reduce((s, c) => s + c.sd.length, 0);
  if (reported !== sdCount) throw new Error(`a refit reported ${reported} SDs where the model has ${sdCount}`);
  // By name, as inferenceTargets names them, so that a subset of the targets (confint's parm) reads its own SDs.
  const labels = termLabels(frame);
  const sds = new Map<string, number>();
  fit.covariances.forEach((cov, t) => {
    cov.sd.forEach((sd, k) => sds.set(`sd_${frame.terms[t]!.termNames[k]}|${labels[t]}`, zero.has(`sd(${cov.group}: ${cov.termNames[k]})`) ? 0 : sd));
  });
  return Float64Array.from(targets, (t) => (t.kind === "sd" ? sds.get(t.parameter)! : fit.beta[fit.betaNames.indexOf(t.parameter)]!));
}
