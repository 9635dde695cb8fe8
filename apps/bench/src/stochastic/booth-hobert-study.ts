/**
 * The Booth–Hobert study of Song & Tan (2022), §4.1 and Figure 1: 100 data sets from the simulate package's
 * `booth-hobert` design (10 clusters of 15, logit = 5x + u, σ² = 0.5, no intercept), each fitted by ML
 * (Laplace and adaptive Gauss–Hermite), IMSA, IMSA-log and ScoreSA-1…6 (t0 = 1, 5, 10, 25, 50, 100), the SA
 * runs for 2 000 iterations from starts dispersed as the paper's (β uniform on (1, 2), σ² on (0.5, 1.5)).
 * The paper prints only boxplots; here: medians, bias and RMSE of β̂, σ̂² and log σ̂, and the share of σ̂²
 * at (or within 1e-4 of) zero; and, for the methods with standard errors (ML: observed information; IMSA and
 * IMSA-log: Algorithm 6), the coverage of their 95 % Wald intervals of the true β and σ² (wald-coverage.ts).
 */
import { getEstimator, type FitResult, type ModelFrame } from "@glmmkit/core";
import "@glmmkit/estimators";
import { createRng } from "@glmmkit/math";
import { createSimulator } from "@glmmkit/simulate";
import { coverageShares, waldOutcome, type CoverageShare } from "./wald-coverage.js";

export interface StudyMethod {
  readonly label: string;
  readonly estimator: string;
  readonly options: Record<string, unknown>;
  /** Start from the paper's dispersed values (the SA methods). */
  readonly dispersedStart: boolean;
}

export const BOOTH_HOBERT_METHODS: readonly StudyMethod[] = [
  { label: "ML (Laplace)", estimator: "ml", options: {}, dispersedStart: false },
  { label: "ML (nAGQ = 25)", estimator: "ml", options: { nAGQ: 25 }, dispersedStart: false },
  { label: "IMSA", estimator: "imsa", options: { iterations: 2000 }, dispersedStart: true },
  { label: "IMSA-log", estimator: "imsa", options: { iterations: 2000, scale: "log" }, dispersedStart: true },
  ...[1, 5, 10, 25, 50, 100].map((t0, k) => ({
    label: `ScoreSA-${k + 1} (t0 = ${t0})`,
    estimator: "scoresa",
    options: { iterations: 2000, t0 },
    dispersedStart: true,
  })),
];

export interface ParameterSummary {
  readonly median: number;
  readonly bias: number;
  readonly rmse: number;
}

export interface MethodSummary {
  readonly label: string;
  readonly replicates: number;
  readonly finite: number;
  readonly converged: number;
  readonly beta: ParameterSummary;
  readonly sigma2: ParameterSummary;
  /** log σ̂ over the fits with σ̂² > 1e-8 (log 0 is −∞). */
  readonly logSigma: ParameterSummary;
  /** Share of fits with σ̂² < 1e-4. */
  readonly zeroVariance: number;
  readonly secondsPerFit: number;
  /** 95 % Wald coverage of β, σ² and log σ (all intervals undefined for a method without SEs). */
  readonly coverage: readonly CoverageShare[];
}

function summarise(values: readonly number[], truth: number): ParameterSummary {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  const median = s.length === 0 ? Number.NaN : s.length % 2 === 1 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!);
  const bias = values.reduce((a, v) => a + (v - truth), 0) / values.length;
  const rmse = Math.sqrt(values.reduce((a, v) => a + (v - truth) ** 2, 0) / values.length);
  return { median, bias, rmse };
}

export const BOOTH_HOBERT_TRUTH = { beta: 5, sigma2: 0.5 };

export function runBoothHobertStudy(options: {
  replicates: number;
  seed: string;
  methods?: readonly StudyMethod[];
  onMethod?: (summary: MethodSummary) => void;
}): MethodSummary[] {
  const simulator = createSimulator("booth-hobert", {}, { seed: options.seed });
  const frames: ModelFrame[] = Array.from({ length: options.replicates }, (_, k) => simulator.replicate(k + 1).frame);
  const starts = frames.map((_, k) => {
    const rng = createRng(options.seed).split("booth-hobert starts").split(String(k + 1));
    const beta = 1 + rng.uniform();
    const sigma2 = 0.5 + rng.uniform();
    return Float64Array.of(beta, 0.5 * Math.log(sigma2));
  });
  return (options.methods ?? BOOTH_HOBERT_METHODS).map((method) => {
    const estimator = getEstimator<Record<string, unknown>>(method.estimator);
    const fits: FitResult[] = [];
    const started = process.hrtime.bigint();
    frames.forEach((frame, k) => {
      const fitOptions = method.dispersedStart ? { ...method.options, start: starts[k]! } : method.options;
      fits.push(estimator.fit(frame, fitOptions, { seed: `${options.seed}/${method.label}/${k + 1}` }));
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const finite = fits.filter((f) => Number.isFinite(f.beta[0]!) && Number.isFinite(f.covariances[0]!.sigma[0]!));
    const betas = finite.map((f) => f.beta[0]!);
    const variances = finite.map((f) => f.covariances[0]!.sigma[0]!);
    const summary: MethodSummary = {
      label: method.label,
      replicates: fits.length,
      finite: finite.length,
      converged: fits.filter((f) => f.converged).length,
      beta: summarise(betas, BOOTH_HOBERT_TRUTH.beta),
      sigma2: summarise(variances, BOOTH_HOBERT_TRUTH.sigma2),
      logSigma: summarise(
        variances.filter((v) => v > 1e-8).map((v) => 0.5 * Math.log(v)),
        0.5 * Math.log(BOOTH_HOBERT_TRUTH.sigma2),
      ),
      zeroVariance: variances.filter((v) => v < 1e-4).length / Math.max(1, variances.length),
      secondsPerFit: seconds / fits.length,
      coverage: coverageShares(
        fits.map((f) => waldOutcome(f, { beta: [BOOTH_HOBERT_TRUTH.beta], sigma2: [BOOTH_HOBERT_TRUTH.sigma2] })),
        { beta: [BOOTH_HOBERT_TRUTH.beta], sigma2: [BOOTH_HOBERT_TRUTH.sigma2] },
      ),
    };
    options.onMethod?.(summary);
    return summary;
  });
}
