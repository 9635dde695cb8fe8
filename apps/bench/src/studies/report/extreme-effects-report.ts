/**
 * Report of `extreme-effects`: bad fits per 100 for each estimator, n and λ beside the slides' counts.
 * The slides' rule: |∂ℓ/∂β3| > 1e-3, or |β̂3| > 30, or SE(β̂3) > 30. Our fits record max |∇| over all of
 * θ, not ∂ℓ/∂β3 alone, so the gradient part is at least as strict as the slides'; a failed task (the fit
 * threw) counts as bad. Beside it: β3 found diverging by the project's checks (LP certificate and refits)
 * and X separated by the LP.
 */
import type { FitRecord } from "../runner/fit-record.js";
import { rowsOf } from "./decode-rows.js";
import { FIGURE_COLUMNS, figureCells } from "./figure-cells.js";
import { shareOf } from "./metrics.js";
import { publishedAt } from "./published-lookup.js";
import type { ReportTable, StudyReport, StudyReportInput, TableValue } from "./report-types.js";

const BETA3 = "x3";
const PUBLISHED_ROWS: Record<string, string> = { ml: "ML", mspl: "MSPL" };
const PRINTED_ONLY = [
  ["bglmer[n]", "bglmer_normal"],
  ["bglmer[t]", "bglmer_t"],
] as const;

export function isBadFit(fit: FitRecord | null): boolean {
  if (fit === null) return true;
  const k = fit.betaNames.indexOf(BETA3);
  const estimate = fit.beta[k]!;
  const se = fit.betaSe[k]!;
  return !(fit.maxAbsGradient <= 1e-3 && Math.abs(estimate) <= 30 && se <= 30);
}

export function extremeEffectsReport(input: StudyReportInput): StudyReport {
  const counts = publishedAt(input.published, ["extreme_fixed_effects_study", "count_of_bad_fits_out_of_100"]) as Record<string, Record<string, number[]>>;
  const lambdas = publishedAt(input.published, ["extreme_fixed_effects_study", "lambda"]) as number[];
  const long: TableValue[][] = [];
  const wide: TableValue[][] = [];
  const plotData: Record<string, unknown>[] = [];
  const ns = [...new Set(input.cells.map((c) => String(c.input["n"])))];
  // The slides' rule beside the LP certificate (X separated: the ML estimate is infinite), per estimator.
  const agreement = new Map<string, { bad: number; separated: number; both: number; of: number }>();
  for (const estimator of input.estimators) {
    const printedRow = PUBLISHED_ROWS[estimator.label];
    for (const n of ns) {
      const oursWide: TableValue[] = [`${estimator.label} (ours, per 100)`, Number(n)];
      const printedWide: TableValue[] = [`${estimator.label} (published)`, Number(n)];
      for (const cell of input.cells.filter((c) => String(c.input["n"]) === n)) {
        const lambda = Number(cell.input["lambda"]);
        const rows = rowsOf(input.rows, cell.label, estimator.label);
        const bad = shareOf(rows.filter((r) => isBadFit(r.fit)).length, rows.length);
        const diverging = rows.filter((r) => r.fit?.diverging.includes(BETA3) === true).length;
        const isSeparated = (fit: FitRecord | null): boolean => fit !== null && fit.separation !== null && fit.separation !== "none";
        const separated = rows.filter((r) => isSeparated(r.fit)).length;
        const tally = agreement.get(estimator.label) ?? { bad: 0, separated: 0, both: 0, of: 0 };
        for (const r of rows) {
          const bad = isBadFit(r.fit);
          const sep = isSeparated(r.fit);
          tally.of++;
          if (bad) tally.bad++;
          if (sep) tally.separated++;
          if (bad && sep) tally.both++;
        }
        agreement.set(estimator.label, tally);
        const failed = rows.filter((r) => r.status === "failed").length;
        const index = lambdas.indexOf(lambda);
        const printed = printedRow === undefined ? null : (counts[printedRow]?.[n]?.[index] ?? null);
        long.push([estimator.label, Number(n), lambda, ...figureCells(bad, printed, 100), diverging, separated, failed]);
        oursWide.push(rows.length === 0 ? null : bad.value * 100);
        printedWide.push(printed);
        plotData.push({ estimator: estimator.label, n: `n = ${n}`, lambda, source: "ours", badPer100: bad.value * 100 });
        if (printed !== null) plotData.push({ estimator: estimator.label, n: `n = ${n}`, lambda, source: "published", badPer100: printed });
      }
      wide.push(oursWide, printedWide);
    }
  }
  for (const [label, key] of PRINTED_ONLY) {
    for (const n of ns) wide.push([`${label} (published only)`, Number(n), ...(counts[key]?.[n] ?? [])]);
  }
  const tables: ReportTable[] = [
    {
      name: "bad-fits",
      title: "Bad fits per 100 data sets, by estimator, n and λ (the slides' rule)",
      columns: ["estimator", "n", "lambda", ...FIGURE_COLUMNS, "beta3 diverging (checks)", "X separated (LP)", "failed tasks"],
      rows: long,
      notes: [
        "Bad fit: max |gradient| > 1e-3 (over all of θ: our fits do not keep ∂ℓ/∂β3 alone), or |β̂3| > 30, or SE(β̂3) > 30; a failed task counts as bad.",
        "ours is per 100 data sets (count / R × 100) with its binomial Monte-Carlo SE; published is the slides' count out of 100.",
        "beta3 diverging: the project's checks (LP certificate on X, then refits with more iterations) find β̂3 heading to ±∞.",
        ...[...agreement].map(
          ([label, t]) => `${label}: ${t.bad} bad fits and ${t.separated} data sets with X separated (LP) among ${t.of}; ${t.both} are both.`,
        ),
      ],
    },
    {
      name: "bad-fits-wide",
      title: "Bad fits per 100, as the slides lay them out (columns λ)",
      columns: ["row", "n", ...lambdas.map((l) => `λ=${l}`)],
      rows: wide,
      notes: ["bglmer's rows are the slides' numbers; bglmer is not implemented here."],
    },
  ];
  const plot = {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: "Bad fits per 100 data sets: ours and the slides'",
    data: { values: plotData },
    width: 220,
    height: 140,
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "lambda", type: "quantitative", title: "λ" },
      y: { field: "badPer100", type: "quantitative", title: "bad fits per 100", scale: { domain: [0, 100] } },
      color: { field: "source", type: "nominal", title: null },
      strokeDash: { field: "source", type: "nominal" },
      row: { field: "estimator", type: "nominal", title: null },
      column: { field: "n", type: "nominal", title: null, sort: ns.map((n) => `n = ${n}`) },
    },
  };
  return { tables, plots: [{ name: "bad-fits", title: "Bad fits per 100 by λ, n and estimator", spec: plot }] };
}
