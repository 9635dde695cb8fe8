/**
 * Report of `culcita`: the slides' panels — bias, variance, MSE, probability of underestimation (PU) and
 * Wald coverage of β0, β2, β3, β4 and log σ — for ML (all samples, and the samples the slides keep: every
 * |gradient| ≤ 1e-3 and every |estimate| and SE ≤ 30) and MSPL. The slides print these only as a plot, so
 * the tables carry no published column; the truth is published.json's simulation_truth.
 */
import type { FitRecord } from "../runner/fit-record.js";
import { fitsOf } from "./decode-rows.js";
import { coverage, summariseEstimates, type Estimate } from "./metrics.js";
import { parameterNames, parameterValue, trueValue } from "./parameter-estimates.js";
import type { ReportTable, StudyReport, StudyReportInput, TableValue } from "./report-types.js";

const SLIDE_NAMES: Record<string, string> = {
  "(Intercept)": "β0",
  tttcrabs: "β2",
  tttshrimp: "β3",
  tttboth: "β4",
  "log sd(block)": "log σ",
};

/** The slides' filter: drop samples with any |gradient| > 1e-3 or any |estimate| or SE > 30. */
export function keptBySlidesRule(fit: FitRecord): boolean {
  if (!(fit.maxAbsGradient <= 1e-3)) return false;
  const values = [...fit.beta, ...fit.betaSe, ...fit.sd.map(Math.log), ...fit.logSdSe];
  return values.every((v) => Math.abs(v) <= 30);
}

export function culcitaReport(input: StudyReportInput): StudyReport {
  const cell = input.cells[0]!;
  const names = parameterNames(cell.truth);
  const rows: TableValue[][] = [];
  const plotData: Record<string, unknown>[] = [];
  const columns: { label: string; fits: FitRecord[] }[] = [];
  for (const estimator of input.estimators) {
    const fits = fitsOf(input.rows, cell.label, estimator.label);
    columns.push({ label: estimator.label, fits });
    if (estimator.estimator === "ml") columns.push({ label: `${estimator.label} (slides' filter)`, fits: fits.filter(keptBySlidesRule) });
  }
  for (const { label, fits } of columns) {
    for (const name of names) {
      const truth = trueValue(cell.truth, name);
      const values = fits.map((f) => parameterValue(f, name));
      const summary = summariseEstimates(values.map((v) => v.estimate), truth);
      const cover = coverage(values.map((v) => v.lower), values.map((v) => v.upper), truth);
      const metrics: [string, Estimate][] = [
        ["Bias", summary.bias],
        ["Variance", summary.variance],
        ["MSE", summary.mse],
        ["PU", summary.underestimation],
        ["Coverage", cover],
      ];
      rows.push([label, SLIDE_NAMES[name] ?? name, truth, ...metrics.flatMap(([, m]) => [m.value, m.se]), summary.bias.count, fits.length]);
      for (const [metric, m] of metrics) plotData.push({ method: label, parameter: SLIDE_NAMES[name] ?? name, metric, value: m.value });
    }
  }
  const tables: ReportTable[] = [
    {
      name: "culcita-metrics",
      title: "Culcita parametric replicates: bias, variance, MSE, PU and Wald coverage",
      columns: ["method", "parameter", "truth", "bias", "bias MC SE", "variance", "variance MC SE", "MSE", "MSE MC SE", "PU", "PU MC SE", "coverage", "coverage MC SE", "R (finite)", "R (fits)"],
      rows,
      notes: [
        "The slides show these figures only as a plot (no printed numbers): there is no published column; compare the shape with the slides' panels.",
        "ml is adaptive Gauss–Hermite with 25 nodes; coverage is of Wald intervals (β̂ ± 1.96 SE; log σ̂ ± 1.96 SE(log σ̂)). PU = P(θ̂ < θ).",
        "ml (slides' filter): only the samples the slides keep (every |gradient| ≤ 1e-3, every |estimate| and SE ≤ 30); R (fits) says how many.",
      ],
    },
  ];
  const plot = {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: "Culcita replicates (the slides' panels)",
    data: { values: plotData },
    facet: { column: { field: "metric", type: "nominal", title: null, sort: ["Bias", "Variance", "MSE", "PU", "Coverage"] } },
    spec: {
      width: 150,
      height: 160,
      mark: { type: "point", filled: true, size: 60 },
      encoding: {
        x: { field: "value", type: "quantitative", title: null, scale: { zero: false } },
        y: { field: "parameter", type: "nominal", title: null, sort: Object.values(SLIDE_NAMES) },
        color: { field: "method", type: "nominal" },
        shape: { field: "method", type: "nominal" },
      },
    },
    resolve: { scale: { x: "independent" } },
  };
  return { tables, plots: [{ name: "culcita-metrics", title: "Bias, variance, MSE, PU and coverage by parameter", spec: plot }] };
}
