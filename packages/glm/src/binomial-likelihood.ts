/**
 * The log-likelihood of a fixed-effects binomial GLM, y_i ~ Bin(m_i, G(η_i)), η = offset + Xβ, for any of
 * the five links, with its score and information. Per row the η-derivatives come from @glmmkit/math's
 * `binomialRow` (r0 = g/μ, r1 = g/(1 − μ): no 0/0 in the tails):
 *   ℓ = Σ y log μ + (m − y) log(1 − μ)  (+ Σ log C(m, y)),   U = Xᵀ f′,
 *   expected information F = Xᵀ diag(m ω) X,   observed information J = Xᵀ diag(−f″) X.
 * Nothing assumes integer data except the log-binomial-coefficient constant (by log-gamma otherwise).
 */
import { columnRank, matVec } from "@glmmkit/linalg";
import { binomialRow, logChoose, newBinomialRowDerivatives, newLinkEvaluation } from "@glmmkit/math";
import type { BinomialLink } from "@glmmkit/math";

/** A binomial-response design: X is n × p column-major (X[k*n + i]), as in ModelFrame. */
export interface BinomialDesign {
  readonly X: Float64Array;
  readonly n: number;
  readonly p: number;
  /**
   * Per column, the rows of its nonzero entries in increasing order when it is at most half full (the
   * indicator columns of a factor), else null — from `columnSupports`. When given, the products with X
   * below visit only those rows; they skip only terms that are exact zeros, so the sums keep their bits.
   */
  readonly columnSupport?: readonly (Int32Array | null)[];
  /**
   * p × p: 1 where two columns have no nonzero row in common (a factor's indicator columns), from
   * `disjointColumns`. Their cross products Σ w x_r x_c are then exactly 0 for finite weights and are not
   * summed.
   */
  readonly disjointColumns?: Uint8Array;
}

/**
 * The supports of X's columns that are at most half full (null for the others): a design with a factor's
 * indicator columns then costs its products a fraction of n × p per IMSA M-step fit.
 */
export function columnSupports(X: Float64Array, n: number, p: number): (Int32Array | null)[] {
  const supports: (Int32Array | null)[] = [];
  for (let k = 0; k < p; k++) {
    let count = 0;
    for (let i = 0; i < n; i++) if (X[k * n + i] !== 0) count++;
    if (2 * count > n) {
      supports.push(null);
      continue;
    }
    const support = new Int32Array(count);
    for (let i = 0, s = 0; i < n; i++) if (X[k * n + i] !== 0) support[s++] = i;
    supports.push(support);
  }
  return supports;
}

/**
 * Which pairs of X's sparse columns (those with a support) have disjoint supports (see
 * `BinomialDesign.disjointColumns`); a pair with a dense column never counts as disjoint. One pass over the
 * rows marks the pairs that share a row: O(n p + Σ_i k_i²) for k_i sparse nonzeros in row i.
 */
export function disjointColumns(X: Float64Array, n: number, p: number, supports: readonly (Int32Array | null)[]): Uint8Array {
  const shared = new Uint8Array(p * p);
  const inRow = new Int32Array(p);
  for (let i = 0; i < n; i++) {
    let count = 0;
    for (let k = 0; k < p; k++) if (supports[k] !== null && X[k * n + i] !== 0) inRow[count++] = k;
    for (let a = 0; a < count; a++) for (let b = a + 1; b < count; b++) shared[inRow[a]! * p + inRow[b]!] = 1;
  }
  const disjoint = new Uint8Array(p * p);
  for (let c = 0; c < p; c++) {
    for (let r = c + 1; r < p; r++) {
      if (supports[c] !== null && supports[r] !== null && shared[c * p + r] === 0) disjoint[c * p + r] = disjoint[r * p + c] = 1;
    }
  }
  return disjoint;
}

/** The data of one GLM problem after prior weights were folded into the counts (see fit-glm.ts). */
export interface BinomialData {
  readonly design: BinomialDesign;
  readonly y: Float64Array;
  readonly trials: Float64Array;
  /** Added to Xβ (zeros when the model has no offset). */
  readonly offset: Float64Array;
  readonly link: BinomialLink;
}

/** Check sizes, that 0 ≤ y_i ≤ m_i are finite and that X and the offset are finite; name the offending row. */
export function validateBinomialData(
  X: Float64Array,
  n: number,
  p: number,
  y: Float64Array,
  trials: Float64Array,
  offset: Float64Array | undefined,
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
  if (offset !== undefined) validateOffset(offset, n, what);
  for (let k = 0; k < n * p; k++) {
    if (!Number.isFinite(X[k]!)) {
      throw new Error(`${what}: X[${k % n + 1}, ${Math.floor(k / n) + 1}] is not finite`);
    }
  }
}

/** Check that the offset has length n and is finite; name the offending row. */
export function validateOffset(offset: Float64Array, n: number, what: string): void {
  if (offset.length < n) throw new Error(`${what}: the offset must have length n = ${n}`);
  for (let i = 0; i < n; i++) if (!Number.isFinite(offset[i]!)) throw new Error(`${what}: row ${i + 1} has offset ${offset[i]}`);
}

/** Throw unless X has full column rank (linalg's `columnRank`, R's order: the later column is named). */
export function checkFullColumnRank(X: Float64Array, n: number, p: number, what: string): void {
  if (n < p) throw new Error(`${what}: X has fewer rows (${n}) than columns (${p})`);
  const rank = columnRank(X, n, p);
  if (rank.aliased.length > 0) {
    const columns = rank.aliased.map((a) => a.column + 1).join(", ");
    throw new Error(`${what}: X is rank deficient; column(s) ${columns} are linear combinations of earlier ones`);
  }
}

