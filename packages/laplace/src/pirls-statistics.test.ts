/**
 * `pirlsStatistics()` reports the Newton iterations of the last mode search and the clusters whose mode
 * search did not reach the tolerance on |∂h_j/∂u| (GlmmLikelihoodOptions.modeTolerance).
 */
import { describe, expect, it } from "vitest";
import { GlmmLikelihood } from "./glmm-likelihood.js";
import { tinyFrame, tinyParameters, tinyRows, type TinyRow } from "./test-support/hand-computed-integrals.js";

const { beta, sigma } = tinyParameters;
const theta = Float64Array.from([...beta, Math.log(sigma)]);

/*
 * Two extra clusters with m = 1e20 trials: y − m μ is then a multiple of ~4096 (the spacing of doubles
 * near 3e19) while the mode needs it to equal u/σ ≈ 1, so |∂h/∂u| = |σ Σ z (y − m μ) − u| stays ≥ ~0.5
 * whatever u: no mode search can meet a tolerance of 1e-10 there.
 */
const hugeCountRows: TinyRow[] = [
  ...tinyRows,
  { cluster: 3, x: [1, 0.5], z: 1, y: 3e19, m: 1e20 },
  { cluster: 4, x: [1, -0.5], z: 1, y: 7e19, m: 1e20 },
  { cluster: 4, x: [1, 1.0], z: 1, y: 1, m: 1 },
];

/** |∂h_j/∂u| at u for cluster j, from the definition h_j(u) = Σ_i [y_i η_i − m_i log(1 + e^η_i)] − u²/2. */
function modeEquationResidual(rows: readonly TinyRow[], j: number, u: number): number {
  let slope = -u;
  for (const r of rows.filter((row) => row.cluster === j)) {
    const eta = r.x[0]! * beta[0]! + r.x[1]! * beta[1]! + sigma * r.z * u;
    slope += sigma * r.z * (r.y - r.m / (1 + Math.exp(-eta)));
  }
  return Math.abs(slope);
}

describe("pirlsStatistics", () => {
  it("on regular data every cluster converges, and a warm restart at a nearby θ needs fewer Newton steps", () => {
    const likelihood = new GlmmLikelihood(tinyFrame(tinyRows));
    likelihood.logLik(theta);
    const cold = likelihood.pirlsStatistics();
    expect(cold.unconvergedClusters).toBe(0);
    // From u = 0 every one of the three clusters needs at least one Newton step.
    expect(cold.iterations).toBeGreaterThanOrEqual(3);
    // (At the same θ the value is remembered and PIRLS does not run at all.)
    const nearby = theta.map((v, k) => (k === 0 ? v + 1e-4 : v));
    likelihood.logLik(nearby);
    const warm = likelihood.pirlsStatistics();
    expect(warm.unconvergedClusters).toBe(0);
    expect(warm.iterations).toBeLessThan(cold.iterations);
  });

  it("counts exactly the clusters whose mode equation cannot be solved to the tolerance", () => {
    const likelihood = new GlmmLikelihood(tinyFrame(hugeCountRows));
    expect(Number.isFinite(likelihood.logLik(theta))).toBe(true);
    const stats = likelihood.pirlsStatistics();
    // Independently: the residual of the mode equation at the reported modes (b = σ u).
    const modes = likelihood.conditionalModes();
    const residuals = [0, 1, 2, 3, 4].map((j) => modeEquationResidual(hugeCountRows, j, modes[j]! / sigma));
    expect(residuals.slice(0, 3).every((r) => r < 1e-8)).toBe(true);
    expect(residuals.slice(3).every((r) => r > 0.1)).toBe(true);
    expect(stats.unconvergedClusters).toBe(2);
  });

  it("with a mode tolerance of 0 no cluster can converge, and all are counted", () => {
    const likelihood = new GlmmLikelihood(tinyFrame(tinyRows), { modeTolerance: 0 });
    likelihood.logLik(theta);
    expect(likelihood.pirlsStatistics().unconvergedClusters).toBe(3);
  });

  it("describes the last evaluation only", () => {
    const likelihood = new GlmmLikelihood(tinyFrame(hugeCountRows));
    likelihood.logLik(theta);
    expect(likelihood.pirlsStatistics().unconvergedClusters).toBe(2);
    // σ = e^−800 = 0: every mode equation reads −u = 0, solved exactly at u = 0.
    likelihood.logLik(Float64Array.from([beta[0]!, beta[1]!, -800]));
    expect(likelihood.pirlsStatistics().unconvergedClusters).toBe(0);
    likelihood.logLik(theta);
    expect(likelihood.pirlsStatistics().unconvergedClusters).toBe(2);
  });
});
