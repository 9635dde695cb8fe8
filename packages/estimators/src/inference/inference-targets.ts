/**
 * The parameters that get intervals, in lme4's confint order (random-effect SDs term by term, then the
 * fixed effects) and names ("sd_(Intercept)|herd", "period2"), each with the map that holds it fixed in a
 * profile, its estimate on the profiled scale (β, or log σ) and its Wald standard error on that scale.
 * log σ_k = ½ log Σ_j L_kj², so by the delta method Var(log σ_k) = gᵀ V g with g the gradient in θ:
 * ∂/∂L_kj = L_kj/σ_k² for j < k and ∂/∂ψ_kk = L_kk²/σ_k² (ψ_kk = log L_kk).
 */
import type { FitResult, ModelFrame, ParameterInterval, ParameterLayout } from "@glmmkit/core";
import { psiIndex, termLabels } from "@glmmkit/core";
import type { ProfileTarget } from "./profile-parameter.js";
import { coordinateMap, rowScaleMap } from "./profile-map.js";

/** θ̂ = (β̂, ψ̂) of a fit. */
export function fittedTheta(fit: FitResult): Float64Array {
  const theta = new Float64Array(fit.beta.length + fit.psi.length);
  theta.set(fit.beta);
  theta.set(fit.psi, fit.beta.length);
  return theta;
}

export function inferenceTargets(frame: ModelFrame, layout: ParameterLayout, fit: FitResult): ProfileTarget[] {
  const theta = fittedTheta(fit);
  const d = layout.dim;
  const vcov = fit.vcov !== null && fit.vcov.length === d * d ? fit.vcov : null;
  const variance = (g: Float64Array): number => {
    if (vcov === null) return Number.NaN;
    let s = 0;
    for (let a = 0; a < d; a++) {
      if (g[a] === 0) continue;
      for (let b = 0; b < d; b++) s += g[a]! * vcov[b * d + a]! * g[b]!;
    }
    return s;
  };
  const targets: ProfileTarget[] = [];
  const labels = termLabels(frame);
  frame.terms.forEach((term, t) => {
    const { q, offset } = layout.terms[t]!;
    for (let k = 0; k < q; k++) {
      const diagonal = offset + psiIndex(q, k, k);
      const map = k === 0 ? coordinateMap(d, diagonal) : rowScaleMap(layout, t, k);
      const g = new Float64Array(d);
      let sigma2 = Math.exp(2 * theta[diagonal]!);
      for (let j = 0; j < k; j++) sigma2 += theta[offset + psiIndex(q, k, j)]! ** 2;
      for (let j = 0; j < k; j++) g[offset + psiIndex(q, k, j)] = theta[offset + psiIndex(q, k, j)]! / sigma2;
      g[diagonal] = Math.exp(2 * theta[diagonal]!) / sigma2;
      targets.push({
        parameter: `sd_${term.termNames[k]}|${labels[t]}`,
        kind: "sd",
        map,
        estimate: map.valueOf(theta),
        standardError: Math.sqrt(variance(g)),
      });
    }
  });
  frame.betaNames.forEach((name, k) => {
    const g = new Float64Array(d);
    g[k] = 1;
    targets.push({ parameter: name, kind: "beta", map: coordinateMap(d, k), estimate: theta[k]!, standardError: Math.sqrt(variance(g)) });
  });
  return targets;
}

/** Correlation parameters lme4 would also profile, by its names (for a note: they get no interval here). */
export function correlationNames(frame: ModelFrame): string[] {
  const labels = termLabels(frame);
  return frame.terms.flatMap((term, t) => {
    const names: string[] = [];
    for (let col = 0; col < term.q; col++) {
      for (let row = col + 1; row < term.q; row++) names.push(`cor_${term.termNames[row]}.${term.termNames[col]}|${labels[t]}`);
    }
    return names;
  });
}

/** An interval row with no bounds, and why. */
export function unavailableInterval(target: ProfileTarget, estimate: number, note: string): ParameterInterval {
  return {
    parameter: target.parameter,
    kind: target.kind,
    estimate,
    lower: Number.NaN,
    upper: Number.NaN,
    lowerStatus: "unavailable",
    upperStatus: "unavailable",
    note,
  };
}
