/**
 * Text and JSON renderings of a FitResult. The text mirrors lme4's `summary(glmer(...))`: header,
 * information criteria, random-effects table (variances, standard deviations, correlations as a
 * lower triangle), fixed-effects table with Wald z tests, then a block of fit diagnostics.
 */
import type { FitResult, SeparationDiagnostics, SeparationFinding } from "./fit-result.js";
import { formatNumber, formatNumbers, formatPValues } from "./format-number.js";
import { twoSidedNormalPValue } from "./p-value.js";
import { posteriorTableLines, samplerDiagnosticsLines, stochasticApproximationLines } from "./format-stochastic.js";
import { makeUnique } from "./term-labels.js";
import { table, type Align } from "./text-table.js";
import { formatConfidenceIntervals } from "./format-confidence-intervals.js";
import { formatRandomEffects } from "./format-random-effects.js";

/** logLik, deviance, AIC, BIC and degrees of freedom of a fit, as lme4 prints them. */
export interface FitStatistics {
  readonly logLik: number;
  /** −2 logLik (lme4's "deviance" column of the summary). */
  readonly deviance: number;
  /** −2 logLik + 2 df. */
  readonly AIC: number;
  /** −2 logLik + df log n. */
  readonly BIC: number;
  readonly df: number;
  readonly n: number;
  /** Residual degrees of freedom n − df (lme4's df.resid). */
  readonly dfResidual: number;
}

/** The lme4-style fit statistics of a FitResult. */
export function fitStatistics(fit: FitResult): FitStatistics {
  const deviance = -2 * fit.logLik;
  return {
    logLik: fit.logLik,
    deviance,
    AIC: deviance + 2 * fit.df,
    BIC: deviance + fit.df * Math.log(fit.n),
    df: fit.df,
    n: fit.n,
    dfResidual: fit.n - fit.df,
  };
}

/** Options of formatFitSummary. */
export interface SummaryOptions {
  /** Significant digits for estimates (R's summary uses 4). */
  readonly digits?: number;
  /** Print significance stars and their legend (default true, as R). */
  readonly signifStars?: boolean;
  /** Name of the data set, printed as "Data:" when given. */
  readonly dataName?: string;
  /** Also print the conditional modes with their conditional SDs (`--ranef`). */
  readonly ranef?: boolean;
}


function significanceStars(p: number): string {
  if (!(p >= 0)) return "";
  return p < 0.001 ? "***" : p < 0.01 ? "**" : p < 0.05 ? "*" : p < 0.1 ? "." : " ";
}

function headerLines(fit: FitResult, options: SummaryOptions): string[] {
  const model = fit.groups.length === 0 ? "Generalized linear model" : "Generalized linear mixed model";
  const lines = [
    `${model} fit by "${fit.estimator}" (${fit.diagnostics.approximation})`,
    ` Family: binomial  ( ${fit.link ?? "logit"} )`,
    `Formula: ${fit.formula}`,
  ];
  if (options.dataName !== undefined) lines.push(`   Data: ${options.dataName}`);
  return lines;
}

function criteriaLines(fit: FitResult): string[] {
  const s = fitStatistics(fit);
  const values = formatNumbers([s.logLik, s.deviance, s.AIC, s.BIC], 4);
  return table(
    [
      ["logLik", "deviance", "AIC", "BIC", "df", "df.resid"],
      [...values, String(s.df), String(s.dfResidual)],
    ],
    [],
  ).map((l) => `  ${l}`);
}

