// Gauss–Hermite quadrature for the physicists' weight e^{−x²}:
//   ∫ f(x) e^{−x²} dx ≈ Σₖ wₖ f(xₖ),  exact for polynomials of degree ≤ 2n − 1.
//
// Nodes: Golub & Welsch (1969), "Calculation of Gauss quadrature rules", Math. Comp. 23,
// 221–230 — the nodes are the eigenvalues of the Jacobi matrix of the orthonormal Hermite
// polynomials (zero diagonal, off-diagonal √(k/2)), found by implicit QL; each is then polished by
// Newton's method on the three-term recurrence. Weights from the polished nodes by the
// Christoffel–Darboux identity: with p̃ⱼ the orthonormal polynomials,
//   wₖ = 1 / Σ_{j<n} p̃ⱼ(xₖ)² = 1 / (n · p̃_{n−1}(xₖ)²)
// (equivalently 2^{n−1} n! √π / (n² H_{n−1}(xₖ)²) in terms of the classical Hᵢ, whose huge
// factors cancel here). The normalised recurrence is run with exact power-of-two rescaling and
// the weights are also returned as logs, so nothing overflows at any n (the outer weights of
// very large rules are ≈ e^{−xₖ²} and underflow to 0 in `weights`; `logWeights` stays exact).

import { symmetricTridiagonalEigenvalues } from "./symmetric-tridiagonal.js";

/**
 * A quadrature rule: nodes in ascending order, weights, and their logs (finite even where the
 * weight underflows). Each call returns fresh arrays, so callers may mutate them freely.
 */
export interface GaussHermiteRule {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
  readonly logWeights: Float64Array;
}

const PI_TO_MINUS_QUARTER = 0.75112554446494248285870300477623; // π^{−1/4} = p̃₀
const LN_SQRT_PI = 0.57236494292470008707171367567653; // log √π
const SQRT_PI = 1.7724538509055160272981674833411; // √π
const SQRT2 = Math.SQRT2;
// Rescaling by a power of two is exact, so weights keep full relative accuracy.
const RESCALE_THRESHOLD = 2 ** 500;
const RESCALE_FACTOR = 2 ** -500;
const MAX_NEWTON_STEPS = 10;

const physicistsCache = new Map<number, GaussHermiteRule>();
const standardNormalCache = new Map<number, GaussHermiteRule>();

function checkOrder(n: number, caller: string): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`${caller}: order must be an integer ≥ 1, got ${n}`);
  }
}

function copyRule(rule: GaussHermiteRule): GaussHermiteRule {
  return {
    nodes: rule.nodes.slice(),
    weights: rule.weights.slice(),
    logWeights: rule.logWeights.slice(),
  };
}

/**
 * Evaluates the orthonormal recurrence
 *   p̃_{k+1}(x) = x √(2/(k+1)) p̃ₖ(x) − √(k/(k+1)) p̃_{k−1}(x),  p̃₀ = π^{−1/4},
 * up to degree n and writes [p̃ₙ·2^{−500r}, p̃_{n−1}·2^{−500r}, r] into `out`, with r the number
 * of rescalings needed to keep the values finite (0 for n up to ≈ 350).
 */
function orthonormalHermite(
  x: number,
  upCoefficient: Float64Array,
  backCoefficient: Float64Array,
  out: Float64Array
): void {
  const n = upCoefficient.length;
  let previous = 0;
  let current = PI_TO_MINUS_QUARTER;
  let rescalings = 0;
  for (let k = 0; k < n; k++) {
    const next = x * upCoefficient[k]! * current - backCoefficient[k]! * previous;
    previous = current;
    current = next;
    if (Math.abs(current) > RESCALE_THRESHOLD) {
      current *= RESCALE_FACTOR;
      previous *= RESCALE_FACTOR;
      rescalings += 1;
    }
  }
  out[0] = current;
  out[1] = previous;
  out[2] = rescalings;
}

