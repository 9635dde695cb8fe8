/**
 * Writes a study's report into DIR/report: one Markdown and one CSV file per table, an SVG, a PNG and
 * the Vega-Lite spec per plot, and README.md with every table, every plot and what the store holds
 * (rows, failures, replications, code versions). Same rows in, same files out.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { StoredRow } from "../runner/stored-row.js";
import type { StudyDefinition } from "../study-definition.js";
import { renderPlot } from "./render-plot.js";
import type { StudyReport } from "./report-types.js";
import { tableToCsv, tableToMarkdown } from "./table-format.js";

export interface WrittenReport {
  readonly dir: string;
  readonly files: readonly string[];
  readonly markdown: string;
}

function storeSummary(rows: readonly StoredRow[]): string {
  const failed = rows.filter((r) => r.status === "failed");
  const versions = [...new Set(rows.map((r) => r.codeVersion))].sort();
  const perColumn = new Map<string, number>();
  for (const row of rows) perColumn.set(row.estimator, (perColumn.get(row.estimator) ?? 0) + 1);
  const lines = [
    `- ${rows.length} stored tasks, ${failed.length} failed; code version${versions.length === 1 ? "" : "s"}: ${versions.join(", ") || "none"}`,
    `- tasks per column: ${[...perColumn].map(([label, n]) => `${label} ${n}`).join(", ") || "none"}`,
  ];
  const reasons = new Map<string, number>();
  for (const row of failed) reasons.set(row.error ?? "", (reasons.get(row.error ?? "") ?? 0) + 1);
  for (const [reason, n] of reasons) lines.push(`- failed ×${n}: ${reason}`);
  return lines.join("\n");
}

export async function writeReport(dir: string, study: StudyDefinition, seed: string, rows: readonly StoredRow[], report: StudyReport): Promise<WrittenReport> {
  const out = join(dir, "report");
  mkdirSync(out, { recursive: true });
  const files: string[] = [];
  const write = (name: string, content: string | Buffer): void => {
    writeFileSync(join(out, name), content);
    files.push(name);
  };
  const sections: string[] = [
    `# ${study.name}\n\n${study.summary}\n\nSource: ${study.source}. Seed "${seed}".\n\n${storeSummary(rows)}\n`,
    "Each figure: ours, its Monte-Carlo standard error, the number of replications R it rests on, the published value as printed, and ours − published.\n",
  ];
  for (const table of report.tables) {
    const markdown = tableToMarkdown(table);
    write(`${table.name}.md`, markdown);
    write(`${table.name}.csv`, tableToCsv(table));
    sections.push(markdown);
  }
  for (const plot of report.plots) {
    // The spec first: it is what to look at when a rendering fails.
    write(`${plot.name}.vl.json`, `${JSON.stringify(plot.spec, null, 2)}\n`);
    const rendered = await renderPlot(plot.spec);
    write(`${plot.name}.svg`, rendered.svg);
    write(`${plot.name}.png`, rendered.png);
    sections.push(`### ${plot.title}\n\n![${plot.title}](${plot.name}.svg)\n`);
  }
  const markdown = sections.join("\n");
  write("README.md", markdown);
  return { dir: out, files, markdown };
}