function randomEffectsLines(fit: FitResult, digits: number): string[] {
  if (fit.covariances.length === 0) return [];
  const maxQ = Math.max(...fit.covariances.map((c) => c.termNames.length));
  const variances = fit.covariances.flatMap((c) => c.termNames.map((_, k) => c.sigma[k * c.termNames.length + k]!));
  const variancesText = formatNumbers(variances, digits);
  const sdsText = formatNumbers(fit.covariances.flatMap((c) => [...c.sd]), digits);
  const header = ["Groups", "Name", "Variance", "Std.Dev."];
  if (maxQ > 1) header.push("Corr", ...Array.from({ length: maxQ - 2 }, () => ""));
  const rows: string[][] = [header];
  // Several terms on one factor print as "patientID", "patientID.1" (lme4's VarCorr).
  const labels = makeUnique(fit.covariances.map((c) => c.group));
  let at = 0;
  for (const [t, c] of fit.covariances.entries()) {
    const q = c.termNames.length;
    // Lower triangle: row k lists cor(k, 0..k-1) with two decimals, each correlation column
    // right-justified within itself and the table left-justified, as lme4's formatVC prints it.
    const correlations: string[][] = [];
    for (let j = 0; j < maxQ - 1; j++) {
      const column = Array.from({ length: q }, (_, k) => (j < k ? formatCorrelation(c.correlation[j * q + k]!) : ""));
      const width = Math.max(...column.map((v) => v.length));
      correlations.push(column.map((v) => (v === "" ? "" : v.padStart(width))));
    }
    for (let k = 0; k < q; k++) {
      rows.push([k === 0 ? labels[t]! : "", c.termNames[k]!, variancesText[at]!, sdsText[at]!, ...correlations.map((col) => col[k]!)]);
      at++;
    }
  }
  const align: Align[] = rows[0]!.map((): Align => "left");
  return ["Random effects:", ...table(rows, align).map((l) => ` ${l}`)];
}

function formatCorrelation(r: number): string {
  return Number.isFinite(r) ? r.toFixed(2) : formatNumber(r);
}

function observationsLines(fit: FitResult): string[] {
  const groups = fit.groups.map((g) => `${g.group}, ${g.levels}`).join("; ");
  const lines = [groups === "" ? `Number of obs: ${fit.n}` : `Number of obs: ${fit.n}, groups: ${groups}`];
  for (const o of fit.data?.omitted ?? []) lines.push(omittedLine(o.reason, o.rows, fit.data!.rowsRead));
  return lines;
}

/** "2 of 80 rows omitted (missing values): rows 5, 17" — at most 20 row numbers, then "...". */
function omittedLine(reason: string, rows: Int32Array, rowsRead: number): string {
  const shown = Array.from(rows.subarray(0, 20), String).join(", ");
  const more = rows.length > 20 ? `, ... (${rows.length - 20} more; all listed in --json)` : "";
  return `${rows.length} of ${rowsRead} rows omitted (${reason}): row${rows.length === 1 ? "" : "s"} ${shown}${more}`;
}

function fixedEffectsLines(fit: FitResult, digits: number, stars: boolean): string[] {
  if (fit.beta.length === 0) return ["No fixed effects"];
  const beta = [...fit.beta];
  const se = [...fit.betaStdErrors];
  const z = beta.map((b, k) => b / se[k]!);
  const p = z.map((v) => (Number.isNaN(v) ? NaN : twoSidedNormalPValue(v)));
  // As R's printCoefmat: estimates and SEs share one layout after rounding to
  // digits − (1 + ⌊log10 min|x|⌋) decimals; z values are zapped (lme4's zap.ind) and rounded to
  // digits − 1 decimals; p-values go through format.pval with digits − 1 significant digits.
  const estimateText = formatNumbers(roundForCoefficientTable([...beta, ...se], digits), digits);
  const testDigits = Math.max(1, Math.min(5, digits - 1));
  const zText = formatNumbers(zapSmall(z, digits).map((v) => roundTo(v, testDigits)), digits);
  const pText = formatPValues(p, testDigits);
  const header = ["", "Estimate", "Std. Error", "z value", "Pr(>|z|)"];
  if (stars) header.push("");
  const rows: string[][] = [header];
  fit.betaNames.forEach((name, k) => {
    const row = [name, estimateText[k]!, estimateText[beta.length + k]!, zText[k]!, pText[k]!];
    if (stars) row.push(significanceStars(p[k]!));
    rows.push(row);
  });
  const align: Align[] = ["left", "right", "right", "right", "right", "left"];
  const lines = ["Fixed effects:", ...table(rows, align)];
  if (stars && p.some((v) => v < 0.1)) {
    lines.push("---", "Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1");
  }
  if (fit.standardErrorBasis !== undefined) lines.push(`Std. errors: ${fit.standardErrorBasis}`);
  return lines;
}

