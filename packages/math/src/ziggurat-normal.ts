/**
 * An exact standard-normal generator by the ziggurat method (Marsaglia & Tsang 2000, "The Ziggurat Method
 * for Generating Random Variables", J. Stat. Softw. 5(8)) with Doornik's (2005) correction ("An Improved
 * Ziggurat Method to Generate Normal Random Samples"): the layer index and the abscissa come from disjoint,
 * hence independent, bits. `rng.normal()` (inversion, Φ⁻¹(U)) stays as it is, because simulated data sets
 * and tests depend on its stream; this is for samplers whose noise dominates their cost (MALA). It draws
 * from a `Xoshiro128` generator, about 7 ns per normal (the same ziggurat on an Alea `Rng`'s uniforms took
 * 18 ns, inversion about 60 ns): 97 % of attempts end on the common path (two words, one multiply, one
 * comparison).
 *
 * The ziggurat. With f(x) = exp(−x²/2) on x ≥ 0, N = 128 layers of equal area V cover the half-density:
 * the base layer 0 is the rectangle [0, x₀] × [0, f(R)] standing in for [0, R] × [0, f(R)] plus the tail
 * beyond R (x₀ = V/f(R)), and layer i = 1 … 127 is the rectangle [0, xᵢ] × [f(xᵢ), f(xᵢ₊₁)] with
 *   x₁ = R,  f(xᵢ₊₁) = f(xᵢ) + V/xᵢ  (Marsaglia & Tsang's recursion),  x₁₂₈ = 0,
 *   V = R f(R) + ∫_R^∞ f = R f(R) + √(2π) Φ̄(R).
 * R is the root of "the recursion closes": the top layer [0, x₁₂₇] × [f(x₁₂₇), 1] has area V exactly. Here R
 * is found at module load by bisection to double precision (R ≈ 3.442619855899, V ≈ 9.91256303526217e−3, the
 * published constants), so every layer's area is V to a relative 3e−13 (a test checks 1e−11).
 *
 * A draw (Doornik's ZIGNOR): pick a layer i uniformly and a signed abscissa x = s·xᵢ, s uniform on (−1, 1).
 *   |x| < xᵢ₊₁  → x lies in the layer's rectangle under f: return x (the common path).
 *   i = 0       → |x| ≥ R: a draw from the tail beyond R, by Marsaglia's (1964) exact method: with
 *                 a = −log(U₁)/R, b = −log(U₂), accept R + a when 2b > a² (a is Exp(R), and the acceptance
 *                 probability exp(−a²/2) turns its density into f(R + a)/∫_R^∞ f), the sign of x kept.
 *   otherwise   → x lies in the wedge between f and the rectangle: accept when
 *                 f(xᵢ₊₁) + U·(f(xᵢ) − f(xᵢ₊₁)) < f(x) (the exact rejection test, a uniform height in the layer
 *                 under the curve), else start again with a new layer.
 * Every layer is sampled uniformly over its region under f and the layers have equal area, so the
 * accepted x has density ∝ f: the method is exact up to floating point.
 *
 * Bits. Doornik showed that Marsaglia–Tsang's RNOR takes the layer from the low 7 bits of the same 32-bit
 * integer whose value is the abscissa, so layer and abscissa are dependent and the output measurably wrong.
 * Here an attempt reads two 32-bit words of a `Xoshiro128` generator (all of whose bits are good) and takes
 * layer and abscissa from disjoint bits: the layer from bits 0–6 of the second word, the abscissa from the
 * whole first word h (signed) and bits 12–31 of the second, g, as s = (h + (g + ½)·2⁻²⁰)·2⁻³¹ — the
 * midpoints of a 2⁻⁵¹ grid on (−1, 1), symmetric (h → −h − 1, g → 2²⁰ − 1 − g negates s), never 0 or ±1,
 * and exact in doubles (31 integer and 21 fractional bits). If the words are independent and uniform, so
 * are layer and abscissa. The abscissa's resolution xᵢ·2⁻⁵¹ is far finer than Doornik's 32-bit one (2⁻³¹).
 * The wedge's height and the tail's uniforms are `Xoshiro128.uniform()` (52 bits, never 0).
 *
 * Determinism: the tables are computed once at module load by IEEE arithmetic and Math.exp/log/sqrt,
 * which V8 evaluates deterministically; a draw reads only its generator, so the same generator state gives
 * the same values, and nothing is allocated per call.
 */
