import { describe, expect, it } from "vitest";
import { createRng } from "@glmmkit/math";
import { cappedHarmonicGain, harmonicGain, runStochasticApproximation, type StochasticApproximationProblem } from "./stochastic-approximation.js";
import { RollingMonitor } from "./rolling-monitor.js";
import { LouisVariance } from "./louis-variance.js";
import { imputeExactly, normalNormalModel, type NormalNormalModel } from "./test-support/normal-normal.js";

const CHAINS = 4;

/**
 * IMSA on θ = (σ²) and ScoreSA on θ = (log σ) for the normal–normal model, with m exact imputations per
 * iteration; the Louis accumulator sees every iteration after `burnIn`.
 */
function normalNormalProblem(model: NormalNormalModel, scale: "variance" | "log-sd", seed: string, louis?: { burnIn: number; acc: LouisVariance }) {
  const n = model.y.length;
  const rng = createRng(seed);
  const streams = Array.from({ length: CHAINS }, (_, j) => rng.split(`chain ${j}`));
  const u = Array.from({ length: CHAINS }, () => new Float64Array(n));
  const sumSquares = new Float64Array(CHAINS);
  let t = 0;
  const s = (theta: Float64Array) => (scale === "variance" ? theta[0]! : Math.exp(2 * theta[0]!));
  const problem: StochasticApproximationProblem = {
    dim: 1,
    impute(theta, iteration) {
      t = iteration;
      for (let j = 0; j < CHAINS; j++) {
        imputeExactly(model, s(theta), streams[j]!, u[j]!);
        let ss = 0;
        for (const v of u[j]!) ss += v * v;
        sumSquares[j] = ss;
      }
    },
    maximise(theta, out) {
      let m = 0;
      for (const ss of sumSquares) m += ss / n / CHAINS;
      out[0] = m;
      if (louis !== undefined && t > louis.burnIn) {
        // H = −∂²/∂(σ²)² log f(y, u; σ²) = Σu²/s³ − n/(2s²), averaged over the imputations.
        const sv = theta[0]!;
        let h = 0;
        for (const ss of sumSquares) h += (ss / sv ** 3 - n / (2 * sv * sv)) / CHAINS;
        louis.acc.add([m - sv], [h]);
      }
    },
    score(theta, out) {
      // ∂/∂τ log f(y, u; τ) = e^{−2τ} Σu² − n (Song & Tan 2022, Appendix A), averaged.
      let g = 0;
      for (const ss of sumSquares) g += (Math.exp(-2 * theta[0]!) * ss - n) / CHAINS;
      out[0] = g;
    },
  };
  return problem;
}

describe("the stochastic-approximation driver on a model with a known limit", () => {
  // σ² = 4: the observed share of the complete-data information, c = (s/(1+s))² ≈ 0.64, exceeds ½, so with
  // γ_t = 1/t the error decays like t^(−1/2) (with c < ½ it would decay only like t^(−c), the known slow
  // regime of Robbins–Monro gains; Delyon, Lavielle & Moulines 1999). The MLE's standard error is ≈ 0.5.
  const model = normalNormalModel(200, 4, "normal-normal");

  it("IMSA with γ_t = 1/t converges to the self-consistent point (here the MLE)", () => {
    const result = runStochasticApproximation(normalNormalProblem(model, "variance", "imsa"), Float64Array.of(8), {
      rule: "imsa",
      iterations: 2000,
    });
    expect(result.iterations).toBe(2000);
    expect(Math.abs(result.theta[0]! - model.mle)).toBeLessThan(0.05);
  });

  it("the rolling monitor of the IMSA increments falls below 0.05 once the run settles", () => {
    const result = runStochasticApproximation(normalNormalProblem(model, "variance", "monitor"), Float64Array.of(8), {
      rule: "imsa",
      iterations: 1000,
    });
    expect(result.monitor.converged).toBe(true);
    expect(result.rollingMeans[248]).toBeNaN();
    expect(result.rollingMeans[249]).toBeGreaterThan(0);
    // Each increment alone stays at the imputation noise: the mean of the norms would stay above the threshold.
    expect(result.norms.subarray(500).reduce((a, b) => a + b, 0) / 500).toBeGreaterThan(0.05);
  });

  it("the first IMSA step with γ₁ = 1 replaces the start by the first M-step (Algorithm 2 from t = 1)", () => {
    const problem = normalNormalProblem(model, "variance", "first");
    const seen: number[] = [];
    runStochasticApproximation(problem, Float64Array.of(50), {
      rule: "imsa",
      iterations: 1,
      onIteration: (info) => void seen.push(info.theta[0]! - (info.previous[0]! + info.direction[0]!)),
    });
    expect(seen).toEqual([0]);
  });

  it("ScoreSA on log σ with γ_t = min(1/t, 1/t0) converges to the MLE", () => {
    const result = runStochasticApproximation(normalNormalProblem(model, "log-sd", "scoresa"), Float64Array.of(0.3), {
      rule: "scoresa",
      iterations: 4000,
      gain: cappedHarmonicGain(100),
    });
    expect(Math.abs(Math.exp(2 * result.theta[0]!) - model.mle)).toBeLessThan(0.05);
  });

  it("stops early on request, records the trace, and stops on a non-finite update", () => {
    const traced = runStochasticApproximation(normalNormalProblem(model, "variance", "trace"), Float64Array.of(1), {
      rule: "imsa",
      iterations: 10,
      recordTrace: true,
      onIteration: (info) => info.t < 5,
    });
    expect(traced.iterations).toBe(5);
    expect(traced.stoppedEarly).toBe(true);
    expect(traced.trace!.length).toBe(5);
    expect(traced.trace![4]).toBe(traced.theta[0]);
    const exploding: StochasticApproximationProblem = { dim: 1, impute: () => {}, score: (_t, out) => void (out[0] = Infinity) };
    const broken = runStochasticApproximation(exploding, Float64Array.of(0), { rule: "scoresa", iterations: 10 });
    expect(broken.nonFinite).toBe(true);
    expect(broken.iterations).toBe(1);
  });

  it("gain schedules", () => {
    expect(harmonicGain(4)).toBe(0.25);
    expect(cappedHarmonicGain(10)(4)).toBe(0.1);
    expect(cappedHarmonicGain(10)(20)).toBe(0.05);
    expect(() => cappedHarmonicGain(0)).toThrow();
  });
});

