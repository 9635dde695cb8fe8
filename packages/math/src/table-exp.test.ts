import { describe, expect, it } from "vitest";
import { tableExp } from "./table-exp.js";

/** |a − b| in units of the spacing of doubles at b. */
function ulpDistance(a: number, b: number): number {
  const spacing = Math.pow(2, Math.floor(Math.log2(Math.abs(b))) - 52);
  return Math.abs(a - b) / spacing;
}

describe("tableExp", () => {
  it("agrees with Math.exp to within 3 ulp on a dense grid over the whole range", () => {
    let worst = 0;
    // 400 001 points on [−745, 710] with a stride that is no multiple of ln2/128, so every table slot and
    // many remainders are hit; results in the subnormal range (Math.exp's own territory) are skipped.
    for (let i = 0; i <= 400_000; i++) {
      const x = -745 + i * 0.0036374999 + (i % 7) * 1e-9;
      const expected = Math.exp(x);
      if (expected < 2.2250738585072014e-308 || !Number.isFinite(expected)) continue;
      worst = Math.max(worst, ulpDistance(tableExp(x), expected));
    }
    expect(worst).toBeLessThan(3);
    expect(worst).toBeGreaterThan(0); // not Math.exp in disguise
  });

  it("is close where a sampler's rows live: x = −|η| for |η| ≤ 40, and tiny arguments", () => {
    let worst = 0;
    for (let i = 0; i <= 100_000; i++) {
      const x = -40 * (i / 100_000);
      worst = Math.max(worst, ulpDistance(tableExp(x), Math.exp(x)));
    }
    for (const x of [1e-300, -1e-300, 1e-17, -1e-17, 2.2e-16, -3e-10]) worst = Math.max(worst, ulpDistance(tableExp(x), Math.exp(x)));
    expect(worst).toBeLessThan(3);
  });

  it("is exact at 0 and defers to Math.exp at the ends and for non-finite input", () => {
    expect(tableExp(0)).toBe(1);
    expect(tableExp(-0)).toBe(1);
    for (const x of [-745.2, -720, -708, 709, 709.7, 710, Infinity, -Infinity]) expect(tableExp(x)).toBe(Math.exp(x));
    expect(tableExp(Number.NaN)).toBeNaN();
  });
});
