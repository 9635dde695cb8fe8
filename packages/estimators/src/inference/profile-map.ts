/**
 * How a profile holds one quantity c fixed: a smooth one-to-one map θ = θ(c, φ) from the fixed value and
 * the d − 1 free parameters φ to θ = (β, ψ), with its Jacobian for the gradient in φ (chain rule,
 * ∇_φ ℓ = Jᵀ ∇_θ ℓ). Profiles of a β or of a scalar term's log σ hold one coordinate of θ; the SD of a later
 * effect of a correlated term (σ_k = ‖row k of L‖, not a coordinate of the log-Cholesky ψ) is held by
 * writing row k of L as σ_k · (a, 1)/‖(a, 1)‖ with free direction parameters a ∈ ℝᵏ.
 */
import { psiIndex, type ParameterLayout } from "@glmmkit/core";

export interface ProfileMap {
  /** dim θ (the free parameters number dim − 1). */
  readonly dim: number;
  /** Index of θ that the fixed quantity replaces when it is a plain coordinate, else null. */
  readonly coordinate: number | null;
  /** θ(c, φ) into `out`. */
  theta(value: number, free: Float64Array, out: Float64Array): void;
  /** ∇_φ ℓ = Jᵀ ∇_θ ℓ at (c, φ). */
  pullBack(value: number, free: Float64Array, thetaGradient: Float64Array, out: Float64Array): void;
  /** The fixed quantity of a full θ. */
  valueOf(theta: Float64Array): number;
  /** φ of a full θ (the inverse map), for warm starts. */
  freeOf(theta: Float64Array): Float64Array;
}

/** c is θ[index] itself (a β, or log σ of a scalar term, or log L_00 = log σ_0 of a correlated term). */
export function coordinateMap(dim: number, index: number): ProfileMap {
  return {
    dim,
    coordinate: index,
    theta(value, free, out) {
      for (let k = 0; k < index; k++) out[k] = free[k]!;
      out[index] = value;
      for (let k = index + 1; k < dim; k++) out[k] = free[k - 1]!;
    },
    pullBack(_value, _free, g, out) {
      for (let k = 0; k < index; k++) out[k] = g[k]!;
      for (let k = index + 1; k < dim; k++) out[k - 1] = g[k]!;
    },
    valueOf: (theta) => theta[index]!,
    freeOf(theta) {
      const free = new Float64Array(dim - 1);
      for (let k = 0; k < index; k++) free[k] = theta[k]!;
      for (let k = index + 1; k < dim; k++) free[k - 1] = theta[k]!;
      return free;
    },
  };
}

/**
 * c = log σ_k of effect k ≥ 1 of term t. Row k of L holds (L_k0 … L_k,k−1, L_kk) = σ_k (a_0 … a_{k−1}, 1)/r with
 * r = √(1 + ‖a‖²), so ‖row‖ = σ_k whatever a; a sits where ψ holds the raw off-diagonal L_kj, and the slot of
 * ψ_kk = log L_kk = c − log r is the one removed. Derivatives: ∂L_kj/∂a_i = σ_k (δ_ij/r − a_i a_j/r³),
 * ∂ψ_kk/∂a_i = −a_i/r².
 */
export function rowScaleMap(layout: ParameterLayout, term: number, k: number): ProfileMap {
  const { q, offset } = layout.terms[term]!;
  if (k < 1 || k >= q) throw new RangeError(`rowScaleMap: effect ${k} of a q = ${q} term (use coordinateMap for k = 0)`);
  const dim = layout.dim;
  const diagonal = offset + psiIndex(q, k, k);
  const offDiagonal = Array.from({ length: k }, (_, j) => offset + psiIndex(q, k, j));
  const inner = coordinateMap(dim, diagonal);
  // Positions of a_j inside φ (θ's positions, shifted past the removed diagonal slot).
  const freeSlot = (thetaIndex: number) => (thetaIndex < diagonal ? thetaIndex : thetaIndex - 1);
  const direction = (free: Float64Array) => {
    let r2 = 1;
    for (const index of offDiagonal) r2 += free[freeSlot(index)]! ** 2;
    return Math.sqrt(r2);
  };
  return {
    dim,
    coordinate: null,
    theta(value, free, out) {
      inner.theta(0, free, out);
      const r = direction(free);
      const sigma = Math.exp(value);
      for (const index of offDiagonal) out[index] = (sigma * free[freeSlot(index)]!) / r;
      out[diagonal] = value - Math.log(r);
    },
    pullBack(value, free, g, out) {
      inner.pullBack(value, free, g, out);
      const r = direction(free);
      const sigma = Math.exp(value);
      for (const ii of offDiagonal) {
        const ai = free[freeSlot(ii)]!;
        let s = (-g[diagonal]! * ai) / (r * r);
        for (const jj of offDiagonal) {
          const aj = free[freeSlot(jj)]!;
          s += g[jj]! * sigma * ((ii === jj ? 1 / r : 0) - (ai * aj) / (r * r * r));
        }
        out[freeSlot(ii)] = s;
      }
    },
    valueOf(theta) {
      let s2 = Math.exp(2 * theta[diagonal]!);
      for (const index of offDiagonal) s2 += theta[index]! ** 2;
      return 0.5 * Math.log(s2);
    },
    freeOf(theta) {
      const free = inner.freeOf(theta);
      const lkk = Math.exp(theta[diagonal]!);
      for (const index of offDiagonal) free[freeSlot(index)] = theta[index]! / lkk;
      return free;
    },
  };
}
