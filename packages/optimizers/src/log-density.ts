/**
 * The contract of the samplers (DESIGN.md: "samplers minimise nothing"): a log-density with its gradient,
 * beside `Objective`, and the adapters between the two (an objective is −log π up to a constant).
 */
import type { Objective } from "./objective.js";

export interface LogDensity {
  readonly dim: number;
  /** log π(x) up to an additive constant; −∞ (or NaN) outside the support. */
  logDensity(x: Float64Array): number;
  /** ∇ log π(x) written into `out`. */
  gradient(x: Float64Array, out: Float64Array): void;
  /** Optional fused evaluation: returns log π(x) and writes ∇ log π(x) into `out`. */
  logDensityAndGradient?(x: Float64Array, out: Float64Array): number;
}

/** log π(x) and ∇ log π(x) together (the fused call when the density has one). */
export function logDensityAndGradient(density: LogDensity, x: Float64Array, out: Float64Array): number {
  if (density.logDensityAndGradient !== undefined) return density.logDensityAndGradient(x, out);
  const value = density.logDensity(x);
  density.gradient(x, out);
  return value;
}

/** The objective −log π (what a minimiser finds is the mode of π). */
export function objectiveFromLogDensity(density: LogDensity): Objective {
  const objective: Objective = {
    dim: density.dim,
    value: (x) => -density.logDensity(x),
    gradient: (x, out) => {
      density.gradient(x, out);
      for (let k = 0; k < out.length; k++) out[k] = -out[k];
    },
    valueAndGradient: (x, out) => {
      const value = logDensityAndGradient(density, x, out);
      for (let k = 0; k < out.length; k++) out[k] = -out[k];
      return -value;
    },
  };
  return objective;
}

/** The log-density exp(−f) of an objective f (a Laplace or penalised likelihood surface to sample). */
export function logDensityFromObjective(objective: Objective): LogDensity {
  return {
    dim: objective.dim,
    logDensity: (x) => -objective.value(x),
    gradient: (x, out) => {
      objective.gradient(x, out);
      for (let k = 0; k < out.length; k++) out[k] = -out[k];
    },
    logDensityAndGradient: (x, out) => {
      let value: number;
      if (objective.valueAndGradient !== undefined) value = objective.valueAndGradient(x, out);
      else {
        value = objective.value(x);
        objective.gradient(x, out);
      }
      for (let k = 0; k < out.length; k++) out[k] = -out[k];
      return -value;
    },
  };
}
