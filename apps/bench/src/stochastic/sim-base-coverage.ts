/**
 * The coverage study of issue 9 on the sim_base model (the `unified` design of the simulate package, base
 * variant: logit = −1 + 0.5 gender + 1.2 x_sep + 0.02 x3 + 0.7 x4 + u_g, σ² = 1.5), at J = 30 clusters of
 * 5–20 rows so that one IMSA fit takes about a second: for each replicate, ML (Laplace and adaptive
 * Gauss–Hermite, observed-information SEs) and IMSA (2 000 iterations, Algorithm-6 SEs) on the same data
 * set, and the share of 95 % Wald intervals covering the truth (wald-coverage.ts), with Monte-Carlo SEs.
 */
import { getEstimator, type FitResult } from "@glmmkit/core";
import "@glmmkit/estimators";
import { createSimulator } from "@glmmkit/simulate";
import { coverageShares, waldOutcome, type CoverageShare, type CoverageTruth } from "./wald-coverage.js";

export const SIM_BASE_COVERAGE_CELL = { J: 30, sigma2: 1.5, sizes: "5-20", variant: "base", beta: "primary" } as const;

export const SIM_BASE_COVERAGE_METHODS: readonly { label: string; estimator: string; options: Record<string, unknown> }[] = [
  { label: "ML (Laplace)", estimator: "ml", options: {} },
  { label: "ML (nAGQ = 25)", estimator: "ml", options: { nAGQ: 25 } },
  { label: "IMSA (Algorithm 6)", estimator: "imsa", options: { iterations: 2000 } },
];

export interface CoverageMethodSummary {
  readonly label: string;
  readonly replicates: number;
  readonly coverage: readonly CoverageShare[];
  readonly secondsPerFit: number;
}

export function runSimBaseCoverage(options: {
  replicates: number;
  seed: string;
  onMethod?: (summary: CoverageMethodSummary) => void;
}): { truth: CoverageTruth; rows: number; methods: CoverageMethodSummary[] } {
  const simulator = createSimulator("unified", SIM_BASE_COVERAGE_CELL, { seed: options.seed });
  const replicates = Array.from({ length: options.replicates }, (_, k) => simulator.replicate(k + 1));
  const first = replicates[0]!.truth;
  const truth: CoverageTruth = { beta: Object.values(first.beta), sigma2: first.randomEffects.map((r) => r.variance[0]!) };
  const rows = replicates.reduce((a, r) => a + r.frame.n, 0) / replicates.length;
  const methods = SIM_BASE_COVERAGE_METHODS.map((method) => {
    const estimator = getEstimator<Record<string, unknown>>(method.estimator);
    const started = process.hrtime.bigint();
    const fits: FitResult[] = replicates.map((r, k) => estimator.fit(r.frame, method.options, { seed: `${options.seed}/${method.label}/${k + 1}` }));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const names = fits[0]!.betaNames.join(", ");
    if (names !== Object.keys(first.beta).join(", ")) throw new Error(`coverage: the fit's coefficients (${names}) are not the truth's (${Object.keys(first.beta).join(", ")})`);
    const summary: CoverageMethodSummary = {
      label: method.label,
      replicates: fits.length,
      coverage: coverageShares(fits.map((f) => waldOutcome(f, truth)), truth),
      secondsPerFit: seconds / fits.length,
    };
    options.onMethod?.(summary);
    return summary;
  });
  return { truth, rows, methods };
}
