/**
 * Per-parameter values of a fit, addressed by the names tables use: a β name, "log sd(group)" (log σ,
 * the scale of the slides and of the IMSA paper's plots) or "sigma2(group)"; with the estimate's own 95 %
 * interval where the fit has one (a sampler's credible interval; else Wald: β̂ ± z·SE, log σ̂ ± z·SE(log σ̂)).
 */
import type { FitRecord } from "../runner/fit-record.js";
import type { CellTruth } from "./report-types.js";

const Z_975 = 1.959963984540054;

export interface ParameterValue {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
}

export function parameterValue(fit: FitRecord, name: string): ParameterValue {
  const beta = fit.betaNames.indexOf(name);
  if (beta >= 0) return { estimate: fit.beta[beta]!, lower: fit.betaLower[beta]!, upper: fit.betaUpper[beta]! };
  const log = /^log (sd\(.*\))$/.exec(name);
  if (log !== null) {
    const k = fit.sdNames.indexOf(log[1]!);
    const estimate = k < 0 ? Number.NaN : Math.log(fit.sd[k]!);
    // A sampler's credible interval for σ maps to log σ's; otherwise Wald on the log scale.
    if (fit.intervalKind === "credible") return { estimate, lower: Math.log(fit.sdLower[k] ?? Number.NaN), upper: Math.log(fit.sdUpper[k] ?? Number.NaN) };
    const se = k < 0 ? Number.NaN : fit.logSdSe[k]!;
    return { estimate, lower: estimate - Z_975 * se, upper: estimate + Z_975 * se };
  }
  const variance = /^sigma2\((.*)\)$/.exec(name);
  if (variance !== null) {
    const k = fit.sdNames.indexOf(`sd(${variance[1]})`);
    const estimate = k < 0 ? Number.NaN : fit.sd[k]! ** 2;
    return { estimate, lower: Number.NaN, upper: Number.NaN };
  }
  return { estimate: Number.NaN, lower: Number.NaN, upper: Number.NaN };
}

export function trueValue(truth: CellTruth, name: string): number {
  if (name in truth.beta) return truth.beta[name]!;
  const log = /^log (sd\(.*\))$/.exec(name);
  if (log !== null) return Math.log(truth.sd[log[1]!] ?? Number.NaN);
  const variance = /^sigma2\((.*)\)$/.exec(name);
  if (variance !== null) return (truth.sd[`sd(${variance[1]})`] ?? Number.NaN) ** 2;
  return Number.NaN;
}

/** Every parameter name of a cell's truth: β names, then "log sd(group)" per scalar term. */
export function parameterNames(truth: CellTruth): string[] {
  return [...Object.keys(truth.beta), ...Object.keys(truth.sd).map((sd) => `log ${sd}`)];
}
