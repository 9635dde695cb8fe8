/**
 * Simulated responses of a one-term GLMM (one scalar random effect, the logit link) at any (β, σ₀) from draws
 * made once per replicate — common random numbers for test-inversion intervals (test-inversion-search.ts):
 * replicate k draws e_g ~ N(0, 1) per level and u_ij ~ U(0, 1) per trial, from its own keyed stream, and at
 * (β, σ₀) gives y_i = #{j ≤ m_i : u_ij < expit(x_iᵀβ + offset_i + σ₀ z_i e_g(i))}, which is exactly
 * Binomial(m_i, p_i) given e. The same draws are reused at every σ₀, so the simulated data change only where a
 * success probability crosses a drawn uniform: the estimated tail probability is then a deterministic step
 * function of σ₀, and the whole search is reproducible for a seed.
 */
import type { ModelFrame } from "@glmmkit/core";
import { createRng, expit } from "@glmmkit/math";

export interface CommonRandomResponses {
  readonly seed: string;
  /** The frame with the k-th replicate's responses at (β, σ₀) (k = 1, 2, …); X, Z, trials and offset are the frame's. */
  frameAt(k: number, beta: Float64Array, sigma: number): ModelFrame;
}

export function commonRandomResponses(frame: ModelFrame, seed: string): CommonRandomResponses {
  if (frame.terms.length !== 1 || frame.terms[0]!.q !== 1) {
    throw new RangeError("commonRandomResponses: the model must have exactly one scalar random-effects term");
  }
  const term = frame.terms[0]!;
  const n = frame.n;
  let trialCount = 0;
  for (let i = 0; i < n; i++) trialCount += frame.trials[i]!;
  const root = createRng(seed).split("test inversion");
  const draws = new Map<number, { effects: Float64Array; uniforms: Float64Array }>();
  const drawsOf = (k: number) => {
    let d = draws.get(k);
    if (d === undefined) {
      const rng = root.split(`replicate ${k}`);
      const effects = new Float64Array(term.levels.length);
      for (let g = 0; g < effects.length; g++) effects[g] = rng.normal();
      const uniforms = new Float64Array(trialCount);
      for (let t = 0; t < trialCount; t++) uniforms[t] = rng.uniform();
      draws.set(k, (d = { effects, uniforms }));
    }
    return d;
  };
  return {
    seed,
    frameAt(k, beta, sigma) {
      const { effects, uniforms } = drawsOf(k);
      const y = new Float64Array(n);
      let t = 0;
      for (let i = 0; i < n; i++) {
        let eta = (frame.offset?.[i] ?? 0) + sigma * term.Z[i]! * effects[term.groupIndex[i]!]!;
        for (let c = 0; c < frame.p; c++) eta += frame.X[c * n + i]! * beta[c]!;
        const p = expit(eta);
        const m = frame.trials[i]!;
        let successes = 0;
        for (let j = 0; j < m; j++) if (uniforms[t + j]! < p) successes++;
        t += m;
        y[i] = successes;
      }
      return { ...frame, y };
    },
  };
}