function roundForCoefficientTable(values: readonly number[], digits: number): number[] {
  const magnitudes = values.filter((v) => Number.isFinite(v) && v !== 0).map(Math.abs);
  if (magnitudes.length === 0) return [...values];
  // Loops, not Math.min(...magnitudes): no argument list as long as the coefficient table.
  let min = Infinity;
  let max = 0;
  for (const m of magnitudes) {
    min = Math.min(min, m);
    max = Math.max(max, m);
  }
  const smallest = 1 + Math.floor(Math.log10(min));
  const largest = 1 + Math.floor(Math.log10(max));
  const decimals = Math.max(1, digits - smallest, digits - largest);
  return values.map((v) => roundTo(v, decimals));
}

/** R's zapsmall: round to digits − log10(max |x|) decimals so tiny values print as 0. */
function zapSmall(values: readonly number[], digits: number): number[] {
  const magnitudes = values.filter((v) => Number.isFinite(v)).map(Math.abs);
  let largest = 0;
  for (const m of magnitudes) largest = Math.max(largest, m);
  if (largest === 0) return [...values];
  const decimals = Math.max(0, digits - Math.ceil(Math.log10(largest)));
  return values.map((v) => roundTo(v, decimals));
}

function roundTo(v: number, decimals: number): number {
  if (!Number.isFinite(v)) return v;
  const d = Math.min(decimals, 15);
  return Number(v.toFixed(d));
}

/** "NV (+Inf), EH (-Inf)" for the columns a separation finding proves infinite. */
function infiniteColumns(finding: SeparationFinding): string[] {
  return finding.columnNames.flatMap((name, j) => {
    const e = finding.estimates[j]!;
    return e === Infinity ? [`${name} (+Inf)`] : e === -Infinity ? [`${name} (-Inf)`] : [];
  });
}

/**
 * The separation findings, each labelled with what it proves: the LP on X is a certificate, the cluster
 * indicators are not, the divergence check reports what the refits showed.
 */
function separationLines(s: SeparationDiagnostics): string[] {
  const lines: string[] = [];
  const fe = s.fixedEffects;
  if (fe !== null) {
    const route = fe.route ?? "LP";
    const label = `  separation (X alone, ${route.startsWith("LP") ? `${route} certificate` : route}):`;
    if (!fe.separated) lines.push(`${label} none (every ML estimate of β is finite for the GLM)`);
    else {
      const infinite = infiniteColumns(fe);
      const plane = fe.hyperplaneRows.length > 0 ? `; ${fe.hyperplaneRows.length} observations on the separating hyperplane` : "";
      lines.push(`${label} ${fe.kind}; infinite ML estimates: ${infinite.length > 0 ? infinite.join(", ") : "none singly"}${plane}`);
    }
  }
  for (const c of s.clusters) {
    const perfect = c.allFailures.length + c.allSuccesses.length;
    const augmented = c.augmented === null ? "not run" : c.augmented.separated ? `separated (${c.augmented.kind})` : "not separated";
    lines.push(
      `  separation (${c.group}, risk indicator, not a certificate): ${perfect} of ${c.clusters} clusters perfectly predicted; [X Z] ${augmented}`,
    );
  }
  if (s.divergence !== null) lines.push(`  divergence check: ${s.divergence.message}`);
  return lines;
}

