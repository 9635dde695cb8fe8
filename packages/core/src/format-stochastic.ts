/**
 * Text blocks of the summary for the stochastic estimators: the posterior table of a sampler (as brms and
 * rstanarm print it: mean, median, SD, equal-tailed 95 % interval, R̂, bulk and tail ESS) with the sampler's
 * diagnostics, and the settings, monitor trace and acceptance of a stochastic-approximation run.
 */
import type { FitResult } from "./fit-result.js";
import { formatNumber, formatNumbers } from "./format-number.js";
import type { SamplingReport, StochasticApproximationReport } from "./stochastic-reports.js";

function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, k) => (widths[k] = Math.max(widths[k] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, k) => (k === 0 ? cell.padEnd(widths[k]!) : cell.padStart(widths[k]!))).join("  ").trimEnd());
}

function list(values: readonly number[], digits: number): string {
  return formatNumbers([...values], digits).join(", ");
}

/** The posterior table: one row per monitored parameter. */
export function posteriorTableLines(report: SamplingReport, digits = 4): string[] {
  const ps = report.parameters;
  const column = (f: (k: number) => number) => formatNumbers(ps.map((_, k) => f(k)), digits);
  const mean = column((k) => ps[k]!.mean);
  const median = column((k) => ps[k]!.median);
  const sd = column((k) => ps[k]!.sd);
  const lower = column((k) => ps[k]!.lower);
  const upper = column((k) => ps[k]!.upper);
  const rows: string[][] = [["", "Mean", "Median", "SD", "2.5%", "97.5%", "Rhat", "Bulk_ESS", "Tail_ESS"]];
  ps.forEach((p, k) => {
    rows.push([
      p.name,
      mean[k]!,
      median[k]!,
      sd[k]!,
      lower[k]!,
      upper[k]!,
      Number.isFinite(p.rhat) ? p.rhat.toFixed(3) : formatNumber(p.rhat),
      Number.isFinite(p.essBulk) ? p.essBulk.toFixed(0) : formatNumber(p.essBulk),
      Number.isFinite(p.essTail) ? p.essTail.toFixed(0) : formatNumber(p.essTail),
    ]);
  });
  return [`Posterior (${report.chains} chains × ${report.draws} draws after ${report.warmup} warm-up; 95 % equal-tailed intervals):`, ...alignColumns(rows)];
}

export function samplerDiagnosticsLines(fit: FitResult, report: SamplingReport): string[] {
  const d = fit.diagnostics;
  const lines = [
    "Diagnostics:",
    `  sampler: ${report.method}`,
    `  seed: ${report.seed}`,
    `  chains: ${report.chains} (warm-up ${report.warmup}, draws ${report.draws} each)`,
    ...report.priors.map((p, k) => (k === 0 ? `  priors: ${p}` : `          ${p}`)),
    `  divergent transitions after warm-up: ${report.divergences.join(", ")}`,
    `  iterations at the maximum tree depth (${report.maxTreeDepth}): ${report.maxTreeDepthHits.join(", ")}`,
    `  step sizes: ${list(report.stepSizes, 3)}`,
    `  mean acceptance: ${list(report.meanAcceptance, 3)}`,
    `  all R-hat < 1.01 and no divergences: ${fit.converged ? "yes" : "no"}`,
  ];
  if (d.warnings.length === 0) lines.push("  warnings: none");
  for (const w of d.warnings) lines.push(`  warning: ${w}`);
  return lines;
}

export function stochasticApproximationLines(fit: FitResult, report: StochasticApproximationReport): string[] {
  const d = fit.diagnostics;
  const m = report.monitor;
  const checkpoints = m.checkpoints.map(([t, v]) => `${t}: ${formatNumber(v, 3)}`).join(", ");
  const lines = [
    "Diagnostics:",
    `  method: ${report.method} (${report.scale === "variance" ? "variance components on the σ² scale" : "variance components on the log σ scale"})`,
    `  seed: ${report.seed}`,
    `  iterations: ${report.iterations}, gain γ_t = ${report.gain}`,
    `  imputation: ${report.chains} MALA chains × ${report.malaSteps} steps per iteration, preconditioned by [∇²Q(0)]⁻¹ after iteration ${report.preconditionAfter}`,
    ...report.mStep.map((s, k) => (k === 0 ? `  M-step: ${s}` : `          ${s}`)),
    `  standard errors: ${report.standardErrors}`,
    // The monitor has no value before a full window of updates (its smallest is then +∞).
    Number.isFinite(m.minimumRollingMean)
      ? `  monitor: ‖mean of the last ${m.window} updates‖∞; smallest ${formatNumber(m.minimumRollingMean, 3)} (threshold ${m.threshold}); ${
          m.convergedAt === null ? "never below the threshold" : `first below at iteration ${m.convergedAt}`
        }`
      : `  monitor: ‖mean of the last ${m.window} updates‖∞ (threshold ${m.threshold}); no value: the run is shorter than the window`,
    `  monitor trace (iteration: value): ${checkpoints === "" ? "none (run shorter than the window)" : checkpoints}`,
    `  MALA acceptance per chain: ${list(report.acceptance, 3)}; final step sizes: ${list(report.stepSizes, 3)}`,
  ];
  if (d.warnings.length === 0) lines.push("  warnings: none");
  for (const w of d.warnings) lines.push(`  warning: ${w}`);
  return lines;
}
