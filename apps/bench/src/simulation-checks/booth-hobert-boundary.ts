/**
 * The Booth–Hobert design (10 clusters of 15, σ² = 0.5) is small enough that the ML estimate of σ² is
 * often exactly 0: the share of replicates whose ML fit lands on the boundary (an "sd-zero" flag: σ̂ below
 * 1e-4, or the likelihood at σ = 0 as high as at the optimum) is large, about a third.
 */
import { getEstimator } from "@glmmkit/core";
import "@glmmkit/estimators";
import { createSimulator } from "@glmmkit/simulate";
import { meanWithSe, share, type MeanWithSe, type Share } from "./monte-carlo.js";

export interface BoundaryResult {
  readonly replicates: number;
  readonly nAGQ: number;
  readonly onBoundary: Share;
  readonly converged: number;
  readonly beta: MeanWithSe;
  /** Mean σ̂² over the fits off the boundary. */
  readonly sigma2OffBoundary: MeanWithSe | null;
  readonly secondsPerFit: number;
}

export function runBoothHobertBoundary(options: { replicates: number; seed: string | number; nAGQ?: number }): BoundaryResult {
  const simulator = createSimulator("booth-hobert", {}, { seed: options.seed });
  const ml = getEstimator<{ nAGQ?: number }>("ml");
  const nAGQ = options.nAGQ ?? 1;
  let boundary = 0;
  let converged = 0;
  const betas: number[] = [];
  const variances: number[] = [];
  const started = process.hrtime.bigint();
  for (let k = 1; k <= options.replicates; k++) {
    const fit = ml.fit(simulator.replicate(k).frame, nAGQ > 1 ? { nAGQ } : {});
    if (fit.converged) converged++;
    betas.push(fit.beta[0]!);
    if (fit.diagnostics.boundary.some((b) => b.kind === "sd-zero")) boundary++;
    else variances.push(fit.covariances[0]!.sigma[0]!);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    replicates: options.replicates,
    nAGQ,
    onBoundary: share(boundary, options.replicates),
    converged,
    beta: meanWithSe(betas),
    sigma2OffBoundary: variances.length >= 2 ? meanWithSe(variances) : null,
    secondsPerFit: seconds / options.replicates,
  };
}