import { normalCcdf } from "./normal.js";
import type { Xoshiro128 } from "./xoshiro128.js";

const LAYERS = 128;
const LAYER_MASK = LAYERS - 1;
const TWO_POW_MINUS_20 = 2 ** -20;
const TWO_POW_MINUS_31 = 2 ** -31;
const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** The ziggurat's tables: xᵢ (i = 0 … 128, x₀ = V/f(R), x₁ = R, x₁₂₈ = 0), f(xᵢ) = exp(−xᵢ²/2), R and V. */
export interface ZigguratTables {
  readonly x: Float64Array;
  readonly f: Float64Array;
  readonly r: number;
  readonly v: number;
}

function halfGaussian(x: number): number {
  return Math.exp(-0.5 * x * x);
}

/** V(R): the area of the base layer, R f(R) plus the tail ∫_R^∞ exp(−x²/2) dx = √(2π) Φ̄(R). */
function layerArea(r: number): number {
  return r * halfGaussian(r) + SQRT_2PI * normalCcdf(r);
}

/**
 * How far the recursion f(xᵢ₊₁) = f(xᵢ) + V/xᵢ from x₁ = R misses closing at the top: f(x₁₂₇) + V/x₁₂₇ − 1,
 * which should be 0 (then x₁₂₈ = 0). Positive when R is too small (the layers are too thick and reach the
 * top early; then it is reported as +1), negative when R is too large.
 */
function closingResidual(r: number, x?: Float64Array): number {
  const v = layerArea(r);
  let xi = r;
  if (x) x[1] = r;
  for (let i = 1; i < LAYERS - 1; i++) {
    const next = v / xi + halfGaussian(xi);
    if (next >= 1) return 1;
    xi = Math.sqrt(-2 * Math.log(next));
    if (x) x[i + 1] = xi;
  }
  return v / xi + halfGaussian(xi) - 1;
}

function buildTables(): ZigguratTables {
  // Bisection on R ∈ [3, 4] (the residual changes sign once there) until the bracket stops shrinking.
  let lo = 3;
  let hi = 4;
  for (;;) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (closingResidual(mid) > 0) lo = mid;
    else hi = mid;
  }
  const r = hi;
  const v = layerArea(r);
  const x = new Float64Array(LAYERS + 1);
  closingResidual(r, x);
  x[0] = v / halfGaussian(r);
  x[LAYERS] = 0;
  const f = new Float64Array(LAYERS + 1);
  for (let i = 0; i <= LAYERS; i++) f[i] = halfGaussian(x[i]!);
  return { x, f, r, v };
}

const TABLES = buildTables();
const X = TABLES.x;
const F = TABLES.f;
const R = TABLES.r;

/** The tables (read-only by contract), for tests. */
export function zigguratTables(): ZigguratTables {
  return TABLES;
}

/**
 * A standard-normal draw by the ziggurat (Marsaglia & Tsang 2000, with Doornik's 2005 independent-bits
 * correction): exact, reading only `bits`, 2.1 words per draw on average.
 */
export function zigguratNormal(bits: Xoshiro128): number {
  for (;;) {
    const high = bits.nextInt32();
    const low = bits.nextInt32();
    const layer = low & LAYER_MASK;
    const s = (high + ((low >>> 12) + 0.5) * TWO_POW_MINUS_20) * TWO_POW_MINUS_31;
    const x = s * X[layer]!;
    if (Math.abs(x) < X[layer + 1]!) return x;
    // The unary + types the rare call's result as a number, so the function's return value stays an unboxed
    // double: without it V8 merges the two returns as a tagged value and boxes every common-path draw in a
    // heap number (16 bytes per normal, 1.9 KB per MALA step of salamander: most of an IMSA run's garbage).
    if (layer === 0) return +normalTail(bits, x < 0);
    // Wedge: a uniform height in the layer, accepted when it lies under f(x).
    const fInner = F[layer + 1]!;
    if (fInner + bits.uniform() * (F[layer]! - fInner) < halfGaussian(x)) return x;
  }
}

/** Marsaglia (1964): the normal tail beyond R, exactly, with the given sign. */
function normalTail(bits: Xoshiro128, negative: boolean): number {
  for (;;) {
    const a = -Math.log(bits.uniform()) / R;
    const b = -Math.log(bits.uniform());
    if (b + b > a * a) return negative ? -(R + a) : R + a;
  }
}
