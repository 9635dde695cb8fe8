import { describe, expect, it } from "vitest";
import { chiSquareSurvival } from "./chi-square.js";
import { createRng } from "./rng.js";
import { Xoshiro128 } from "./xoshiro128.js";

/** The authors' reference recursion in unsigned 32-bit arithmetic (BigInt), an oracle independent of int32 tricks. */
function referenceOutputs(state: readonly number[], count: number): number[] {
  const mask = (1n << 32n) - 1n;
  const s = state.map((w) => BigInt(w >>> 0));
  const rotl = (x: bigint, k: bigint): bigint => ((x << k) | (x >> (32n - k))) & mask;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    out.push(Number((rotl((s[1]! * 5n) & mask, 7n) * 9n) & mask));
    const t = (s[1]! << 9n) & mask;
    s[2] = s[2]! ^ s[0]!;
    s[3] = s[3]! ^ s[1]!;
    s[1] = s[1]! ^ s[2]!;
    s[0] = s[0]! ^ s[3]!;
    s[2] = s[2]! ^ t;
    s[3] = rotl(s[3]!, 11n);
  }
  return out;
}

describe("Xoshiro128 (xoshiro128**)", () => {
  it("gives the reference recursion's outputs, from small and from large (negative int32) states", () => {
    for (const state of [
      [1, 2, 3, 4],
      [0x9e3779b9 | 0, 0x7f4a7c15, 0xdeadbeef | 0, 0x01234567],
      [-1, -2, 0, 1],
    ]) {
      const generator = new Xoshiro128(state[0]!, state[1]!, state[2]!, state[3]!);
      const mine = Array.from({ length: 10_000 }, () => generator.nextInt32() >>> 0);
      expect(mine).toEqual(referenceOutputs(state, 10_000));
    }
    // The first outputs from (1, 2, 3, 4): rotl(2·5, 7)·9 = 11520, then 0 (s₁ becomes 0).
    const g = new Xoshiro128(1, 2, 3, 4);
    expect([g.nextInt32(), g.nextInt32()]).toEqual([11520, 0]);
  });

  it("rejects the all-zero state", () => {
    expect(() => new Xoshiro128(0, 0, 0, 0)).toThrow(/all-zero/);
  });

  it("is seeded deterministically from a keyed stream, and different keys give different generators", () => {
    const a = Xoshiro128.seededFrom(createRng("7").split("chain-0"));
    const b = Xoshiro128.seededFrom(createRng("7").split("chain-0"));
    const c = Xoshiro128.seededFrom(createRng("7").split("chain-1"));
    const first = Array.from({ length: 100 }, () => a.nextInt32());
    expect(Array.from({ length: 100 }, () => b.nextInt32())).toEqual(first);
    const other = Array.from({ length: 100 }, () => c.nextInt32());
    expect(other.filter((w, k) => w === first[k]).length).toBe(0);
  });

  it("gives uniforms strictly inside (0, 1) on the (k + ½)·2⁻⁵² grid, uniform by a χ² test on 1 000 cells", () => {
    const g = Xoshiro128.seededFrom(createRng("uniform"));
    const cells = 1000;
    const draws = 1_000_000;
    const counts = new Float64Array(cells);
    let outside = 0;
    let offGrid = 0;
    for (let i = 0; i < draws; i++) {
      const u = g.uniform();
      if (!(u > 0 && u < 1)) outside++;
      if (!Number.isInteger(u * 2 ** 52 - 0.5)) offGrid++;
      counts[Math.floor(u * cells)]! += 1;
    }
    expect(outside).toBe(0);
    expect(offGrid).toBe(0);
    let statistic = 0;
    const expected = draws / cells;
    for (const c of counts) statistic += (c - expected) ** 2 / expected;
    expect(chiSquareSurvival(statistic, cells - 1)).toBeGreaterThan(1e-3);
    // The extremes of the grid are ½·2⁻⁵² and 1 − ½·2⁻⁵².
    expect(new Xoshiro128(0, 0, 0, 1).uniform()).toBeGreaterThan(0);
  });

  it("has each of the 32 output bits a fair coin and consecutive words uncorrelated", () => {
    const g = Xoshiro128.seededFrom(createRng("bits"));
    const n = 200_000;
    const ones = new Float64Array(32);
    let previous = g.nextInt32();
    let agree = 0;
    for (let i = 0; i < n; i++) {
      const w = g.nextInt32();
      for (let bit = 0; bit < 32; bit++) ones[bit]! += (w >>> bit) & 1;
      // Bits equal between consecutive words: Binomial(32n, ½) for independent words.
      let same = ~(w ^ previous);
      for (let bit = 0; bit < 32; bit++) agree += (same >>> bit) & 1;
      previous = w;
    }
    for (let bit = 0; bit < 32; bit++) expect(Math.abs(ones[bit]! - n / 2), `bit ${bit}`).toBeLessThan(4.5 * Math.sqrt(n / 4));
    expect(Math.abs(agree - 16 * n)).toBeLessThan(4.5 * Math.sqrt(8 * n));
  });
});
