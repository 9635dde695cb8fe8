/**
 * A simulated data set as typed columns: numbers stay in Float64Arrays (generating 10 000 replicates
 * must not build millions of strings) and text columns keep the cells they were given. `toCsv` writes
 * it as `glmm fit` reads it; `toDataTable` gives core's DataTable with exactly the cells the CSV holds.
 *
 * Numbers are written by `String(x)`, ECMAScript's shortest decimal that reads back to the same double,
 * so the CSV round-trips every value exactly and the same doubles always give the same bytes.
 */
import { columnTexts, createDataTable, type DataTable } from "@glmmkit/core";

export type SimulatedColumn =
  | { readonly name: string; readonly kind: "number"; readonly values: Float64Array }
  | { readonly name: string; readonly kind: "text"; readonly values: readonly string[] };

export interface SimulatedTable {
  readonly rows: number;
  /** In output order. Arrays may be shared between replicates of a cell: treat them as read-only. */
  readonly columns: readonly SimulatedColumn[];
}

export function numberColumn(name: string, values: Float64Array): SimulatedColumn {
  return { name, kind: "number", values };
}

export function textColumn(name: string, values: readonly string[]): SimulatedColumn {
  return { name, kind: "text", values };
}

export function createSimulatedTable(columns: readonly SimulatedColumn[]): SimulatedTable {
  const rows = columns.length === 0 ? 0 : columns[0]!.values.length;
  const seen = new Set<string>();
  for (const column of columns) {
    if (column.values.length !== rows) {
      throw new RangeError(`column "${column.name}" has ${column.values.length} rows, expected ${rows}`);
    }
    if (seen.has(column.name)) throw new RangeError(`duplicate column "${column.name}"`);
    seen.add(column.name);
  }
  return { rows, columns };
}

/** The same table with the named columns replaced (same position) or, when absent, appended. */
export function withColumns(table: SimulatedTable, replacements: readonly SimulatedColumn[]): SimulatedTable {
  // Loops, not map/some with arrows: this runs once per replicate, and closures made per call lose their
  // optimised code at each full GC.
  const columns: SimulatedColumn[] = [];
  for (const c of table.columns) columns.push(replacementFor(replacements, c.name) ?? c);
  for (const r of replacements) if (!hasColumn(table.columns, r.name)) columns.push(r);
  return createSimulatedTable(columns);
}

/** The last replacement named `name` (as a Map built from the list keeps the last), if any. */
function replacementFor(replacements: readonly SimulatedColumn[], name: string): SimulatedColumn | undefined {
  for (let k = replacements.length - 1; k >= 0; k--) if (replacements[k]!.name === name) return replacements[k];
  return undefined;
}

function hasColumn(columns: readonly SimulatedColumn[], name: string): boolean {
  for (const c of columns) if (c.name === name) return true;
  return false;
}

/** The cell text of row `i` of a column, as the CSV holds it. */
export function cellText(column: SimulatedColumn, i: number): string {
  return column.kind === "number" ? String(column.values[i]!) : column.values[i]!;
}

/** RFC 4180 quoting, only where a cell needs it (a comma, quote, line break or edge space). */
function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The table as CSV text: one header row, "\n" line ends, a final newline. */
export function toCsv(table: SimulatedTable): string {
  const lines = new Array<string>(table.rows + 1);
  lines[0] = table.columns.map((c) => csvField(c.name)).join(",");
  const textColumns = table.columns.map((c) => c.kind === "text");
  const needsQuoting = table.columns.map((c) => c.kind === "text" && c.values.some((v) => csvField(v) !== v));
  for (let i = 0; i < table.rows; i++) {
    let line = "";
    for (let k = 0; k < table.columns.length; k++) {
      const column = table.columns[k]!;
      const text = cellText(column, i);
      if (k > 0) line += ",";
      line += textColumns[k] && needsQuoting[k] ? csvField(text) : text;
    }
    lines[i + 1] = line;
  }
  return `${lines.join("\n")}\n`;
}

/** core's DataTable holding the cells the CSV would hold (what `glmm fit` reads from it). */
export function toDataTable(table: SimulatedTable, source = "simulated data"): DataTable {
  const columns = new Map<string, readonly (string | number)[]>();
  for (const column of table.columns) {
    columns.set(column.name, column.kind === "text" ? column.values : Array.from(column.values));
  }
  return createDataTable(source, columns);
}

/**
 * A data table's column as a simulated column: numbers as numbers (a numeric column with bad cells keeps
 * their text, so the model frame reports them), text as its cells.
 */
export function columnFromDataTable(data: DataTable, name: string): SimulatedColumn {
  const column = data.column(name);
  if (column.kind === "numeric" && column.badCells.length === 0 && column.missing === 0) return numberColumn(name, Float64Array.from(column.values));
  return textColumn(name, columnTexts(column));
}
