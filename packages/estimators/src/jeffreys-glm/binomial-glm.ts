/**
 * Maximum likelihood for a fixed-effects binomial GLM, y_i ~ Bin(m_i, G(x_iᵀβ)), by Fisher scoring
 * (IRLS) with step-halving, for any of the five links of @glmmkit/penalties. The same engine, with
 * real-valued responses and totals, is the inner "ML fit" of JeffreysMPL (Kosmidis & Firth 2021,
 * § 4), so nothing here assumes integer data except the log-binomial-coefficient constant.
 *
 * With r0 = g/μ and r1 = g/(1 − μ) (g = dμ/dη) every quantity is formed without 0/0 in the tails:
 *   log-likelihood  ℓ = Σ y log μ + (m − y) log(1 − μ)  (+ Σ log C(m, y)),
 *   score           ∂ℓ/∂η_i = y_i r0 − (m_i − y_i) r1,
 *   observed info   −∂²ℓ/∂η_i² = −y_i (r0 L1 − r0²) + (m_i − y_i)(r1 L1 + r1²),   L1 = g′/g,
 *   Fisher info     F = Xᵀ W X,  w_i = m_i ω(η_i) = m_i r0 r1.
 */
import { choleskyInPlace, matVec, solveWithCholesky } from "@glmmkit/linalg";
import { log1pexp, logChoose } from "@glmmkit/math";
import { binomialLink, newLinkEvaluation } from "@glmmkit/penalties";
import type { BinomialLink, LinkEvaluation, LinkName } from "@glmmkit/penalties";
import { householderR, inverseCrossProductFromR } from "./householder-qr.js";

/** A binomial-response design: X is n × p column-major (X[k*n + i]), as in ModelFrame. */
export interface BinomialDesign {
  readonly X: Float64Array;
  readonly n: number;
  readonly p: number;
}

/** Link, weights, offset and stopping rule of a binomial GLM fit. */
export interface BinomialGlmOptions {
  /** Link function; default "logit". */
  readonly link?: LinkName | BinomialLink;
  /** Maximum Fisher-scoring iterations; default 100. */
  readonly maxIter?: number;
  /** Convergence when max_k |∂ℓ/∂β_k| ≤ tol; default 1e-10. */
  readonly tol?: number;
  /** Starting β (length p); default 0. */
  readonly start?: Float64Array;
}

/** A binomial GLM fit by IRLS. */
export interface BinomialGlmFit {
  readonly beta: Float64Array;
  /** √diag of (RᵀR)⁻¹, R from the QR of W^{1/2}X at the estimate (inverse Fisher information). */
  readonly se: Float64Array;
  /** (RᵀR)⁻¹, p × p column-major. */
  readonly vcov: Float64Array;
  /** Binomial log-likelihood at the estimate, including Σ log C(m_i, y_i). */
  readonly logLik: number;
  readonly iterations: number;
  readonly converged: boolean;
  /** max_k |score_k| at the estimate. */
  readonly maxAbsScore: number;
  /**
   * Observations (with m_i > 0) whose fitted μ_i or 1 − μ_i is below 1e-10: the symptom R's glm
   * warns about ("fitted probabilities numerically 0 or 1"), typically of separation, where a
   * "converged" score hides coefficients drifting to ±∞ (their `se` is then huge as well).
   */
  readonly fittedAtBoundary: number;
  readonly link: LinkName;
}

/** Check sizes and that 0 ≤ y_i ≤ m_i are finite; name the offending row. */
export function validateBinomialData(
  X: Float64Array,
  n: number,
  p: number,
  y: Float64Array,
  trials: Float64Array,
  what: string,
): void {
  if (!Number.isInteger(n) || !Number.isInteger(p) || n < 1 || p < 1) {
    throw new Error(`${what}: n and p must be positive integers, got n = ${n}, p = ${p}`);
  }
  if (X.length < n * p) throw new Error(`${what}: X has ${X.length} entries, expected n × p = ${n * p}`);
  if (y.length < n || trials.length < n) throw new Error(`${what}: y and trials must have length n = ${n}`);
  for (let i = 0; i < n; i++) {
    const yi = y[i]!;
    const mi = trials[i]!;
    if (!Number.isFinite(yi) || !Number.isFinite(mi) || yi < 0 || mi < 0 || yi > mi) {
      throw new Error(`${what}: row ${i + 1} has y = ${yi}, trials = ${mi}; expected 0 ≤ y ≤ trials, both finite`);
    }
  }
  for (let k = 0; k < n * p; k++) {
    if (!Number.isFinite(X[k]!)) {
      throw new Error(`${what}: X[${k % n + 1}, ${Math.floor(k / n) + 1}] is not finite`);
    }
  }
}