function diagnosticsLines(fit: FitResult): string[] {
  const d = fit.diagnostics;
  const lines = [
    "Diagnostics:",
    `  converged: ${fit.converged ? "yes" : "no"}`,
    `  iterations: ${fit.iterations}`,
    `  optimizer: ${d.optimizer}`,
    `  max |gradient|: ${formatNumber(d.maxAbsGradient, 3)}`,
    `  smallest eigenvalue of −Hessian (maximised objective): ${formatNumber(d.hessianMinEigenvalue, 4)}`,
    `  condition number of −Hessian: ${formatNumber(d.hessianCondition, 3)}`,
    `  ridge added: ${formatNumber(d.ridgeAdded, 3)}`,
  ];
  if (d.boundary.length === 0) lines.push("  boundary: none");
  for (const b of d.boundary) lines.push(`  boundary: ${b.parameter} (${b.kind}): ${b.message}`);
  if (d.separation !== null) for (const line of separationLines(d.separation)) lines.push(line);
  if (d.warnings.length === 0) lines.push("  warnings: none");
  for (const w of d.warnings) lines.push(`  warning: ${w}`);
  for (const [key, value] of Object.entries(d.extra ?? {})) {
    if (typeof value === "number") lines.push(`  ${key}: ${formatNumber(value, 6)}`);
    else if (typeof value === "string") lines.push(`  ${key}: ${value}`);
  }
  return lines;
}

/** lme4-style text summary of a fit. */
export function formatFitSummary(fit: FitResult, options: SummaryOptions = {}): string {
  const digits = options.digits ?? 4;
  const stars = options.signifStars ?? true;
  // A sampler reports its posterior table instead of Wald tests; stochastic approximation its run.
  const estimates = fit.sampling !== undefined ? posteriorTableLines(fit.sampling, digits) : fixedEffectsLines(fit, digits, stars);
  const diagnostics =
    fit.sampling !== undefined
      ? samplerDiagnosticsLines(fit, fit.sampling)
      : fit.stochasticApproximation !== undefined
        ? stochasticApproximationLines(fit, fit.stochasticApproximation)
        : diagnosticsLines(fit);
  const sections = [
    headerLines(fit, options),
    criteriaLines(fit),
    [...randomEffectsLines(fit, digits), ...observationsLines(fit)],
    estimates,
    ...(fit.confidenceIntervals === undefined ? [] : [formatConfidenceIntervals(fit.confidenceIntervals)]),
    ...(options.ranef === true ? [formatRandomEffects(fit, digits)] : []),
    diagnostics,
  ];
  return `${sections.map((s) => s.join("\n")).join("\n\n")}\n`;
}

/**
 * A FitResult as plain JSON data: typed arrays become arrays, and non-finite numbers (which JSON
 * cannot hold) become the strings "Inf", "-Inf" and "NaN".
 */
export function fitResultToJson(fit: FitResult): Record<string, unknown> {
  return toJsonValue(fit) as Record<string, unknown>;
}

function jsonNumber(x: number): number | string {
  return Number.isFinite(x) ? x : Number.isNaN(x) ? "NaN" : x > 0 ? "Inf" : "-Inf";
}

/** Any result as plain JSON data (typed arrays → arrays, non-finite numbers → "Inf", "-Inf", "NaN"). */
export function toJsonValue(value: unknown): unknown {
  if (typeof value === "number") return jsonNumber(value);
  if (value === null || typeof value !== "object") return value;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(value as unknown as ArrayLike<number | bigint>, (x) => (typeof x === "bigint" ? Number(x) : jsonNumber(x)));
  }
  if (Array.isArray(value)) return value.map(toJsonValue);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || typeof v === "function") continue;
    out[key] = toJsonValue(v);
  }
  return out;
}

/** fitResultToJson, serialised with a 2-space indent. */
export function formatFitJson(fit: FitResult): string {
  return JSON.stringify(fitResultToJson(fit), null, 2);
}
