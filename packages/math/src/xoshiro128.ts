/**
 * xoshiro128** (Blackman & Vigna 2021, "Scrambled linear pseudorandom number generators", ACM TOMS 47(4)):
 * 128 bits of state, period 2¹²⁸ − 1, every output bit of good quality (the ** scrambler; BigCrush clean),
 * and in JavaScript only 32-bit integer operations (Math.imul, shifts, xor) on an Int32Array — about 3 ns
 * per 32-bit word, where an Alea double (`AleaStream`: two multiply-with-carry steps in floating point)
 * costs about 12 ns. It is the noise source of the samplers whose cost is mostly their noise (MALA draws
 * one normal per coordinate per step: 1.5 × 10⁸ normals in salamander's IMSA); `createRng` streams stay
 * Alea, so simulated data sets and every other stream are unchanged.
 *
 * The recursion (the authors' reference C, uint32 arithmetic):
 *   result = rotl(s₁ · 5, 7) · 9;  t = s₁ << 9;
 *   s₂ ^= s₀;  s₃ ^= s₁;  s₁ ^= s₂;  s₀ ^= s₃;  s₂ ^= t;  s₃ = rotl(s₃, 11).
 * Here the words are int32 (the same bits); Math.imul is the low 32 bits of the product, as uint32 · uint32
 * mod 2³² is.
 *
 * Seeding. A generator is seeded from a keyed `Rng` stream (four of its uniforms, 32 bits each), so it
 * inherits the stream's key path — a chain's generator depends only on its own stream, and chains may run
 * in any thread. The all-zero state (the one fixed point) is replaced by a non-zero one.
 */
import type { Rng } from "./rng.js";

const TWO_POW_32 = 4294967296;
/** 2²⁰ and 2⁻⁵²: the uniform joins 32 + 20 bits. */
const TWO_POW_20 = 1048576;
const TWO_POW_MINUS_52 = 2.220446049250313e-16;

export class Xoshiro128 {
  private readonly state = new Int32Array(4);

  /** A generator in the given state (four 32-bit words; not all zero). */
  constructor(s0: number, s1: number, s2: number, s3: number) {
    this.state[0] = s0;
    this.state[1] = s1;
    this.state[2] = s2;
    this.state[3] = s3;
    if ((this.state[0] | this.state[1] | this.state[2] | this.state[3]) === 0) {
      throw new RangeError("Xoshiro128: the all-zero state is the generator's fixed point");
    }
  }

  /** A generator whose state is the top 32 bits of the next four uniforms of `rng` (the all-zero state, of probability 2⁻¹²⁸, becomes 1). */
  static seededFrom(rng: Rng): Xoshiro128 {
    const words = [0, 0, 0, 0];
    for (let k = 0; k < 4; k++) words[k] = Math.floor(rng.uniform() * TWO_POW_32) | 0;
    if ((words[0]! | words[1]! | words[2]! | words[3]!) === 0) words[0] = 1;
    return new Xoshiro128(words[0]!, words[1]!, words[2]!, words[3]!);
  }

  /** The next 32-bit output as a signed int32 (the bits of the reference's uint32). */
  nextInt32(): number {
    const s = this.state;
    const s0 = s[0]!;
    const s1 = s[1]!;
    const s2 = s[2]! ^ s0;
    const s3 = s[3]! ^ s1;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9);
    s[0] = s0 ^ s3;
    s[1] = s1 ^ s2;
    s[2] = s2 ^ (s1 << 9);
    s[3] = (s3 << 11) | (s3 >>> 21);
    return result;
  }

  /**
   * A uniform on the open interval (0, 1): 52 bits k from two outputs (32 from the first, the top 20 of the
   * second) at the midpoint (k + ½)·2⁻⁵² — exact in doubles (k + ½ < 2⁵² needs 53 bits), never 0 or 1, so
   * log(U) is finite.
   */
  uniform(): number {
    const high = this.nextInt32() >>> 0;
    const low = this.nextInt32() >>> 12;
    return (high * TWO_POW_20 + low + 0.5) * TWO_POW_MINUS_52;
  }
}