describe("Algorithm 6: the IMSA variance by Louis' identity", () => {
  it("matches the exact inverse observed information within 10 %", () => {
    const model = normalNormalModel(200, 1, "louis");
    const acc = new LouisVariance(1, CHAINS);
    runStochasticApproximation(normalNormalProblem(model, "variance", "louis-run", { burnIn: 1000, acc }), Float64Array.of(1), {
      rule: "imsa",
      iterations: 4000,
    });
    const variance = acc.covariance()![0]!;
    expect(variance * model.observedInformation).toBeGreaterThan(0.9);
    expect(variance * model.observedInformation).toBeLessThan(1.1);
  });

  it("with ρ = λ = ν = 1/k the accumulators are the mean, the Welford covariance (divisor k) and the mean of H", () => {
    const acc = new LouisVariance(2, 3);
    const increments = [
      [1, 2],
      [3, -1],
      [0, 0.5],
      [2, 2],
    ];
    const informations = increments.map(([a, b]) => [a! + 5, 0.1, 0.1, b! + 5]);
    increments.forEach((r, k) => acc.add(r, informations[k]!));
    const mean = [1.5, 0.875];
    const cov = [0, 0, 0, 0];
    for (const r of increments) {
      for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) cov[j * 2 + i] += ((r[i]! - mean[i]!) * (r[j]! - mean[j]!)) / 4;
    }
    const R = acc.incrementCovarianceEstimate();
    for (let k = 0; k < 4; k++) expect(R[k]).toBeCloseTo(3 * cov[k]!, 12);
    expect([...acc.meanIncrementEstimate()]).toEqual(mean);
    expect(acc.completeDataInformation()[0]).toBeCloseTo(6.5, 12);
  });
});

describe("the rolling monitor (window 250, threshold 0.05)", () => {
  it("takes the ∞-norm of the mean of the last `window` directions and remembers its smallest value", () => {
    const monitor = new RollingMonitor(2, 3, 0.5);
    expect(monitor.push([1, 0])).toBeNaN();
    expect(monitor.push([1, -3])).toBeNaN();
    expect(monitor.push([1, 0])).toBe(1);
    expect(monitor.push([0.1, 3])).toBeCloseTo(0.7, 12);
    expect(monitor.push([-1.3, 0])).toBeCloseTo(1, 12); // (0, 3 + 0 + ... ) / 3: second coordinate 3/3
    expect(monitor.push([0.1, -3])).toBeCloseTo(1.1 / 3, 12);
    expect(monitor.convergedAt).toBe(6);
    expect(monitor.minimum).toBeCloseTo(1.1 / 3, 12);
    expect(monitor.converged).toBe(true);
  });
});
