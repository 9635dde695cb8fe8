/**
 * A latent-variable model with exact answers for the stochastic-approximation tests: y_i | u_i ~ N(u_i, 1),
 * u_i ~ N(0, σ²), i = 1…n, θ = σ². Given y the u_i are independent N(y_i s/(1+s), s/(1+s)) (s = σ²), so
 * imputations are exact draws. The MLE is σ̂² = mean(y²) − 1, which is also the self-consistent point of IMSA
 * (s = E_s[mean(u²)] solves to s = mean(y²) − 1), and the observed information at it is n / (2 mean(y²)²).
 */
import { createRng, type Rng } from "@glmmkit/math";

export interface NormalNormalModel {
  readonly y: Float64Array;
  readonly meanSquare: number;
  readonly mle: number;
  readonly observedInformation: number;
}

export function normalNormalModel(n: number, sigma2: number, seed: string): NormalNormalModel {
  const rng = createRng(seed);
  const y = Float64Array.from({ length: n }, () => Math.sqrt(sigma2) * rng.normal() + rng.normal());
  let meanSquare = 0;
  for (const v of y) meanSquare += (v * v) / n;
  return { y, meanSquare, mle: meanSquare - 1, observedInformation: n / (2 * meanSquare * meanSquare) };
}

/** Draw u ~ f(u | y; s) into `u`. */
export function imputeExactly(model: NormalNormalModel, s: number, rng: Rng, u: Float64Array): void {
  const shrink = s / (1 + s);
  const sd = Math.sqrt(shrink);
  for (let i = 0; i < model.y.length; i++) u[i] = shrink * model.y[i]! + sd * rng.normal();
}
