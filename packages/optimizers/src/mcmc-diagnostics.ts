/**
 * Convergence diagnostics of several Markov chains for one scalar quantity, as Vehtari, Gelman, Simpson,
 * Carpenter & Bürkner (2021), "Rank-normalization, folding, and localization: an improved R̂ for assessing
 * convergence of MCMC", Bayesian Analysis 16, 667–718, and the R package posterior (1.4) computes them:
 *
 *   R̂ = max(split-R̂ of the rank-normalised draws, split-R̂ of the rank-normalised |x − median|),
 *   bulk-ESS = ESS of the rank-normalised split chains,
 *   tail-ESS = min(ESS of I(x ≤ q₀.₀₅), ESS of I(x ≤ q₀.₉₅)) on split chains,
 *
 * with rank normalisation z = Φ⁻¹((r − 3/8)/(S + 1/4)) (Blom's offsets; average ranks for ties, S draws in
 * all), split chains (each
 * chain cut in halves, the middle draw of an odd length dropped), the classic R̂ (eq. 3–4) and the ESS by
 * Geyer's initial monotone sequence on the multi-chain autocorrelations (eq. 10, with the "improved"
 * truncation of posterior: τ = −1 + 2 Σ_{t<T} ρ̂_t + ρ̂_T, floored at 1/log₁₀(S)).
 *
 * Autocovariances are the biased estimates (1/n) Σ_i (x_i − x̄)(x_{i+t} − x̄) computed directly, lag by lag,
 * only as far as Geyer's sequence reads them (posterior gets the same numbers by FFT). As posterior, a
 * quantity that is constant or not finite has no diagnostics (NaN).
 */
import { normalQuantile } from "@glmmkit/math";

/** Draws of one quantity: one array per chain, all of the same length. */
export type ChainDraws = readonly ArrayLike<number>[];

export interface ConvergenceDiagnostics {
  readonly rhat: number;
  readonly essBulk: number;
  readonly essTail: number;
}

function checkShape(chains: ChainDraws): number {
  if (chains.length === 0) throw new RangeError("mcmc diagnostics: no chains");
  const n = chains[0]!.length;
  for (const c of chains) {
    if (c.length !== n) throw new RangeError(`mcmc diagnostics: chains of different lengths (${n} and ${c.length})`);
  }
  return n;
}

/** Each chain cut into two halves (posterior's split_chains). */
export function splitChains(chains: ChainDraws): Float64Array[] {
  const n = checkShape(chains);
  if (n === 1) return chains.map((c) => Float64Array.from(c));
  const half = Math.floor(n / 2);
  const secondStart = Math.ceil(n / 2);
  const out: Float64Array[] = [];
  for (const c of chains) {
    const all = Float64Array.from(c);
    out.push(all.slice(0, half), all.slice(secondStart, secondStart + half));
  }
  return out;
}

function allFinite(chains: ChainDraws): boolean {
  for (const c of chains) for (let i = 0; i < c.length; i++) if (!Number.isFinite(c[i])) return false;
  return true;
}

function isConstant(chains: ChainDraws): boolean {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const c of chains) {
    for (let i = 0; i < c.length; i++) {
      if (c[i] < lo) lo = c[i];
      if (c[i] > hi) hi = c[i];
    }
  }
  return Math.abs(hi - lo) < Number.EPSILON;
}

function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

/** Sample variance with the n − 1 denominator. */
function variance(x: ArrayLike<number>): number {
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - m) * (x[i] - m);
  return s / (x.length - 1);
}

/** Rank-normalised draws, Φ⁻¹((r − 3/8)/(S + 1/4)) with average ranks for ties, in the chains' shape. */
export function rankNormalise(chains: ChainDraws): Float64Array[] {
  const n = checkShape(chains);
  // Non-finite draws have no ranks; the diagnostics of such a quantity are NaN (as in posterior).
  if (!allFinite(chains)) return chains.map(() => new Float64Array(n).fill(Number.NaN));
  const total = n * chains.length;
  const values = new Float64Array(total);
  chains.forEach((c, j) => {
    for (let i = 0; i < n; i++) values[j * n + i] = c[i];
  });
  const order = Array.from({ length: total }, (_, k) => k).sort((a, b) => values[a] - values[b] || a - b);
  const z = new Float64Array(total);
  let start = 0;
  while (start < total) {
    let end = start + 1;
    while (end < total && values[order[end]!] === values[order[start]!]) end++;
    // Ranks start..end−1 (0-based) share the average 1-based rank (start + 1 + end) / 2.
    const rank = (start + 1 + end) / 2;
    const score = normalQuantile((rank - 0.375) / (total + 0.25));
    for (let k = start; k < end; k++) z[order[k]!] = score;
    start = end;
  }
  return chains.map((_, j) => z.slice(j * n, (j + 1) * n));
}

