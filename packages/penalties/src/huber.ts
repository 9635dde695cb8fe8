/**
 * The negative-Huber variance-components penalty of MSPL (Sterzinger & Kosmidis 2023; slides
 * "P^(v)(ψ)"):
 *
 *   P(ψ) = Σ_terms [ Σ_i D(log l_ii) + Σ_{i>j} D(l_ij) ],
 *   D(x) = −x²/2 for |x| ≤ 1,   −|x| + 1/2 otherwise.
 *
 * θ's ψ block already stores log l_ii on the diagonal and l_ij off it (parameter-layout.ts), so
 * this is D applied to every entry θ[p..dim). D → −∞ as any entry diverges, which keeps Σ away
 * from singularity and infinity, while |D′| ≤ 1 keeps the penalty "soft".
 *
 * D is C¹ but not C²: D″ = −1 for |x| < 1 and 0 for |x| > 1. At |x| = 1 exactly we report −1
 * (the inner branch, continuous from inside); a Newton step sees the more conservative curvature.
 */
import type { Penalty } from "./penalty.js";
import { checkLength } from "./penalty.js";

/** Which θ entries the negative-Huber penalty acts on. */
export interface HuberLayout {
  /** Number of fixed effects: ψ starts at θ[p]. */
  readonly p: number;
  /** Total length of θ. */
  readonly dim: number;
}

/** D(x). */
export function negativeHuber(x: number): number {
  const ax = Math.abs(x);
  return ax <= 1 ? -0.5 * x * x : -ax + 0.5;
}

/** D′(x) = −x inside, −sign(x) outside. */
export function negativeHuberDerivative(x: number): number {
  if (x > 1) return -1;
  if (x < -1) return 1;
  return -x;
}

/** D″(x) = −1 for |x| ≤ 1 (boundary included, see module comment), 0 otherwise. */
export function negativeHuberSecondDerivative(x: number): number {
  return Math.abs(x) <= 1 ? -1 : 0;
}

/** The MSPL negative-Huber penalty on every ψ entry θ[p..dim). Accepts a core ParameterLayout. */
export function huberPenalty(layout: HuberLayout): Penalty {
  const { p, dim } = layout;
  if (!Number.isInteger(p) || !Number.isInteger(dim) || p < 0 || dim < p) {
    throw new Error(`huberPenalty: need integers 0 ≤ p ≤ dim, got p = ${p}, dim = ${dim}`);
  }
  return new HuberPenalty(p, dim);
}

/** A class, not an object of closures made per fit (those lose their optimised code at each full GC). */
class HuberPenalty implements Penalty {
  readonly name = "huber";

  constructor(
    private readonly p: number,
    private readonly dim: number,
  ) {}

  value(theta: Float64Array): number {
    const { p, dim } = this;
    checkLength("huber penalty: theta", theta, dim);
    let s = 0;
    for (let k = p; k < dim; k++) s += negativeHuber(theta[k]!);
    return s;
  }

  gradient(theta: Float64Array, out: Float64Array): void {
    const { p, dim } = this;
    checkLength("huber penalty: theta", theta, dim);
    checkLength("huber penalty gradient: out", out, dim);
    out.fill(0, 0, dim);
    for (let k = p; k < dim; k++) out[k] = negativeHuberDerivative(theta[k]!);
  }

  hessian(theta: Float64Array, out: Float64Array): void {
    const { p, dim } = this;
    checkLength("huber penalty: theta", theta, dim);
    checkLength("huber penalty hessian: out", out, dim * dim);
    out.fill(0, 0, dim * dim);
    for (let k = p; k < dim; k++) out[k * dim + k] = negativeHuberSecondDerivative(theta[k]!);
  }
}
