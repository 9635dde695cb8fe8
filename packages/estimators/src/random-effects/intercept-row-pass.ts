/**
 * `binomialRowPass` for random intercepts only (every z_{i,r} = 1, as in Booth–Hobert's or salamander's
 * model), for a caller that keeps the fixed part of η fixed over many passes (a MALA run of IMSA/ScoreSA):
 * with e^{base_i} computed once per β, the exponential of the linear predictor factorises,
 *   e^{η_i} = e^{base_i} · Π_r e^{b[pos_{i,r}]},
 * so a pass takes one exp per random effect (Q of them) instead of one per row (n ≫ Q: 150 rows on 10
 * clusters, 360 on 120 crossed levels), and per row only products:
 *   f_i = y_i η_i − m_i log(1 + e^{η_i}),   r_i = y_i − m_i e^{η_i}/(1 + e^{η_i}),
 * with the binary rows' logs summed as the log of the product of their factors 1 + e^{η_i}, folded into the
 * sum before the product could overflow (factors above 2⁶⁴ take their own log1p, so the product stays
 * below 2^930 · 2⁶⁴). e^{η} is within a few ulp (`tableExp`, three factors). A row whose e^{η} overflows or is
 * undefined (|η| beyond ~709, where ∞ · 0 can arise) takes the stable form of `binomialRowPass`,
 * log(1 + e^η) = max(η, 0) + log1p(e^{−|η|}); in a tail where e^{η} underflows to 0, log(1 + e^η) and the
 * residual's m e^η/(1 + e^η) are below 1e-300 and dropping them is exact to rounding.
 */
import type { RandomEffectsStructure } from "@glmmkit/laplace";
import { tableExp } from "@glmmkit/math";

/** The running product of the binary rows' factors is folded into the sum of logs above this. */
const PRODUCT_LIMIT = 2 ** 930;
/** Factors at least this large take their own log1p (so the running product cannot overflow). */
const FACTOR_LIMIT = 2 ** 64;

/** True when every row's design entry of every term is 1 (random intercepts only). */
export function interceptsOnly(structure: RandomEffectsStructure): boolean {
  const { rowZ } = structure;
  for (let k = 0; k < rowZ.length; k++) if (rowZ[k] !== 1) return false;
  return true;
}

/**
 * Σ_i f_i for b, adding r_i into `positionGradient[pos_{i,r}]` for every r; `expBase[i]` = e^{base_i}, and
 * `expEffects` (length Q) is scratch that receives e^{b}.
 */
export function interceptRowPass(
  structure: RandomEffectsStructure,
  y: Float64Array,
  trials: Float64Array,
  base: Float64Array,
  expBase: Float64Array,
  b: Float64Array,
  expEffects: Float64Array,
  positionGradient: Float64Array | null,
): number {
  const { n, R, Q, rowPositions } = structure;
  for (let k = 0; k < Q; k++) expEffects[k] = tableExp(b[k]);
  let value = 0;
  let product = 1;
  for (let i = 0; i < n; i++) {
    const at = i * R;
    let eta = base[i];
    let expEta = expBase[i];
    if (R === 1) {
      const position = rowPositions[at];
      eta += b[position];
      expEta *= expEffects[position];
    } else if (R === 2) {
      const first = rowPositions[at];
      const second = rowPositions[at + 1];
      eta += b[first];
      eta += b[second];
      expEta *= expEffects[first];
      expEta *= expEffects[second];
    } else {
      for (let r = 0; r < R; r++) {
        const position = rowPositions[at + r];
        eta += b[position];
        expEta *= expEffects[position];
      }
    }
    const m = trials[i];
    let residual: number;
    if (expEta < Number.POSITIVE_INFINITY) {
      const onePlus = 1 + expEta;
      value += y[i] * eta;
      if (m === 1 && expEta < FACTOR_LIMIT) {
        product *= onePlus;
        if (product > PRODUCT_LIMIT) {
          value -= Math.log(product);
          product = 1;
        }
      } else if (m !== 0) value -= m * Math.log1p(expEta);
      residual = y[i] - (m * expEta) / onePlus;
    } else {
      // e^{η} overflowed (or ∞ · 0): the stable form.
      const e = tableExp(eta < 0 ? eta : -eta);
      const onePlus = 1 + e;
      value += y[i] * eta - (eta > 0 ? m * eta : 0);
      if (m !== 0) value -= m * Math.log1p(e);
      residual = y[i] - (m * (eta >= 0 ? 1 : e)) / onePlus;
    }
    if (positionGradient !== null) {
      if (R === 1) positionGradient[rowPositions[at]] += residual;
      else if (R === 2) {
        positionGradient[rowPositions[at]] += residual;
        positionGradient[rowPositions[at + 1]] += residual;
      } else for (let r = 0; r < R; r++) positionGradient[rowPositions[at + r]] += residual;
    }
  }
  return value - Math.log(product);
}
