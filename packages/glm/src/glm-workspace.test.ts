import { describe, expect, it } from "vitest";
import { createRng } from "@glmmkit/math";
import { fitGlm, GlmWorkspace, type GlmFit } from "./fit-glm.js";
import { loadEndometrial } from "./test-support/test-data.js";

const data = loadEndometrial();
const n = data.n;
/** HG ~ PI + EH (no separating NV column): columns 0, 2, 3 of the full design. */
const X = new Float64Array(n * 3);
X.set(data.X.subarray(0, n), 0);
X.set(data.X.subarray(2 * n, 3 * n), n);
X.set(data.X.subarray(3 * n, 4 * n), 2 * n);
const design = { X, n, p: 3 };

/** Offsets like IMSA's Zb: a random effect per block of 8 rows, a new draw for every fit. */
function offsets(count: number, seed: string): Float64Array[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => {
    const effects = Array.from({ length: Math.ceil(n / 8) }, () => 0.8 * rng.normal());
    return Float64Array.from({ length: n }, (_, i) => effects[Math.floor(i / 8)]!);
  });
}

function bits(fit: GlmFit): unknown[] {
  return [Array.from(fit.beta), Array.from(fit.score), fit.logLik, fit.objective, fit.iterations, fit.converged, fit.maxAbsScore, Array.from(fit.vcov)];
}

describe("GlmWorkspace", () => {
  it("gives fitGlm's results to the bit, fit after fit, with and without a ridge or standard errors", () => {
    const ridge = Float64Array.of(0.5, 0.1, 2);
    for (const extra of [{}, { ridge }, { standardErrors: false }] as const) {
      const workspace = new GlmWorkspace({ design, y: data.y, trials: data.trials, ...extra });
      let start: Float64Array | undefined;
      for (const offset of offsets(6, "workspace")) {
        const alone = fitGlm({ design, y: data.y, trials: data.trials, offset, ...(start === undefined ? {} : { start }), ...extra });
        const reused = workspace.fit(offset, start);
        expect(bits(reused)).toEqual(bits(alone));
        expect(reused.converged).toBe(true);
        start = reused.beta;
      }
    }
  });

  it("checks each offset and start as fitGlm does", () => {
    const workspace = new GlmWorkspace({ design, y: data.y, trials: data.trials });
    const bad = new Float64Array(n);
    bad[4] = Number.NaN;
    expect(() => workspace.fit(bad)).toThrow(/row 5 has offset NaN/);
    expect(() => workspace.fit(undefined, new Float64Array(2))).toThrow(/start has length 2, expected p = 3/);
  });

  it("normal-equation directions reach the same maximiser as QR (score within tolerance, β to rounding)", () => {
    const qr = new GlmWorkspace({ design, y: data.y, trials: data.trials, standardErrors: false });
    const normal = new GlmWorkspace({ design, y: data.y, trials: data.trials, standardErrors: false, scoringDirection: "normal-equations" });
    for (const offset of offsets(6, "normal equations")) {
      const a = qr.fit(offset);
      const b = normal.fit(offset);
      expect(b.converged).toBe(true);
      expect(b.maxAbsScore).toBeLessThanOrEqual(1e-10);
      // Different rounding on the way, the same stationary point: the iterations agree, β to ~1e-12.
      expect(b.iterations).toBe(a.iterations);
      for (let k = 0; k < 3; k++) expect(Math.abs(b.beta[k]! - a.beta[k]!)).toBeLessThan(1e-9 * (1 + Math.abs(a.beta[k]!)));
      expect(b.logLik).toBeCloseTo(a.logLik, 9);
    }
  });

  it("normal-equation directions fall back to QR when XᵀWX + Λ does not factor (a duplicated column)", () => {
    // XᵀWX is exactly singular, so every direction is QR's: the same (non-converged) answer to the bit.
    const twice = new Float64Array(n * 2);
    twice.set(X.subarray(n, 2 * n), 0);
    twice.set(X.subarray(n, 2 * n), n);
    const problem = { design: { X: twice, n, p: 2 }, y: data.y, trials: data.trials, fullRank: true, standardErrors: false } as const;
    const a = fitGlm(problem);
    const b = fitGlm({ ...problem, scoringDirection: "normal-equations" });
    expect(a.converged).toBe(false);
    expect(bits(b)).toEqual(bits(a));
  });
});
