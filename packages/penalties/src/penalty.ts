/**
 * The penalty contract: a term P(θ) ADDED to a log-likelihood that is then maximised, over the
 * full parameter vector θ = (β, ψ). Each penalty gives its exact value, gradient and Hessian;
 * components a penalty does not depend on get zeros.
 */

export interface Penalty {
  readonly name: string;
  /** P(θ). May be −Infinity where the penalty is infinitely strong (e.g. a singular XᵀWX). */
  value(theta: Float64Array): number;
  /** Overwrites `out` (length dim) with ∇P(θ); NaN entries where value(θ) is −Infinity. */
  gradient(theta: Float64Array, out: Float64Array): void;
  /** Overwrites `out` (dim × dim, column-major) with ∇²P(θ). */
  hessian(theta: Float64Array, out: Float64Array): void;
}

/** A penalty and its weight in a sum. */
export interface WeightedPenalty {
  readonly penalty: Penalty;
  readonly weight: number;
}

/**
 * Σ_j weight_j · P_j(θ) as one penalty, e.g. MSPL's c·{P_jeffreys(β) + P_huber(ψ)}
 * (Sterzinger & Kosmidis 2023) with c = 2√(p/n).
 */
export function sumPenalties(terms: readonly WeightedPenalty[], dim: number): Penalty {
  for (const t of terms) {
    if (!Number.isFinite(t.weight)) throw new Error(`sumPenalties: weight of "${t.penalty.name}" is not finite`);
  }
  let name = "none";
  if (terms.length > 0) {
    const parts: string[] = [];
    for (const t of terms) parts.push(`${t.weight}*${t.penalty.name}`);
    name = parts.join(" + ");
  }
  return new PenaltySum(name, terms, dim);
}

/** A class, not an object of closures made per fit (those lose their optimised code at each full GC). */
class PenaltySum implements Penalty {
  private readonly gradScratch: Float64Array;
  private readonly hessScratch: Float64Array;

  constructor(
    readonly name: string,
    private readonly terms: readonly WeightedPenalty[],
    private readonly dim: number,
  ) {
    this.gradScratch = new Float64Array(dim);
    this.hessScratch = new Float64Array(dim * dim);
  }

  value(theta: Float64Array): number {
    let s = 0;
    for (const t of this.terms) {
      if (t.weight === 0) continue;
      s += t.weight * t.penalty.value(theta);
    }
    return s;
  }

  gradient(theta: Float64Array, out: Float64Array): void {
    const { dim, gradScratch } = this;
    out.fill(0, 0, dim);
    for (const t of this.terms) {
      if (t.weight === 0) continue;
      t.penalty.gradient(theta, gradScratch);
      for (let k = 0; k < dim; k++) out[k] = out[k]! + t.weight * gradScratch[k]!;
    }
  }

  hessian(theta: Float64Array, out: Float64Array): void {
    const { dim, hessScratch } = this;
    out.fill(0, 0, dim * dim);
    for (const t of this.terms) {
      if (t.weight === 0) continue;
      t.penalty.hessian(theta, hessScratch);
      for (let k = 0; k < dim * dim; k++) out[k] = out[k]! + t.weight * hessScratch[k]!;
    }
  }
}

/** Shared argument check: θ and the output buffers must have the penalty's dimension. */
export function checkLength(what: string, arr: Float64Array, expected: number): void {
  if (arr.length < expected) {
    throw new Error(`${what}: expected length ≥ ${expected}, got ${arr.length}`);
  }
}
