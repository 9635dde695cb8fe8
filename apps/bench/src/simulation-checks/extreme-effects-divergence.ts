/**
 * The extreme fixed-effects study of the MSPL slides: per λ, how many of R ML fits diverge, beside the
 * slides' counts of "bad fits" (published.json extreme_fixed_effects_study.count_of_bad_fits_out_of_100).
 * Each fit runs as `glmm fit` runs it — the LP certificate before, the divergence check after when the fit
 * needs it — and is counted as diverging in β3 (the coefficient of x3, λ) when the certificate or the
 * refits find it heading to ±∞. The slides' own rule (|∂ℓ/∂β3| > 1e-3, or |β̂3| or its SE > 30) is applied to
 * the same fits; our fits report only max |∇| over all of θ, so that part of the rule uses it.
 */
import { getEstimator, type FitResult } from "@glmmkit/core";
import { fitWithSeparationChecks } from "@glmmkit/estimators";
import { createSimulator } from "@glmmkit/simulate";

export interface DivergenceRow {
  readonly lambda: number;
  readonly replicates: number;
  /** β3 diverging by the project's checks (LP certificate or post-fit divergence check). */
  readonly divergingBeta3: number;
  /** Any fixed effect diverging by those checks. */
  readonly divergingAny: number;
  /** X separated with β3 infinite (the LP certificate alone). */
  readonly certifiedBeta3: number;
  /** The slides' bad-fit rule on our fits. */
  readonly publishedRule: number;
  readonly unconverged: number;
  readonly seconds: number;
}

const BETA3 = "x3";

export function isBetaDiverging(fit: FitResult, name: string): boolean {
  return fit.diagnostics.boundary.some((b) => b.kind === "diverging" && b.parameter === name);
}

/** |∂ℓ/∂β3| > 1e-3 (max |∇| here), |β̂3| > 30 or SE(β̂3) > 30 — NaN or infinite values count as bad. */
export function isBadFitByPublishedRule(fit: FitResult, index: number): boolean {
  const estimate = fit.beta[index]!;
  const se = fit.betaStdErrors[index]!;
  return !(fit.diagnostics.maxAbsGradient <= 1e-3 && Math.abs(estimate) <= 30 && se <= 30);
}

export async function runExtremeEffectsDivergence(options: {
  n: number;
  lambdas: readonly number[];
  replicates: number;
  seed: string | number;
  onRow?: (row: DivergenceRow) => void;
}): Promise<DivergenceRow[]> {
  const ml = getEstimator<Record<string, unknown>>("ml");
  const rows: DivergenceRow[] = [];
  for (const lambda of options.lambdas) {
    const simulator = createSimulator("extreme-effects", { n: options.n, lambda }, { seed: options.seed });
    let divergingBeta3 = 0;
    let divergingAny = 0;
    let certifiedBeta3 = 0;
    let publishedRule = 0;
    let unconverged = 0;
    const started = process.hrtime.bigint();
    for (let k = 1; k <= options.replicates; k++) {
      const { frame } = simulator.replicate(k);
      const fit = await fitWithSeparationChecks(ml, frame);
      const index = frame.betaNames.indexOf(BETA3);
      if (isBetaDiverging(fit, BETA3)) divergingBeta3++;
      if (frame.betaNames.some((name) => isBetaDiverging(fit, name))) divergingAny++;
      const certificate = fit.diagnostics.separation?.fixedEffects;
      if (certificate?.separated && !Number.isFinite(certificate.estimates[index]!) && !Number.isNaN(certificate.estimates[index]!)) certifiedBeta3++;
      if (isBadFitByPublishedRule(fit, index)) publishedRule++;
      if (!fit.converged) unconverged++;
    }
    const row: DivergenceRow = {
      lambda,
      replicates: options.replicates,
      divergingBeta3,
      divergingAny,
      certifiedBeta3,
      publishedRule,
      unconverged,
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
    };
    rows.push(row);
    options.onRow?.(row);
  }
  return rows;
}
