/**
 * The binomial constant Σ_i log C(m_i, y_i) that glm and lme4 include in the log-likelihood
 * (zero for Bernoulli data).
 */
import { logChoose } from "@glmmkit/math";
import type { ModelFrame } from "./model-frame.js";

/** Σ_i log C(m_i, y_i): the constant in the binomial log-likelihood (0 for binary data). */
export function binomialLogLikConstant(frame: Pick<ModelFrame, "n" | "y" | "trials">): number {
  let total = 0;
  for (let i = 0; i < frame.n; i++) total += logChoose(frame.trials[i]!, frame.y[i]!);
  return total;
}
