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
