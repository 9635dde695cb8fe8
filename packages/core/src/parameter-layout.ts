/**
 * θ = (β, ψ): β the fixed effects, ψ the log-Cholesky entries of each term's covariance Σ = L Lᵀ.
 * ψ lists each term's lower triangle column by column (as lme4's θ does), with the diagonal entries
 * logged: for q = 2, ψ = (log l11, l21, log l22). Unconstrained, and the parameterisation the
 * negative-Huber penalty of MSPL acts on.
 */
import type { ModelFrame } from "./model-frame.js";
import { termLabels } from "./term-labels.js";

/** One random-effects term's slice of θ: its q and the offset of its ψ entries. */
export interface TermLayout {
  readonly q: number;
  /** Offset of this term's ψ block inside θ. */
  readonly offset: number;
  /** Number of ψ entries: q(q+1)/2. */
  readonly size: number;
}

/** Where β and each term's ψ (log-Cholesky entries of Σ) sit in θ = (β, ψ). */
export interface ParameterLayout {
  readonly p: number;
  readonly terms: readonly TermLayout[];
  /** Total dimension of θ. */
  readonly dim: number;
  /** Names of θ's entries: β names, then e.g. "log_sd(block)", "chol(patientID: time, (Intercept))". */
  readonly names: readonly string[];
}

/** Number of log-Cholesky entries of a q × q covariance: q(q + 1)/2. */
export function psiSize(q: number): number {
  return (q * (q + 1)) / 2;
}

/** The θ = (β, ψ) layout of a model frame. */
export function parameterLayout(frame: ModelFrame): ParameterLayout {
  const terms: TermLayout[] = [];
  // Copied by push, not [...betaNames]: a spread copy keeps the source's elements kind, which depends on
  // the tier that built it, and one more array map here is a deoptimisation in every reader of the names.
  const names: string[] = [];
  for (const name of frame.betaNames) names.push(name);
  const labels = termLabels(frame);
  let offset = frame.p;
  for (let t = 0; t < frame.terms.length; t++) {
    const term = frame.terms[t]!;
    const label = labels[t]!;
    const size = psiSize(term.q);
    terms.push({ q: term.q, offset, size });
    for (let col = 0; col < term.q; col++) {
      for (let row = col; row < term.q; row++) {
        const a = term.termNames[row] ?? String(row);
        const b = term.termNames[col] ?? String(col);
        names.push(row === col ? `log_chol(${label}: ${a})` : `chol(${label}: ${a}, ${b})`);
      }
    }
    offset += size;
  }
  // A scalar term's single entry is simply log σ.
  for (let t = 0; t < frame.terms.length; t++) {
    if (frame.terms[t]!.q === 1) names[terms[t]!.offset] = `log_sd(${labels[t]})`;
  }
  return { p: frame.p, terms, dim: offset, names };
}

/** Index of entry (row, col), row ≥ col, inside a term's ψ block (column-major lower triangle). */
export function psiIndex(q: number, row: number, col: number): number {
  // Columns before `col` hold q + (q-1) + ... + (q-col+1) entries.
  return col * q - (col * (col - 1)) / 2 + (row - col);
}

/** Fill `L` (q × q, column-major, upper part zero) from one term's ψ block. */
export function choleskyFactorFromPsi(psi: ArrayLike<number>, offset: number, q: number, L: Float64Array): void {
  L.fill(0);
  let k = offset;
  for (let col = 0; col < q; col++) {
    for (let row = col; row < q; row++) {
      const v = psi[k++]!;
      L[col * q + row] = row === col ? Math.exp(v) : v;
    }
  }
}

/** ψ block from a lower-triangular L with positive diagonal (column-major). */
export function psiFromCholeskyFactor(L: ArrayLike<number>, q: number, out: Float64Array, offset: number): void {
  let k = offset;
  for (let col = 0; col < q; col++) {
    for (let row = col; row < q; row++) {
      const v = L[col * q + row]!;
      out[k++] = row === col ? Math.log(v) : v;
    }
  }
}

/** Σ = L Lᵀ (q × q, column-major). */
export function covarianceFromCholeskyFactor(L: ArrayLike<number>, q: number): Float64Array {
  const S = new Float64Array(q * q);
  for (let i = 0; i < q; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k <= j; k++) s += L[k * q + i]! * L[k * q + j]!;
      S[j * q + i] = s;
      S[i * q + j] = s;
    }
  }
  return S;
}
