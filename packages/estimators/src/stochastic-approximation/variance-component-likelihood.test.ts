import { describe, expect, it } from "vitest";
import { createRng } from "@glmmkit/math";
import { covarianceFromCholeskyFactor } from "@glmmkit/core";
import {
  blockSize,
  choleskyFromPsiBlock,
  covarianceFromVech,
  covarianceScoreAndInformation,
  logCholeskyScoreAndInformation,
  varianceComponentLogLik,
} from "./variance-component-likelihood.js";
import { partialDerivative } from "../test-support/richardson.js";

function randomCase(q: number, seed: string) {
  const rng = createRng(seed);
  const J = 7 + q;
  const S = new Float64Array(q * q);
  for (let j = 0; j < J; j++) {
    const b = Float64Array.from({ length: q }, () => 1.3 * rng.normal());
    for (let c = 0; c < q; c++) for (let r = 0; r < q; r++) S[c * q + r] += b[r]! * b[c]!;
  }
  const psi = Float64Array.from({ length: blockSize(q) }, () => 0.4 * rng.normal());
  return { J, S, psi };
}

describe("complete-data likelihood of a variance component: exact score and information (Richardson differences)", () => {
  for (const q of [1, 2, 3]) {
    it(`q = ${q}: in vech(Σ) and in the log-Cholesky ψ`, () => {
      const { J, S, psi } = randomCase(q, `vc ${q}`);
      const L = new Float64Array(q * q);
      choleskyFromPsiBlock(psi, 0, q, L);
      const sigma = covarianceFromCholeskyFactor(L, q);
      const vech = new Float64Array(blockSize(q));
      let k = 0;
      for (let c = 0; c < q; c++) for (let r = c; r < q; r++) vech[k++] = sigma[c * q + r]!;
      const fVech = (v: Float64Array) => {
        const s = new Float64Array(q * q);
        covarianceFromVech(v, 0, q, s);
        return varianceComponentLogLik(S, J, s, q);
      };
      const fPsi = (p: Float64Array) => {
        const l = new Float64Array(q * q);
        choleskyFromPsiBlock(p, 0, q, l);
        return varianceComponentLogLik(S, J, covarianceFromCholeskyFactor(l, q), q);
      };
      const m = blockSize(q);
      const byVech = covarianceScoreAndInformation(S, J, sigma, q);
      const byPsi = logCholeskyScoreAndInformation(S, J, L, q);
      for (let a = 0; a < m; a++) {
        expect(byVech.score[a]).toBeCloseTo(partialDerivative(fVech, vech, a), 6);
        expect(byPsi.score[a]).toBeCloseTo(partialDerivative(fPsi, psi, a), 6);
        for (let b = 0; b < m; b++) {
          const gradVech = (v: Float64Array) => {
            const s = new Float64Array(q * q);
            covarianceFromVech(v, 0, q, s);
            return covarianceScoreAndInformation(S, J, s, q).score[a]!;
          };
          const gradPsi = (p: Float64Array) => {
            const l = new Float64Array(q * q);
            choleskyFromPsiBlock(p, 0, q, l);
            return logCholeskyScoreAndInformation(S, J, l, q).score[a]!;
          };
          expect(byVech.information[b * m + a]).toBeCloseTo(-partialDerivative(gradVech, vech, b), 5);
          expect(byPsi.information[b * m + a]).toBeCloseTo(-partialDerivative(gradPsi, psi, b), 5);
        }
      }
    });
  }

  it("q = 1 reduces to the closed forms of Song & Tan's Appendix A", () => {
    const S = Float64Array.of(7.3);
    const J = 10;
    const s2 = 0.8;
    const v = covarianceScoreAndInformation(S, J, Float64Array.of(s2), 1);
    expect(v.score[0]).toBeCloseTo((S[0]! / s2 - J) / (2 * s2), 12);
    expect(v.information[0]).toBeCloseTo(S[0]! / s2 ** 3 - J / (2 * s2 * s2), 12);
    const l = logCholeskyScoreAndInformation(S, J, Float64Array.of(Math.sqrt(s2)), 1);
    expect(l.score[0]).toBeCloseTo(S[0]! / s2 - J, 12);
    expect(l.information[0]).toBeCloseTo((2 * S[0]!) / s2, 12);
  });
});

describe("the SA parameter layout", () => {
  it("round-trips (β, ψ) through vech(Σ) and its Jacobian ∂ψ/∂vech matches differences", async () => {
    const { SaParameterLayout } = await import("./sa-parameter-layout.js");
    const { simulatedFrame } = await import("../test-support/simulated-frame.js");
    const frame = simulatedFrame("y ~ x + (1 + x + w | g) + (1 | h)", { n: 150, gLevels: 10, hLevels: 6, seed: "layout" });
    const layout = new SaParameterLayout(frame, "variance");
    const d = layout.dim;
    const rng = createRng("layout theta");
    const theta = Float64Array.from({ length: d }, () => 0.5 * rng.normal());
    const sa = new Float64Array(d);
    layout.fromTheta(theta, sa);
    const back = new Float64Array(d);
    layout.toTheta(sa, back);
    for (let k = 0; k < d; k++) expect(back[k]).toBeCloseTo(theta[k]!, 12);
    const J = new Float64Array(d * d);
    layout.jacobianToTheta(sa, J);
    for (let col = 0; col < d; col++) {
      for (let row = 0; row < d; row++) {
        const f = (v: Float64Array) => {
          const out = new Float64Array(d);
          layout.toTheta(v, out);
          return out[row]!;
        };
        expect(J[col * d + row]).toBeCloseTo(partialDerivative(f, sa, col, 1e-4), 7);
      }
    }
    expect(layout.names.slice(frame.p)).toEqual([
      "var(g: (Intercept))",
      "cov(g: x, (Intercept))",
      "cov(g: w, (Intercept))",
      "var(g: x)",
      "cov(g: w, x)",
      "var(g: w)",
      "var(h)",
    ]);
  });
});