/**
 * Throw unless X has full column rank: R's glm would alias such columns, and neither the ML nor
 * the Jeffreys-penalised fit is identified without that. Pivot-free Householder QR; a column is
 * declared dependent when its |R_kk| falls below 1e-9 of its own norm.
 */
export function checkFullColumnRank(X: Float64Array, n: number, p: number, what: string): void {
  if (n < p) throw new Error(`${what}: X has fewer rows (${n}) than columns (${p})`);
  const norms = new Float64Array(p);
  for (let k = 0; k < p; k++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += X[k * n + i]! * X[k * n + i]!;
    norms[k] = Math.sqrt(s);
  }
  const r = householderR(Float64Array.from(X.subarray(0, n * p)), n, p);
  const dependent: number[] = [];
  for (let k = 0; k < p; k++) {
    if (r === null || norms[k] === 0 || Math.abs(r[k * p + k]!) <= 1e-9 * norms[k]!) dependent.push(k + 1);
  }
  if (dependent.length > 0) {
    throw new Error(`${what}: X is rank deficient; column(s) ${dependent.join(", ")} are linear combinations of earlier ones`);
  }
}

/** η = Xβ. */
export function linearPredictor(design: BinomialDesign, beta: ArrayLike<number>, eta: Float64Array): void {
  const { X, n, p } = design;
  matVec(X, n, p, beta instanceof Float64Array ? beta : Float64Array.from(beta), eta);
}

/** Σ y log μ + (m − y) log(1 − μ), skipping zero coefficients so 0 · log 0 counts as 0. */
export function binomialLogLikKernel(
  design: BinomialDesign,
  y: Float64Array,
  trials: Float64Array,
  beta: ArrayLike<number>,
  link: BinomialLink,
  eta: Float64Array = new Float64Array(design.n),
  values: LinkEvaluation = newLinkEvaluation(),
): number {
  linearPredictor(design, beta, eta);
  let ll = 0;
  if (link.name === "logit") {
    // log μ = −log(1 + e^{−η}), log(1 − μ) = −log(1 + e^{η}) (stable forms).
    for (let i = 0; i < design.n; i++) {
      const yi = y[i]!;
      const fi = trials[i]! - yi;
      if (yi !== 0) ll -= yi * log1pexp(-eta[i]!);
      if (fi !== 0) ll -= fi * log1pexp(eta[i]!);
    }
    return ll;
  }
  for (let i = 0; i < design.n; i++) {
    const yi = y[i]!;
    const fi = trials[i]! - yi;
    if (yi === 0 && fi === 0) continue;
    link.evaluate(eta[i]!, values);
    if (yi !== 0) ll += yi * values.logMu;
    if (fi !== 0) ll += fi * values.logMuComplement;
  }
  return ll;
}

/** The binomial log-likelihood including Σ log C(m_i, y_i). */
export function binomialLogLik(
  design: BinomialDesign,
  y: Float64Array,
  trials: Float64Array,
  beta: ArrayLike<number>,
  link: LinkName | BinomialLink = "logit",
): number {
  let constant = 0;
  for (let i = 0; i < design.n; i++) constant += logChoose(trials[i]!, y[i]!);
  return constant + binomialLogLikKernel(design, y, trials, beta, binomialLink(link));
}

/** Per-row work arrays of binomialDerivatives (reused across calls on large data). */
export interface DerivativeScratch {
  /** η = Xβ at the last call. */
  readonly eta: Float64Array;
  readonly dEta: Float64Array;
  readonly wFisher: Float64Array;
  readonly wObserved: Float64Array;
}

/** Work arrays for n rows; `observed: false` when no observed information will be asked for. */
export function derivativeScratch(n: number, observed = true): DerivativeScratch {
  return { eta: new Float64Array(n), dEta: new Float64Array(n), wFisher: new Float64Array(n), wObserved: new Float64Array(observed ? n : 0) };
}

/**
 * Score ∂ℓ/∂β into `score`; optionally the expected (Fisher, `fisher`) and observed (`observed`)
 * information, both p × p column-major (full symmetric).
 */
