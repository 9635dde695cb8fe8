/**
 * Report of `booth-hobert` and `salamander` (papers/004, Figures 1–2): boxplots of every method's
 * estimates of β and log σ with the truth marked (the paper's red lines), and the bias/RMSE table the
 * paper does not print (bias and RMSE of β, σ² and log σ; medians), with median seconds per fit beside the
 * paper's average seconds per run. An ML fit with σ̂ = 0 has log σ̂ = −∞: it is left out of the log σ
 * figures and counted ("σ̂ = 0").
 */
import { median, rowsOf } from "./decode-rows.js";
import { FIGURE_COLUMNS, figureCells } from "./figure-cells.js";
import { summariseEstimates, type Estimate } from "./metrics.js";
import { parameterValue, trueValue } from "./parameter-estimates.js";
import { publishedAt } from "./published-lookup.js";
import type { ReportTable, StudyReport, StudyReportInput, TableValue } from "./report-types.js";

const PAPER_SECONDS: Record<string, string> = { imsa: "IMSA", "imsa-log": "IMSA" };

export function stochasticStudyReport(input: StudyReportInput, options: { name: "booth-hobert" | "salamander"; figure: string }): StudyReport {
  const key = options.name === "booth-hobert" ? "booth_hobert" : "salamander";
  const seconds = publishedAt(input.published, ["imsa_paper", key, "seconds_per_run"]) as Record<string, number>;
  const cell = input.cells[0]!;
  const sdNames = Object.keys(cell.truth.sd);
  const names = [...Object.keys(cell.truth.beta), ...sdNames.map((sd) => `sigma2(${sd.slice(3, -1)})`), ...sdNames.map((sd) => `log ${sd}`)];
  const rows: TableValue[][] = [];
  const timing: TableValue[][] = [];
  const plotData: Record<string, unknown>[] = [];
  for (const estimator of input.estimators) {
    const stored = rowsOf(input.rows, cell.label, estimator.label);
    const fits = stored.flatMap((r) => (r.fit === null ? [] : [r.fit]));
    for (const name of names) {
      const truth = trueValue(cell.truth, name);
      const estimates = fits.map((f) => parameterValue(f, name).estimate);
      const s = summariseEstimates(estimates, truth);
      // Boundary flags name the term as "sd(group: (Intercept))".
      const group = name.startsWith("log sd(") ? name.slice(7, -1) : null;
      const boundary = group === null ? null : fits.filter((f) => f.flags.some((flag) => flag.startsWith(`sd-zero:sd(${group}`))).length;
      rows.push([estimator.label, name, truth, s.median, s.bias.value, s.bias.se, s.rmse, s.mse.se / (2 * s.rmse), s.bias.count, s.nonFinite, boundary, stored.length - fits.length]);
      if (!name.startsWith("sigma2")) {
        for (const value of estimates) if (Number.isFinite(value)) plotData.push({ method: estimator.label, parameter: name, value, truth });
      }
    }
    const paperKey = PAPER_SECONDS[estimator.label] ?? (estimator.label.startsWith("scoresa") ? "ScoreSA" : undefined);
    const ours: Estimate = { value: median(stored.map((r) => r.seconds)), se: Number.NaN, count: stored.length };
    timing.push([estimator.label, "median seconds per fit", ...figureCells(ours, paperKey === undefined ? null : (seconds[paperKey] ?? null))]);
  }
  const tables: ReportTable[] = [
    {
      name: `${options.name}-bias-rmse`,
      title: `${options.figure}'s methods: bias and RMSE (the table the paper does not print)`,
      columns: ["method", "parameter", "truth", "median", "bias", "bias MC SE", "RMSE", "RMSE MC SE", "R (finite)", "non-finite (σ̂ = 0 on the log scale)", "σ̂ on the boundary (sd-zero flag)", "failed"],
      rows,
      notes: [
        "The paper shows only boxplots, so these figures have no published value; the RMSE's MC SE is the delta-method SE(MSE)/(2·RMSE).",
        "σ̂ on the boundary: fits flagged sd-zero (σ̂ below 1e-4, or the likelihood at σ = 0 as high as at the optimum); their log σ̂ is very negative and dominates the log σ bias and RMSE.",
        "ml is this project's Laplace fit (the paper has no ML column; it is the limit ScoreSA converges to).",
        "imsa, imsa-log and scoresa-1..6 (t0 = 1, 5, 10, 25, 50, 100) run when the stochastic estimators are registered.",
      ],
    },
    {
      name: `${options.name}-seconds`,
      title: "Seconds per fit beside the paper's seconds per run",
      columns: ["method", "figure", ...FIGURE_COLUMNS],
      rows: timing,
      notes: ["Ours: median wall-clock seconds per fit on a shared 2-core machine; the paper's: average seconds per run on its machine."],
    },
  ];
  // One panel per parameter, as the paper's figures: boxplot statistics from every finite estimate, the
  // log σ panels limited to truth − 3 … truth + 2, values beyond drawn at the edge (the paper, too, leaves
  // unstable runs outside its limits).
  const plotted = names.filter((n) => !n.startsWith("sigma2"));
  const limits = (name: string): [number, number] | null => {
    const truth = trueValue(cell.truth, name);
    return name.startsWith("log ") ? [truth - 3, truth + 2] : null;
  };
  const outside = plotted.flatMap((name) => {
    const range = limits(name);
    if (range === null) return [];
    const n = plotData.filter((d) => d["parameter"] === name && ((d["value"] as number) < range[0] || (d["value"] as number) > range[1])).length;
    return n === 0 ? [] : [`${n} estimates of ${name} lie outside the plotted range ${range[0].toFixed(2)} … ${range[1].toFixed(2)}`];
  });
  const plot = {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: `${options.figure}: estimates by method (red: truth)`,
    data: { values: plotData },
    hconcat: plotted.map((name) => {
      const range = limits(name);
      return {
        title: name,
        width: 40 + 28 * Math.max(1, input.estimators.length),
        height: 220,
        transform: [{ filter: { field: "parameter", equal: name } }],
        layer: [
          {
            mark: { type: "boxplot", extent: 1.5 },
            encoding: {
              x: { field: "method", type: "nominal", title: null, sort: input.estimators.map((e) => e.label) },
              y: { field: "value", type: "quantitative", title: null, scale: range === null ? { zero: false } : { domain: range, clamp: true } },
            },
          },
          { mark: { type: "rule", color: "red" }, encoding: { y: { aggregate: "mean", field: "truth", type: "quantitative" } } },
        ],
      };
    }),
  };
  if (outside.length > 0) tables[0] = { ...tables[0]!, notes: [...tables[0]!.notes, `Boxplots: ${outside.join("; ")}.`] };
  return { tables, plots: [{ name: `${options.name}-boxplots`, title: `${options.figure}: boxplots of the estimates`, spec: plot }] };
}
