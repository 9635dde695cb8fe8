/**
 * Ridge penalty (the "Ridge–GLMM" comparator of Al-Ameri et al.):
 *   P(θ) = −(λ/2) Σ_{k<p, k≠intercept} β_k² − (λ_ψ/2) Σ_{k≥p} ψ_k².
 * The intercept is left unpenalised by default (index 0); pass `intercept: null` for none.
 */
import type { Penalty } from "./penalty.js";
import { checkLength } from "./penalty.js";

/** λ and which coordinates the ridge penalty covers. */
export interface RidgeOptions {
  /** Number of fixed effects. */
  readonly p: number;
  /** Total length of θ. */
  readonly dim: number;
  /** Strength on β (≥ 0). */
  readonly lambda: number;
  /** Index of the unpenalised intercept in β, or null to penalise every β. Default 0. */
  readonly intercept?: number | null;
  /** Strength on the ψ entries θ[p..dim); default 0 (ψ unpenalised). */
  readonly psiLambda?: number;
}

/** (λ/2)‖β‖² over the chosen coordinates. */
export function ridgePenalty(options: RidgeOptions): Penalty {
  const { p, dim, lambda } = options;
  const intercept = options.intercept === undefined ? 0 : options.intercept;
  const psiLambda = options.psiLambda ?? 0;
  if (!Number.isInteger(p) || !Number.isInteger(dim) || p < 0 || dim < p) {
    throw new Error(`ridgePenalty: need integers 0 ≤ p ≤ dim, got p = ${p}, dim = ${dim}`);
  }
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new Error(`ridgePenalty: lambda must be finite and ≥ 0, got ${lambda}`);
  if (!(psiLambda >= 0) || !Number.isFinite(psiLambda)) {
    throw new Error(`ridgePenalty: psiLambda must be finite and ≥ 0, got ${psiLambda}`);
  }
  if (intercept !== null && (!Number.isInteger(intercept) || intercept < 0 || intercept >= p)) {
    throw new Error(`ridgePenalty: intercept index ${intercept} is not in 0..${p - 1}`);
  }
  // Per-coordinate strengths: the penalty is −½ Σ_k c_k θ_k².
  const strength = new Float64Array(dim);
  for (let k = 0; k < p; k++) strength[k] = k === intercept ? 0 : lambda;
  for (let k = p; k < dim; k++) strength[k] = psiLambda;
  return {
    name: `ridge(lambda=${lambda}${psiLambda > 0 ? `, psiLambda=${psiLambda}` : ""})`,
    value(theta) {
      checkLength("ridge penalty: theta", theta, dim);
      let s = 0;
      for (let k = 0; k < dim; k++) s += strength[k]! * theta[k]! * theta[k]!;
      return -0.5 * s;
    },
    gradient(theta, out) {
      checkLength("ridge penalty: theta", theta, dim);
      checkLength("ridge penalty gradient: out", out, dim);
      for (let k = 0; k < dim; k++) out[k] = -strength[k]! * theta[k]!;
    },
    hessian(theta, out) {
      checkLength("ridge penalty hessian: out", out, dim * dim);
      out.fill(0, 0, dim * dim);
      for (let k = 0; k < dim; k++) out[k * dim + k] = -strength[k]!;
    },
  };
}