export function binomialDerivatives(
  design: BinomialDesign,
  y: Float64Array,
  trials: Float64Array,
  beta: ArrayLike<number>,
  link: BinomialLink,
  score: Float64Array,
  fisher: Float64Array | null,
  observed: Float64Array | null = null,
  scratch: DerivativeScratch = derivativeScratch(design.n),
): void {
  const { X, n, p } = design;
  const { eta, dEta, wFisher, wObserved } = scratch;
  const v = newLinkEvaluation();
  linearPredictor(design, beta, eta);
  if (link.name === "logit") {
    // Canonical link: ∂ℓ/∂η = y − mμ and the observed information equals the Fisher one, m μ(1 − μ);
    // one exp per row (this pass dominates IRLS on millions of rows).
    for (let i = 0; i < n; i++) {
      const e = Math.exp(-Math.abs(eta[i]!));
      const mu = eta[i]! >= 0 ? 1 / (1 + e) : e / (1 + e);
      const mi = trials[i]!;
      dEta[i] = y[i]! - mi * mu;
      const w = (mi * e) / ((1 + e) * (1 + e));
      wFisher[i] = w;
      if (observed) wObserved[i] = w;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const yi = y[i]!;
      const mi = trials[i]!;
      const fi = mi - yi;
      link.evaluate(eta[i]!, v);
      const r0 = v.dmuOverMu;
      const r1 = v.dmuOverMuComplement;
      // Zero counts contribute exactly zero (r0 or r1 may be 0 · ∞ far in a tail).
      const partY = yi !== 0 ? yi * r0 : 0;
      const partF = fi !== 0 ? fi * r1 : 0;
      dEta[i] = partY - partF;
      wFisher[i] = mi !== 0 ? mi * r0 * r1 : 0;
      if (observed) {
        const l1 = v.dlogDmu;
        const oY = yi !== 0 ? -yi * (r0 * l1 - r0 * r0) : 0;
        const oF = fi !== 0 ? fi * (r1 * l1 + r1 * r1) : 0;
        wObserved[i] = oY + oF;
      }
    }
  }
  for (let k = 0; k < p; k++) {
    const xk = k * n;
    let acc = 0;
    for (let i = 0; i < n; i++) acc += dEta[i]! * X[xk + i]!;
    score[k] = acc;
  }
  if (fisher) crossProduct(design, wFisher, fisher);
  if (observed) crossProduct(design, wObserved, observed);
}

/** out = Xᵀ diag(w) X (full symmetric, p × p column-major). */
export function crossProduct(design: BinomialDesign, w: Float64Array, out: Float64Array): void {
  const { X, n, p } = design;
  for (let c = 0; c < p; c++) {
    const xc = c * n;
    for (let r = c; r < p; r++) {
      const xr = r * n;
      let acc = 0;
      for (let i = 0; i < n; i++) acc += w[i]! * X[xr + i]! * X[xc + i]!;
      out[c * p + r] = acc;
      out[r * p + c] = acc;
    }
  }
}

/**
 * (RᵀR)⁻¹ with R from the Householder QR of W^{1/2}X, w_i = m_i ω(η_i): the inverse expected
 * information, as brglm2 and glm report it. Null when W^{1/2}X is rank deficient.
 */
export function inverseFisherInformation(
  design: BinomialDesign,
  trials: Float64Array,
  beta: ArrayLike<number>,
  link: BinomialLink,
): Float64Array | null {
  const { X, n, p } = design;
  const eta = new Float64Array(n);
  linearPredictor(design, beta, eta);
  const v = newLinkEvaluation();
  const sqrtW = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    link.evaluate(eta[i]!, v);
    sqrtW[i] = Math.sqrt(trials[i]!) * Math.exp(0.5 * v.logOmega);
  }
  const m = new Float64Array(n * p);
  for (let k = 0; k < p; k++) for (let i = 0; i < n; i++) m[k * n + i] = sqrtW[i]! * X[k * n + i]!;
  const r = householderR(m, n, p);
  return r ? inverseCrossProductFromR(r, p) : null;
}

export interface ScoringResult {
  readonly beta: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
  readonly maxAbsScore: number;
  /** Log-likelihood kernel (no log C(m, y)) at beta. */
  readonly logLikKernel: number;
}

/**
 * Step-halving ascent along `step`: the first s = 1, ½, ¼, …, 2⁻⁶⁰ at which f(β + s·step) is finite
 * and not below f(β) = `value` beyond rounding. Writes β + s·step to `trial` and returns its value,
 * or NaN when no s qualifies.
 */
export function halvingStep(
  beta: Float64Array,
  step: Float64Array,
  value: number,
  objective: (b: Float64Array) => number,
  trial: Float64Array,
): number {
  const p = beta.length;
  for (let s = 1, halvings = 0; halvings <= 60; s *= 0.5, halvings++) {
    for (let k = 0; k < p; k++) trial[k] = beta[k]! + s * step[k]!;
    const trialValue = objective(trial);
    // Accept any non-decrease beyond rounding: near the optimum f is flat to ~1e-16 relative.
    if (Number.isFinite(trialValue) && trialValue >= value - 1e-14 * (1 + Math.abs(value))) return trialValue;
  }
  return Number.NaN;
}