/** η = offset + Xβ. */
export function linearPredictor(data: BinomialData, beta: ArrayLike<number>, eta: Float64Array): void {
  const { X, n, p, columnSupport } = data.design;
  if (columnSupport === undefined) matVec(X, n, p, beta instanceof Float64Array ? beta : Float64Array.from(beta), eta);
  else {
    // matVec's column-by-column sums, each sparse column over its support.
    eta.fill(0, 0, n);
    for (let k = 0; k < p; k++) {
      const bk = beta[k]!;
      if (bk === 0) continue;
      const column = k * n;
      const support = columnSupport[k] ?? null;
      if (support === null) for (let i = 0; i < n; i++) eta[i] += X[column + i]! * bk;
      else {
        for (let s = 0; s < support.length; s++) {
          const i = support[s]!;
          eta[i] += X[column + i]! * bk;
        }
      }
    }
  }
  const offset = data.offset;
  for (let i = 0; i < n; i++) eta[i] = eta[i]! + offset[i]!;
}

/** Σ log C(m_i, y_i). */
export function binomialConstant(y: Float64Array, trials: Float64Array, n: number): number {
  let constant = 0;
  for (let i = 0; i < n; i++) constant += logChoose(trials[i]!, y[i]!);
  return constant;
}

/** Σ y log μ + (m − y) log(1 − μ) at β (no constant); `eta` is scratch of length n. */
export function binomialLogLikKernel(data: BinomialData, beta: ArrayLike<number>, eta: Float64Array = new Float64Array(data.design.n)): number {
  linearPredictor(data, beta, eta);
  const values = newLinkEvaluation();
  const row = newBinomialRowDerivatives();
  const { y, trials, link } = data;
  let ll = 0;
  for (let i = 0; i < data.design.n; i++) {
    if (trials[i] === 0) continue;
    binomialRow(link, values, eta[i]!, y[i]!, trials[i]!, row);
    ll += row.f;
  }
  return ll;
}

/**
 * At β: the per-row score f′ into `dEta`, the expected information weights m ω into `wFisher`, and (when
 * given) the observed ones −f″ into `wObserved`; all length n.
 */
export function rowDerivatives(
  data: BinomialData,
  beta: ArrayLike<number>,
  dEta: Float64Array,
  wFisher: Float64Array,
  wObserved: Float64Array | null = null,
): void {
  const n = data.design.n;
  const eta = new Float64Array(n);
  linearPredictor(data, beta, eta);
  const values = newLinkEvaluation();
  const row = newBinomialRowDerivatives();
  const { y, trials, link } = data;
  for (let i = 0; i < n; i++) {
    binomialRow(link, values, eta[i]!, y[i]!, trials[i]!, row);
    dEta[i] = row.fPrime;
    wFisher[i] = row.wFisher;
    if (wObserved !== null) wObserved[i] = row.wObserved;
  }
}

/** Xᵀ v (length p). */
export function transposeTimes(design: BinomialDesign, v: Float64Array, out: Float64Array): void {
  const { X, n, p, columnSupport } = design;
  for (let k = 0; k < p; k++) {
    const xk = k * n;
    const support = columnSupport?.[k] ?? null;
    let acc = 0;
    if (support === null) for (let i = 0; i < n; i++) acc += v[i]! * X[xk + i]!;
    else {
      for (let s = 0; s < support.length; s++) {
        const i = support[s]!;
        acc += v[i]! * X[xk + i]!;
      }
    }
    out[k] = acc;
  }
}

/** out = Xᵀ diag(w) X (full symmetric, p × p column-major). */
export function weightedCrossProduct(design: BinomialDesign, w: Float64Array, out: Float64Array): void {
  const { X, n, p, columnSupport, disjointColumns } = design;
  for (let c = 0; c < p; c++) {
    const xc = c * n;
    for (let r = c; r < p; r++) {
      const xr = r * n;
      if (disjointColumns !== undefined && disjointColumns[c * p + r] === 1) {
        out[c * p + r] = 0;
        out[r * p + c] = 0;
        continue;
      }
      // Over the smaller support of the two columns, when either has one (a term is zero off it).
      const supportR = columnSupport?.[r] ?? null;
      const supportC = columnSupport?.[c] ?? null;
      const support = supportR === null ? supportC : supportC === null || supportR.length < supportC.length ? supportR : supportC;
      let acc = 0;
      if (support === null) for (let i = 0; i < n; i++) acc += w[i]! * X[xr + i]! * X[xc + i]!;
      else {
        for (let s = 0; s < support.length; s++) {
          const i = support[s]!;
          acc += w[i]! * X[xr + i]! * X[xc + i]!;
        }
      }
      out[c * p + r] = acc;
      out[r * p + c] = acc;
    }
  }
}

/** Rows (with m > 0) whose fitted μ or 1 − μ is below 1e-10: R's "fitted probabilities numerically 0 or 1". */
export function fittedAtBoundary(data: BinomialData, beta: ArrayLike<number>): number {
  const n = data.design.n;
  const eta = new Float64Array(n);
  linearPredictor(data, beta, eta);
  const v = newLinkEvaluation();
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (data.trials[i] === 0) continue;
    data.link.evaluate(eta[i]!, v);
    if (Math.min(v.mu, v.muComplement) < 1e-10) count++;
  }
  return count;
}