function computePhysicistsRule(n: number): GaussHermiteRule {
  const upCoefficient = new Float64Array(n);
  const backCoefficient = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    upCoefficient[k] = Math.sqrt(2 / (k + 1));
    backCoefficient[k] = Math.sqrt(k / (k + 1));
  }

  // Golub–Welsch: the Jacobi matrix of the orthonormal Hermite polynomials.
  const diagonal = new Float64Array(n);
  const offDiagonal = new Float64Array(n - 1);
  for (let k = 1; k < n; k++) offDiagonal[k - 1] = Math.sqrt(k / 2);
  const eigenvalues = symmetricTridiagonalEigenvalues(diagonal, offDiagonal);

  const nodes = new Float64Array(n);
  const logWeights = new Float64Array(n);
  const values = new Float64Array(3);
  const derivativeFactor = Math.sqrt(2 * n); // p̃ₙ′ = √(2n) p̃_{n−1}
  const half = Math.floor(n / 2);

  // The rule is symmetric: polish the non-negative half and mirror it. For odd n the middle
  // node is exactly 0 (p̃ₙ is odd).
  for (let i = n - 1; i >= n - half; i--) {
    let x = 0.5 * (eigenvalues[i]! - eigenvalues[n - 1 - i]!);
    for (let step = 0; step < MAX_NEWTON_STEPS; step++) {
      orthonormalHermite(x, upCoefficient, backCoefficient, values);
      const delta = values[0]! / (derivativeFactor * values[1]!);
      x -= delta;
      if (Math.abs(delta) <= 2 * Number.EPSILON * Math.abs(x)) break;
    }
    nodes[i] = x;
    nodes[n - 1 - i] = -x;
  }
  if (n % 2 === 1) nodes[half] = 0;

  const weights = new Float64Array(n);
  for (let i = n - 1; i >= n - half - (n % 2); i--) {
    orthonormalHermite(nodes[i]!, upCoefficient, backCoefficient, values);
    // wₖ = 1/(n p̃_{n−1}(xₖ)²) with p̃_{n−1} = values[1]·2^{500r}: the scaled part is formed
    // directly and the power of two applied exactly (it underflows to 0 only for huge n).
    const scaled = values[1]!;
    const rescalings = values[2]!;
    const base = 1 / (n * scaled * scaled);
    let weight = base;
    for (let r = 0; r < rescalings && weight > 0; r++) weight *= RESCALE_FACTOR * RESCALE_FACTOR;
    const logWeight = Math.log(base) - 1000 * rescalings * Math.LN2;
    weights[i] = weight;
    weights[n - 1 - i] = weight;
    logWeights[i] = logWeight;
    logWeights[n - 1 - i] = logWeight;
  }
  return { nodes, weights, logWeights };
}

/**
 * The n-point Gauss–Hermite rule for ∫ f(x) e^{−x²} dx (physicists' convention), any n ≥ 1.
 * Rules are computed once per n and cached; every call returns fresh copies.
 */
export function gaussHermite(n: number): GaussHermiteRule {
  checkOrder(n, "gaussHermite");
  let rule = physicistsCache.get(n);
  if (rule === undefined) {
    rule = computePhysicistsRule(n);
    physicistsCache.set(n, rule);
  }
  return copyRule(rule);
}

/**
 * The n-point rule for ∫ f(z) φ(z) dz with φ the standard normal density: zₖ = √2 xₖ and
 * wₖ/√π from the physicists' rule (substitute x = z/√2). Weights sum to 1; convenient for
 * adaptive quadrature, where z ↦ μ + σ z centres the rule on a conditional mode.
 * Cached per n; every call returns fresh copies.
 */
export function standardNormalRule(n: number): GaussHermiteRule {
  checkOrder(n, "standardNormalRule");
  let rule = standardNormalCache.get(n);
  if (rule === undefined) {
    const physicists = gaussHermite(n);
    rule = {
      nodes: physicists.nodes.map((x) => SQRT2 * x),
      weights: physicists.weights.map((weight) => weight / SQRT_PI),
      logWeights: physicists.logWeights.map((logWeight) => logWeight - LN_SQRT_PI),
    };
    standardNormalCache.set(n, rule);
  }
  return copyRule(rule);
}