/** The classic potential scale reduction factor (eq. 3–4 of Vehtari et al.), for chains as given. */
export function basicRhat(chains: ChainDraws): number {
  if (!allFinite(chains) || isConstant(chains)) return Number.NaN;
  const n = checkShape(chains);
  const chainMeans = chains.map(mean);
  const varianceBetween = n * variance(chainMeans);
  const varianceWithin = mean(chains.map(variance));
  return Math.sqrt((varianceBetween / varianceWithin + n - 1) / n);
}

/** Biased autocovariance at `lag` of one chain with mean `m`. */
function autocovarianceAt(x: ArrayLike<number>, m: number, lag: number): number {
  const n = x.length;
  let s = 0;
  for (let i = 0; i + lag < n; i++) s += (x[i] - m) * (x[i + lag] - m);
  return s / n;
}

/** Effective sample size of chains as given (posterior's .ess: Geyer's initial monotone sequence). */
export function basicEss(chains: ChainDraws): number {
  const n = checkShape(chains);
  const m = chains.length;
  if (!allFinite(chains) || n < 3 || isConstant(chains)) return Number.NaN;
  const chainMeans = chains.map(mean);
  const meanAutocovariance = (lag: number) => {
    let s = 0;
    for (let j = 0; j < m; j++) s += autocovarianceAt(chains[j]!, chainMeans[j]!, lag);
    return s / m;
  };
  const meanVariance = (meanAutocovariance(0) * n) / (n - 1);
  let varPlus = (meanVariance * (n - 1)) / n;
  if (m > 1) varPlus += variance(chainMeans);
  const rho = new Float64Array(n);
  const rhoAt = (lag: number) => 1 - (meanVariance - meanAutocovariance(lag)) / varPlus;
  // Geyer's initial positive sequence (1-based R indices t + 1, t + 2 become 0-based t, t + 1).
  let t = 0;
  let rhoEven = 1;
  rho[0] = rhoEven;
  let rhoOdd = rhoAt(1);
  rho[1] = rhoOdd;
  while (t < n - 5 && !Number.isNaN(rhoEven + rhoOdd) && rhoEven + rhoOdd > 0) {
    t += 2;
    rhoEven = rhoAt(t);
    rhoOdd = rhoAt(t + 1);
    if (rhoEven + rhoOdd >= 0) {
      rho[t] = rhoEven;
      rho[t + 1] = rhoOdd;
    }
  }
  const maxT = t;
  if (rhoEven > 0) rho[maxT] = rhoEven;
  // Geyer's initial monotone sequence.
  t = 0;
  while (t <= maxT - 4) {
    t += 2;
    if (rho[t] + rho[t + 1] > rho[t - 2] + rho[t - 1]) {
      rho[t] = (rho[t - 2] + rho[t - 1]) / 2;
      rho[t + 1] = rho[t];
    }
  }
  const draws = m * n;
  let sum = 0;
  for (let k = 0; k < maxT; k++) sum += rho[k];
  let tau = -1 + 2 * sum + rho[maxT];
  tau = Math.max(tau, 1 / Math.log10(draws));
  return draws / tau;
}

/** R's quantile(x, p), type 7, over all chains' draws. */
export function pooledQuantile(chains: ChainDraws, p: number): number {
  const all: number[] = [];
  for (const c of chains) for (let i = 0; i < c.length; i++) all.push(c[i]);
  all.sort((a, b) => a - b);
  return sortedQuantile(all, p);
}

/** Type-7 quantile of ascending values. */
export function sortedQuantile(sorted: ArrayLike<number>, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Rank-normalised split-R̂, the larger of the bulk and folded versions (posterior::rhat). */
export function rhat(chains: ChainDraws): number {
  const bulk = basicRhat(rankNormalise(splitChains(chains)));
  const median = pooledQuantile(chains, 0.5);
  const folded = chains.map((c) => Float64Array.from(c, (v) => Math.abs(v - median)));
  const tail = basicRhat(rankNormalise(splitChains(folded)));
  return Math.max(bulk, tail);
}

/** Bulk effective sample size (posterior::ess_bulk). */
export function essBulk(chains: ChainDraws): number {
  return basicEss(rankNormalise(splitChains(chains)));
}

/** Tail effective sample size (posterior::ess_tail). */
export function essTail(chains: ChainDraws): number {
  const indicatorEss = (p: number) => {
    const q = pooledQuantile(chains, p);
    return basicEss(splitChains(chains.map((c) => Float64Array.from(c, (v) => (v <= q ? 1 : 0)))));
  };
  return Math.min(indicatorEss(0.05), indicatorEss(0.95));
}

/** ESS of the mean (posterior::ess_mean). */
export function essMean(chains: ChainDraws): number {
  return basicEss(splitChains(chains));
}

/** R̂, bulk-ESS and tail-ESS together. */
export function convergenceDiagnostics(chains: ChainDraws): ConvergenceDiagnostics {
  return { rhat: rhat(chains), essBulk: essBulk(chains), essTail: essTail(chains) };
}
