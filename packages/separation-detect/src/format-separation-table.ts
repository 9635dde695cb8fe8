/**
 * Text rendering of a separation report in the style of detectseparation's print method:
 *
 *   Separation: TRUE (quasi-complete)
 *   Existence of maximum likelihood estimates
 *   (Intercept)          NV          PI          EH
 *             0         Inf           0           0
 *   0: finite value, Inf: infinity, -Inf: -infinity
 *
 * The named vector is laid out as R prints one: a common right-aligned field width, as many fields
 * per line as fit in `width` characters.
 */
import type { SeparationReport } from "./detect-separation.js";

/** Options of formatSeparationTable. */
export interface SeparationTableOptions {
  /** Line width for wrapping the coefficient table (R's default `width` is 80). */
  width?: number | undefined;
  /** List the rows on the separating hyperplane (default true; at most `maxRows` of them). */
  showHyperplaneRows?: boolean | undefined;
  maxRows?: number | undefined;
}

function estimateLabel(value: number): string {
  if (Number.isNaN(value)) return "NA";
  if (value === Number.POSITIVE_INFINITY) return "Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return "0";
}

/** A per-coefficient table: finite, Inf or -Inf. */
export function formatSeparationTable(report: SeparationReport, options: SeparationTableOptions = {}): string {
  const width = options.width ?? 80;
  const labels = report.estimates.map(estimateLabel);
  const names = report.columnNames;
  // A loop, not Math.max(...names): one argument per column would overflow the stack for very wide designs.
  let field = 1;
  for (const s of names) field = Math.max(field, s.length);
  for (const s of labels) field = Math.max(field, s.length);
  const perLine = Math.max(1, Math.floor(width / (field + 1)));

  const kind = report.separated ? ` (${report.kind})` : "";
  const lines: string[] = [`Separation: ${report.separated ? "TRUE" : "FALSE"}${kind}`];
  lines.push("Existence of maximum likelihood estimates");
  for (let start = 0; start < names.length; start += perLine) {
    const chunk = names.slice(start, start + perLine);
    lines.push(chunk.map((s) => s.padStart(field)).join(" "));
    lines.push(labels.slice(start, start + perLine).map((s) => s.padStart(field)).join(" "));
  }
  const legend = "0: finite value, Inf: infinity, -Inf: -infinity";
  lines.push(labels.includes("NA") ? `${legend}, NA: aliased` : legend);

  if (report.separated && (options.showHyperplaneRows ?? true) && report.hyperplaneRows.length > 0) {
    const maxRows = options.maxRows ?? 20;
    const shown = report.hyperplaneRows.slice(0, maxRows).join(", ");
    const more = report.hyperplaneRows.length > maxRows ? ", ..." : "";
    lines.push(`Rows on the separating hyperplane (0-based, ${report.hyperplaneRows.length}): ${shown}${more}`);
  }
  return lines.join("\n");
}
