/** Tables as Markdown (4 significant digits, for reading) and CSV (full precision, for further work). */
import type { ReportTable, TableValue } from "./report-types.js";

function markdownValue(value: TableValue): string {
  if (value === null) return "";
  if (typeof value === "string") return value.replace(/\|/g, "\\|");
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "∞" : "−∞";
  if (Number.isInteger(value) && Math.abs(value) < 1e6) return String(value);
  const abs = Math.abs(value);
  return abs !== 0 && (abs < 1e-3 || abs >= 1e5) ? value.toExponential(2) : Number(value.toPrecision(4)).toString();
}

export function tableToMarkdown(table: ReportTable): string {
  const header = `| ${table.columns.join(" | ")} |`;
  const rule = `| ${table.columns.map(() => "---").join(" | ")} |`;
  const body = table.rows.map((row) => `| ${row.map(markdownValue).join(" | ")} |`);
  const notes = table.notes.length === 0 ? "" : `\n${table.notes.map((n) => `- ${n}`).join("\n")}\n`;
  return `### ${table.title}\n\n${[header, rule, ...body].join("\n")}\n${notes}`;
}

function csvValue(value: TableValue): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function tableToCsv(table: ReportTable): string {
  return `${[table.columns, ...table.rows].map((row) => row.map(csvValue).join(",")).join("\n")}\n`;
}
