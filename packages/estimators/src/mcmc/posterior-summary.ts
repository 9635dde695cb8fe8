/**
 * Posterior summaries of monitored quantities from several chains: mean, median, SD, the equal-tailed 95 %
 * interval (R's type-7 quantiles, as brms and rstanarm print), rank-normalised split-R̂ and bulk/tail ESS,
 * and the pooled covariance of a block of quantities (the posterior covariance of (β, ψ)).
 */
import type { PosteriorParameter } from "@glmmkit/core";
import { essBulk, essTail, rhat, sortedQuantile } from "@glmmkit/optimizers";

/** Column k of every chain's draws (each chain: draws × dim, row-major). */
export function chainColumn(chains: readonly Float64Array[], dim: number, k: number): Float64Array[] {
  return chains.map((c) => {
    const n = c.length / dim;
    return Float64Array.from({ length: n }, (_, i) => c[i * dim + k]);
  });
}

export function summariseParameter(name: string, chains: readonly Float64Array[]): PosteriorParameter {
  let total = 0;
  let sum = 0;
  for (const c of chains) for (const v of c) (sum += v), total++;
  const mean = sum / total;
  let ss = 0;
  for (const c of chains) for (const v of c) ss += (v - mean) * (v - mean);
  const sorted = new Float64Array(total);
  let at = 0;
  for (const c of chains) {
    sorted.set(c, at);
    at += c.length;
  }
  sorted.sort();
  return {
    name,
    mean,
    median: sortedQuantile(sorted, 0.5),
    sd: Math.sqrt(ss / (total - 1)),
    lower: sortedQuantile(sorted, 0.025),
    upper: sortedQuantile(sorted, 0.975),
    rhat: rhat(chains),
    essBulk: essBulk(chains),
    essTail: essTail(chains),
  };
}

/** Pooled sample covariance (divisor S − 1) of quantities [start, start + size) across all chains' draws. */
export function pooledCovariance(chains: readonly Float64Array[], dim: number, start: number, size: number): Float64Array {
  const mean = new Float64Array(size);
  let total = 0;
  for (const c of chains) {
    const n = c.length / dim;
    for (let i = 0; i < n; i++) for (let k = 0; k < size; k++) mean[k] += c[i * dim + start + k];
    total += n;
  }
  for (let k = 0; k < size; k++) mean[k] /= total;
  const cov = new Float64Array(size * size);
  for (const c of chains) {
    const n = c.length / dim;
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < size; a++) {
        const da = c[i * dim + start + a] - mean[a];
        for (let b = 0; b <= a; b++) cov[b * size + a] += da * (c[i * dim + start + b] - mean[b]);
      }
    }
  }
  for (let a = 0; a < size; a++) {
    for (let b = 0; b <= a; b++) {
      const v = cov[b * size + a] / (total - 1);
      cov[b * size + a] = v;
      cov[a * size + b] = v;
    }
  }
  return cov;
}
