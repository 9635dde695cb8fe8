/**
 * Likelihood-ratio tests of nested models (`glmm anova`), laid out as lme4's anova(): one row per model,
 * sorted by the number of parameters, with AIC, BIC, logLik and deviance (−2 logLik), and from the second
 * row on the test against the row above: χ² = 2(ℓ_larger − ℓ_smaller) = deviance_smaller − deviance_larger,
 * Df = npar_larger − npar_smaller, p = P(χ²_Df > χ²).
 */
import { chiSquareSurvival } from "@glmmkit/math";
import type { FitResult } from "./fit-result.js";
import { fitStatistics } from "./format-summary.js";
import { formatNumbers, formatPValues } from "./format-number.js";
import { table } from "./text-table.js";

export interface AnovaRow {
  /** "m1", "m2", … in the order the models were given. */
  readonly label: string;
  readonly formula: string;
  readonly npar: number;
  readonly AIC: number;
  readonly BIC: number;
  readonly logLik: number;
  readonly deviance: number;
  /** Test against the previous row (absent on the first). */
  readonly chisq?: number;
  readonly df?: number;
  readonly p?: number;
}

export interface AnovaTable {
  readonly dataName?: string;
  readonly rows: readonly AnovaRow[];
  readonly notes: readonly string[];
}

export interface LabelledFit {
  readonly label: string;
  readonly fit: FitResult;
}

/** Rows sorted by npar (stable), each tested against the one before it. */
export function likelihoodRatioRows(models: readonly LabelledFit[]): AnovaRow[] {
  const sorted = models.map((m, order) => ({ ...m, order })).sort((a, b) => a.fit.df - b.fit.df || a.order - b.order);
  return sorted.map(({ label, fit }, k) => {
    const s = fitStatistics(fit);
    const row: AnovaRow = { label, formula: fit.formula, npar: fit.df, AIC: s.AIC, BIC: s.BIC, logLik: s.logLik, deviance: s.deviance };
    if (k === 0) return row;
    const previous = sorted[k - 1]!.fit;
    const chisq = 2 * (fit.logLik - previous.logLik);
    const df = fit.df - previous.df;
    return { ...row, chisq, df, p: chiSquareSurvival(chisq, df) };
  });
}

function stars(p: number | undefined): string {
  if (p === undefined || !(p >= 0)) return "";
  return p < 0.001 ? "***" : p < 0.01 ? "**" : p < 0.05 ? "*" : p < 0.1 ? "." : " ";
}

/** lme4's print of anova(): model list, then the table (5 significant digits, p-values as printCoefmat). */
export function formatAnovaTable(anova: AnovaTable): string {
  const lines: string[] = [];
  if (anova.dataName !== undefined) lines.push(`Data: ${anova.dataName}`);
  lines.push("Models:", ...anova.rows.map((r) => `${r.label}: ${r.formula}`));
  const column = (pick: (r: AnovaRow) => number | undefined) => {
    const values = anova.rows.map(pick);
    const text = formatNumbers(
      values.map((v) => v ?? 0),
      5,
    );
    return values.map((v, k) => (v === undefined ? "" : text[k]!));
  };
  const aic = column((r) => r.AIC);
  const bic = column((r) => r.BIC);
  const logLik = column((r) => r.logLik);
  const deviance = column((r) => r.deviance);
  const tested = anova.rows.slice(1);
  const chisq = ["", ...formatNumbers(tested.map((r) => r.chisq!), 5)];
  const p = ["", ...formatPValues(tested.map((r) => r.p!), 4)];
  const rows: string[][] = [["", "npar", "AIC", "BIC", "logLik", "deviance", "Chisq", "Df", "Pr(>Chisq)", ""]];
  anova.rows.forEach((r, k) => {
    rows.push([r.label, String(r.npar), aic[k]!, bic[k]!, logLik[k]!, deviance[k]!, chisq[k]!, r.df === undefined ? "" : String(r.df), p[k]!, stars(r.p)]);
  });
  for (const line of table(rows, ["left", "right", "right", "right", "right", "right", "right", "right", "right", "left"])) lines.push(line);
  if (anova.rows.some((r) => r.p !== undefined && r.p < 0.1)) {
    lines.push("---", "Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1");
  }
  for (const note of anova.notes) lines.push(`Note: ${note}`);
  return `${lines.join("\n")}\n`;
}
