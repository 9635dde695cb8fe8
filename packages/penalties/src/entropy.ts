/**
 * The entropy (KL / Mahalanobis) penalty of Al-Ameri, Abdalrahem & Mohammed (eq. 6):
 *
 *   P(θ) = −(λ/2) (θ_S − μ_q)ᵀ Σ_q⁻¹ (θ_S − μ_q),
 *
 * over an index set S of θ (default all of θ), with reference mean μ_q (default 0) and reference
 * covariance Σ_q (default I; a full SPD matrix or a diagonal). As a log prior it is the kernel of
 * N(μ_q, Σ_q/λ); the empirical-Bayes evidence of eq. 11–12 also needs the normalising constant
 *   log c(λ) = (d/2) log λ − ½ log det Σ_q − (d/2) log 2π,   d = |S|,
 * which `logPriorNormalisingConstant` returns.
 */
import { choleskyInPlace, inverseFromCholesky, logDetFromCholesky } from "@glmmkit/linalg";
import type { Penalty } from "./penalty.js";
import { checkLength } from "./penalty.js";

const LOG_2PI = Math.log(2 * Math.PI);

/** λ and the layout of the entropy penalty. */
export interface EntropyOptions {
  /** Total length of θ. */
  readonly dim: number;
  /** Regularisation weight λ ≥ 0. */
  readonly lambda: number;
  /** Indices of θ penalised (S), in the order μ_q and Σ_q use; default 0..dim−1. */
  readonly indices?: readonly number[];
  /** Reference mean μ_q (length |S|); default 0. */
  readonly mean?: ArrayLike<number>;
  /** Reference covariance Σ_q: a |S|×|S| column-major SPD matrix, or `{ diagonal }`; default I. */
  readonly covariance?: Float64Array | { readonly diagonal: ArrayLike<number> };
}

export interface EntropyPenalty extends Penalty {
  readonly lambda: number;
  /** The penalised indices S. */
  readonly indices: readonly number[];
  /** log det Σ_q. */
  readonly logDetCovariance: number;
  /** (d/2) log λ − ½ log det Σ_q − (d/2) log 2π: the log normalising constant of N(μ_q, Σ_q/λ). */
  logPriorNormalisingConstant(): number;
  /** value(θ) + logPriorNormalisingConstant(): the log density of N(μ_q, Σ_q/λ) at θ_S. */
  logPriorDensity(theta: Float64Array): number;
}

/** (d/2) log λ − ½ log det Σ_q − (d/2) log 2π. */
export function entropyLogNormalisingConstant(lambda: number, d: number, logDetCovariance: number): number {
  return 0.5 * d * Math.log(lambda) - 0.5 * logDetCovariance - 0.5 * d * LOG_2PI;
}

/** The entropy (KL) penalty of paper 000, eq. 5–7. */
export function entropyPenalty(options: EntropyOptions): EntropyPenalty {
  const { dim, lambda } = options;
  if (!Number.isInteger(dim) || dim < 0) throw new Error(`entropyPenalty: dim must be an integer ≥ 0, got ${dim}`);
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new Error(`entropyPenalty: lambda must be finite and ≥ 0, got ${lambda}`);
  const indices = options.indices ? [...options.indices] : Array.from({ length: dim }, (_, k) => k);
  const d = indices.length;
  const seen = new Set<number>();
  for (const k of indices) {
    if (!Number.isInteger(k) || k < 0 || k >= dim) throw new Error(`entropyPenalty: index ${k} is not in 0..${dim - 1}`);
    if (seen.has(k)) throw new Error(`entropyPenalty: index ${k} is listed twice`);
    seen.add(k);
  }
  const mean = new Float64Array(d);
  if (options.mean !== undefined) {
    if (options.mean.length !== d) throw new Error(`entropyPenalty: mean has length ${options.mean.length}, expected ${d}`);
    for (let j = 0; j < d; j++) mean[j] = options.mean[j]!;
  }

  // Precision Σ_q⁻¹ (d × d, column-major) and log det Σ_q.
  const precision = new Float64Array(d * d);
  let logDetCovariance = 0;
  const cov = options.covariance;
  if (cov === undefined) {
    for (let j = 0; j < d; j++) precision[j * d + j] = 1;
  } else if (cov instanceof Float64Array) {
    if (cov.length !== d * d) throw new Error(`entropyPenalty: covariance has ${cov.length} entries, expected ${d}×${d}`);
    for (let j = 0; j < d; j++) {
      for (let i = 0; i < j; i++) {
        const a = cov[j * d + i]!;
        const b = cov[i * d + j]!;
        if (Math.abs(a - b) > 1e-12 * (Math.abs(a) + Math.abs(b) + 1e-300)) {
          throw new Error(`entropyPenalty: covariance is not symmetric at (${i}, ${j})`);
        }
      }
    }
    const l = Float64Array.from(cov);
    if (!choleskyInPlace(l, d)) throw new Error("entropyPenalty: covariance is not positive definite");
    logDetCovariance = logDetFromCholesky(l, d);
    inverseFromCholesky(l, d, precision);
  } else {
    if (cov.diagonal.length !== d) throw new Error(`entropyPenalty: diagonal has length ${cov.diagonal.length}, expected ${d}`);
    for (let j = 0; j < d; j++) {
      const v = cov.diagonal[j]!;
      if (!(v > 0) || !Number.isFinite(v)) throw new Error(`entropyPenalty: diagonal[${j}] = ${v} is not a positive variance`);
      precision[j * d + j] = 1 / v;
      logDetCovariance += Math.log(v);
    }
  }

  const centred = new Float64Array(d);
  const scaled = new Float64Array(d);
  /** centred = θ_S − μ_q; scaled = Σ_q⁻¹ centred. */
  function apply(theta: Float64Array): void {
    checkLength("entropy penalty: theta", theta, dim);
    for (let j = 0; j < d; j++) centred[j] = theta[indices[j]!]! - mean[j]!;
    for (let r = 0; r < d; r++) scaled[r] = 0;
    for (let c = 0; c < d; c++) {
      const v = centred[c]!;
      if (v === 0) continue;
      for (let r = 0; r < d; r++) scaled[r] = scaled[r]! + precision[c * d + r]! * v;
    }
  }

  const penalty: EntropyPenalty = {
    name: `entropy(lambda=${lambda})`,
    lambda,
    indices,
    logDetCovariance,
    value(theta) {
      apply(theta);
      let q = 0;
      for (let j = 0; j < d; j++) q += centred[j]! * scaled[j]!;
      return -0.5 * lambda * q;
    },
    gradient(theta, out) {
      apply(theta);
      checkLength("entropy penalty gradient: out", out, dim);
      out.fill(0, 0, dim);
      for (let j = 0; j < d; j++) out[indices[j]!] = -lambda * scaled[j]!;
    },
    hessian(theta, out) {
      checkLength("entropy penalty: theta", theta, dim);
      checkLength("entropy penalty hessian: out", out, dim * dim);
      out.fill(0, 0, dim * dim);
      for (let c = 0; c < d; c++) {
        const col = indices[c]!;
        for (let r = 0; r < d; r++) out[col * dim + indices[r]!] = -lambda * precision[c * d + r]!;
      }
    },
    logPriorNormalisingConstant() {
      return entropyLogNormalisingConstant(lambda, d, logDetCovariance);
    },
    logPriorDensity(theta) {
      return penalty.value(theta) + entropyLogNormalisingConstant(lambda, d, logDetCovariance);
    },
  };
  return penalty;
}
