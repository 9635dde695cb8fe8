/**
 * The finite-maximiser certificate never contradicts the LP: whenever it holds, Konis's LP finds the data
 * overlapping; on separated data it does not hold (the LP then decides). Checked on the reference data and
 * on random small designs, many of them separated or nearly so, and against an independent bound: the ML
 * estimate brglm2/glm would print lies inside the certified ball.
 */
import { describe, expect, it } from "vitest";
import { detectSeparation } from "@glmmkit/separation-detect";
import type { ModelFrame } from "@glmmkit/core";
import { fitGlm } from "@glmmkit/glm";
import { createRng, expit } from "@glmmkit/math";
import { CULCITA_LEVELS, sharedFrame } from "../test-support/reference.js";
import { certifyFiniteMaximiser } from "./finite-maximiser-certificate.js";
import { fixedEffectsSeparation } from "./fixed-effects-separation.js";

async function lpSeparated(frame: Pick<ModelFrame, "X" | "n" | "p" | "y" | "trials" | "binary">): Promise<boolean> {
  return (await detectSeparation(frame.X, frame.n, frame.p, frame.y, frame.binary ? null : frame.trials)).separated;
}

describe("finite-maximiser certificate", () => {
  const overlapping: [string, () => ModelFrame][] = [
    ["culcita", () => sharedFrame("culcita.csv", "predation ~ ttt + (1 | block)", { levelOrders: CULCITA_LEVELS })],
    ["cbpp (counts)", () => sharedFrame("cbpp.csv", "cbind(incidence, size - incidence) ~ period + (1 | herd)", { factors: ["period"] })],
    ["toenail", () => sharedFrame("toenail.csv", "outcome ~ treatment * time + (1 | patientID)", { success: "moderate or severe" })],
    ["sim_base_J50", () => sharedFrame("sim_base_J50.csv", "y ~ x1 + x2 + x3 + x4 + (1 | g)")],
  ];
  for (const [name, frame] of overlapping) {
    it(`${name}: certified, the LP agrees, and the GLM's ML estimate lies in the ball`, async () => {
      const f = frame();
      const certificate = certifyFiniteMaximiser(f);
      expect(certificate.certified).toBe(true);
      expect(certificate.gradientNorm).toBeLessThan(certificate.curvature * certificate.radius);
      expect(await lpSeparated(f)).toBe(false);
      const glm = fitGlm({
        design: { X: f.X, n: f.n, p: f.p },
        y: f.y,
        trials: f.trials,
        tolerance: 1e-12,
      });
      let distance = 0;
      for (let k = 0; k < f.p; k++) distance += (glm.beta[k]! - certificate.beta[k]!) ** 2;
      expect(Math.sqrt(distance)).toBeLessThan(certificate.radius);
      const routed = await fixedEffectsSeparation(f);
      expect(routed.route).toBe("finite-maximiser certificate");
      expect(routed.separated).toBe(false);
    });
  }

  it("endometrial (quasi-complete separation in NV): not certified; the LP decides", async () => {
    const f = sharedFrame("endometrial.csv", "HG ~ NV + PI + EH");
    expect(certifyFiniteMaximiser(f).certified).toBe(false);
    const routed = await fixedEffectsSeparation(f);
    expect(routed.route).toBe("LP");
    expect(routed.separated).toBe(true);
  });

  it("never certifies separated data: 300 random small designs against the LP", async () => {
    let state = 12345;
    const uniform = () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 4294967296;
    };
    let certified = 0;
    let separated = 0;
    for (let c = 0; c < 300; c++) {
      const n = 6 + Math.floor(uniform() * 30);
      const p = 1 + Math.floor(uniform() * 3);
      const strength = [0.5, 3, 30][c % 3]!;
      const X = new Float64Array(n * p);
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        X[i] = 1;
        let eta = 0;
        for (let k = 1; k < p; k++) {
          X[k * n + i] = Math.round((uniform() * 2 - 1) * 8) / 4;
          eta += strength * X[k * n + i]!;
        }
        y[i] = uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
      }
      const frame = { X, n, p, y, trials: new Float64Array(n).fill(1), binary: true };
      const lp = await lpSeparated(frame);
      if (lp) separated++;
      const certificate = certifyFiniteMaximiser(frame);
      if (certificate.certified) {
        certified++;
        expect(lp, `design ${c}`).toBe(false);
      }
    }
    // Both kinds occur, and the certificate holds for most overlapping designs.
    expect(separated).toBeGreaterThan(30);
    expect(certified).toBeGreaterThan(0.8 * (300 - separated));
  });
});

describe("finite-maximiser certificate on large data (IRLS started from a subsample's fit)", () => {
  /** y ~ Bern(expit(−1 + 0.8 x + 2 r)): x ~ N(0, 1); r = 1 on `rareRows` only (absent from a subsample of every k-th row). */
  function largeFrame(n: number, rareRows: readonly number[]): Pick<ModelFrame, "X" | "n" | "p" | "y" | "trials"> {
    const rng = createRng("large certificate");
    const X = new Float64Array(3 * n);
    const y = new Float64Array(n);
    const rare = new Set(rareRows);
    for (let i = 0; i < n; i++) {
      const x = rng.normal();
      const r = rare.has(i) ? 1 : 0;
      X[i] = 1;
      X[n + i] = x;
      X[2 * n + i] = r;
      y[i] = rng.bernoulli(expit(-1 + 0.8 * x + 2 * r));
    }
    // The rare rows hold both outcomes, so the whole data are not separated in r.
    y[rareRows[0]!] = 0;
    y[rareRows[1]!] = 1;
    return { X, n, p: 3, y, trials: new Float64Array(n).fill(1) };
  }

  const n = 120_000;
  const step = Math.ceil(n / 20_000);
  const cases: [string, readonly number[]][] = [
    ["a subsample start", Array.from({ length: 600 }, (_, k) => 37 + 199 * k)],
    ["a rare column the subsample misses (back to β = 0)", Array.from({ length: 40 }, (_, k) => 1 + step * 97 * k)],
  ];
  for (const [name, rareRows] of cases) {
    it(`${name}: certified at the ML estimate IRLS reaches from 0`, () => {
      const frame = largeFrame(n, rareRows);
      const certificate = certifyFiniteMaximiser(frame);
      expect(certificate.certified).toBe(true);
      const fromZero = fitGlm({ design: { X: frame.X, n, p: 3 }, y: frame.y, trials: frame.trials, tolerance: 1e-9, standardErrors: false });
      for (let k = 0; k < 3; k++) expect(Math.abs(certificate.beta[k]! - fromZero.beta[k]!)).toBeLessThan(1e-8);
      // From the subsample's fit IRLS needs fewer full passes than from 0; without it, as many.
      if (rareRows.length === 600) expect(certificate.iterations).toBeLessThan(fromZero.iterations);
      else expect(certificate.iterations).toBe(fromZero.iterations);
    });
  }
});
