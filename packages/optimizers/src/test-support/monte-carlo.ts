/**
 * Monte-Carlo error bars for sampler tests: each moment estimate (mean of x_i, mean of (x_i − μ_i)(x_j − μ_j))
 * is compared with the exact value in units of its Monte-Carlo standard error sd/√ESS, ESS the multi-chain
 * effective sample size of the quantity (posterior's ess_mean).
 */
import { essMean } from "../mcmc-diagnostics.js";
import type { ExactMoments } from "./targets.js";

export interface MomentCheck {
  readonly label: string;
  readonly estimate: number;
  readonly exact: number;
  readonly mcse: number;
  /** |estimate − exact| / mcse. */
  readonly z: number;
}

function meanAndMcse(chains: Float64Array[]): { mean: number; mcse: number } {
  let sum = 0;
  let count = 0;
  for (const c of chains) for (const v of c) (sum += v), count++;
  const mean = sum / count;
  let ss = 0;
  for (const c of chains) for (const v of c) ss += (v - mean) * (v - mean);
  const sd = Math.sqrt(ss / (count - 1));
  return { mean, mcse: sd / Math.sqrt(essMean(chains)) };
}

/**
 * `draws[j]` holds chain j's draws row-major (n × dim). Returns one check per mean and per covariance entry
 * (lower triangle).
 */
export function momentChecks(draws: readonly Float64Array[], dim: number, exact: ExactMoments): MomentCheck[] {
  const column = (f: (row: Float64Array) => number) =>
    draws.map((chain) => {
      const n = chain.length / dim;
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = f(chain.subarray(i * dim, (i + 1) * dim));
      return out;
    });
  const checks: MomentCheck[] = [];
  const push = (label: string, chains: Float64Array[], value: number) => {
    const { mean, mcse } = meanAndMcse(chains);
    checks.push({ label, estimate: mean, exact: value, mcse, z: Math.abs(mean - value) / mcse });
  };
  for (let i = 0; i < dim; i++) push(`mean[${i}]`, column((x) => x[i]!), exact.mean[i]!);
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j <= i; j++) {
      push(
        `cov[${i},${j}]`,
        column((x) => (x[i]! - exact.mean[i]!) * (x[j]! - exact.mean[j]!)),
        exact.covariance[j * dim + i]!,
      );
    }
  }
  return checks;
}