/**
 * Fisher scoring with step-halving on real-valued responses y and totals m (0 ≤ y ≤ m): β ← β + s·F⁻¹U
 * with s halved until the log-likelihood does not decrease. Stops when max |U| ≤ tol, or when no
 * step improves (reported as not converged unless the score is already within tol).
 */
export function fisherScoring(
  design: BinomialDesign,
  y: Float64Array,
  trials: Float64Array,
  link: BinomialLink,
  start: ArrayLike<number>,
  maxIter: number,
  tol: number,
): ScoringResult {
  const { n, p } = design;
  const beta = Float64Array.from({ length: p }, (_, k) => start[k]!);
  const score = new Float64Array(p);
  const fisher = new Float64Array(p * p);
  const step = new Float64Array(p);
  const trial = new Float64Array(p);
  const eta = new Float64Array(n);
  const values = newLinkEvaluation();
  let ll = binomialLogLikKernel(design, y, trials, beta, link, eta, values);
  if (!Number.isFinite(ll)) {
    throw new Error("binomial GLM: the log-likelihood is not finite at the starting values");
  }
  let iterations = 0;
  let maxAbs = Infinity;
  for (;;) {
    binomialDerivatives(design, y, trials, beta, link, score, fisher);
    maxAbs = 0;
    for (let k = 0; k < p; k++) maxAbs = Math.max(maxAbs, Math.abs(score[k]!));
    if (maxAbs <= tol) return { beta, iterations, converged: true, maxAbsScore: maxAbs, logLikKernel: ll };
    if (iterations >= maxIter) break;
    if (!choleskyInPlace(fisher, p)) break;
    step.set(score);
    solveWithCholesky(fisher, p, step);
    iterations++;
    const llTrial = halvingStep(beta, step, ll, (b) => binomialLogLikKernel(design, y, trials, b, link, eta, values), trial);
    if (Number.isNaN(llTrial)) break;
    beta.set(trial);
    ll = llTrial;
  }
  return { beta, iterations, converged: maxAbs <= tol, maxAbsScore: maxAbs, logLikKernel: ll };
}

/**
 * ML fit of a binomial GLM by Fisher scoring / IRLS with step-halving. Non-convergence (e.g. a
 * coefficient running off to ±∞ under separation) is reported in `converged`, not thrown.
 */
export function fitBinomialGlm(
  X: Float64Array,
  n: number,
  p: number,
  y: Float64Array,
  trials: Float64Array,
  options: BinomialGlmOptions = {},
): BinomialGlmFit {
  validateBinomialData(X, n, p, y, trials, "fitBinomialGlm");
  checkFullColumnRank(X, n, p, "fitBinomialGlm");
  const link = binomialLink(options.link ?? "logit");
  const design: BinomialDesign = { X, n, p };
  const start = options.start ?? new Float64Array(p);
  if (start.length !== p) throw new Error(`fitBinomialGlm: start has length ${start.length}, expected p = ${p}`);
  const fit = fisherScoring(design, y, trials, link, start, options.maxIter ?? 100, options.tol ?? 1e-10);
  return finishFit(design, y, trials, link, fit);
}

function finishFit(design: BinomialDesign, y: Float64Array, trials: Float64Array, link: BinomialLink, fit: ScoringResult): BinomialGlmFit {
  const { n, p } = design;
  const vcov = inverseFisherInformation(design, trials, fit.beta, link) ?? new Float64Array(p * p).fill(NaN);
  const se = Float64Array.from({ length: p }, (_, k) => Math.sqrt(vcov[k * p + k]!));
  let constant = 0;
  for (let i = 0; i < n; i++) constant += logChoose(trials[i]!, y[i]!);
  const eta = new Float64Array(n);
  linearPredictor(design, fit.beta, eta);
  const v = newLinkEvaluation();
  let fittedAtBoundary = 0;
  for (let i = 0; i < n; i++) {
    if (trials[i] === 0) continue;
    link.evaluate(eta[i]!, v);
    if (Math.min(v.mu, v.muComplement) < 1e-10) fittedAtBoundary++;
  }
  return {
    beta: fit.beta,
    se,
    vcov,
    logLik: constant + fit.logLikKernel,
    iterations: fit.iterations,
    converged: fit.converged,
    maxAbsScore: fit.maxAbsScore,
    fittedAtBoundary,
    link: link.name,
  };
}
