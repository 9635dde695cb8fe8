/**
 * DataTables from JavaScript values — numbers, booleans and strings — given as columns or as row objects,
 * for use from code and the web page. The values go to `createDataTable`, which types each column as the
 * CSV reader does (a column of numbers is numeric, of booleans logical, of strings text — numeric-looking
 * strings are read as numbers, as R's read.csv reads them; use the `factors` option to treat a numeric
 * code as a factor; null and undefined are missing). A column mixing numbers, booleans and strings is an
 * error naming the column and the row.
 */
import type { CellValue } from "./csv/column-builder.js";
import { createDataTable, quoteSource, type DataTable } from "./data-table.js";
import { GlmmInputError } from "./errors.js";

export type { CellValue };

/** Columns by name, each an array (or typed array) of cells of equal length. */
export type ColumnValues = Readonly<Record<string, ArrayLike<CellValue>>>;

/** Rows as objects keyed by column name (every row has the same keys). */
export type RowValues = readonly Readonly<Record<string, CellValue>>[];

type ValueKind = "number" | "boolean" | "string";

function kindOf(value: CellValue): ValueKind | null {
  if (value === null || value === undefined) return null;
  const kind = typeof value;
  if (kind === "number" || kind === "boolean" || kind === "string") return kind;
  return null;
}

function describeValue(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : String(value);
}

function columnCells(source: string, name: string, values: ArrayLike<CellValue>): CellValue[] {
  const cells = new Array<CellValue>(values.length);
  let kind: ValueKind | null = null;
  let firstRow = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    const k = kindOf(value);
    if (k === null && value !== null && value !== undefined) {
      throw new GlmmInputError(
        "value",
        `${quoteSource(source)}, row ${i + 1}, column "${name}": a cell must be a number, a boolean, a string or null, found ${typeof value}`,
      );
    }
    if (k !== null && kind === null) {
      kind = k;
      firstRow = i;
    } else if (k !== null && k !== kind) {
      throw new GlmmInputError(
        "value",
        `${quoteSource(source)}, row ${i + 1}, column "${name}": ${describeValue(value)} is a ${k} but row ${firstRow + 1} holds a ${kind} (${describeValue(values[firstRow])}); a column holds one kind of value`,
      );
    }
    cells[i] = value;
  }
  return cells;
}

/**
 * A {@link DataTable} from named columns of numbers, booleans or strings.
 * @param columns - column name → cells; every column must have the same length.
 * @param source - a name for the data in error messages (default "data").
 * @throws GlmmInputError naming the column and row for a column that mixes kinds or has unequal length.
 * @example
 * ```ts
 * const table = dataTableFromColumns({ y: [1, 0, 1], x: [0.2, 1.5, -0.3], g: ["a", "a", "b"] });
 * ```
 */
export function dataTableFromColumns(columns: ColumnValues, source = "data"): DataTable {
  const cells = new Map<string, readonly CellValue[]>();
  for (const [name, values] of Object.entries(columns)) cells.set(name, columnCells(source, name, values));
  if (cells.size === 0) throw new GlmmInputError("csv", `${quoteSource(source)} has no columns`);
  return createDataTable(source, cells);
}

/**
 * A {@link DataTable} from row objects, e.g. `[{ y: 1, x: 0.2, g: "a" }, ...]`. The columns are the keys
 * of the first row; every row must have exactly those keys.
 * @param rows - the data, one object per row.
 * @param source - a name for the data in error messages (default "data").
 * @throws GlmmInputError naming the row for a missing or extra key, or a column that mixes kinds.
 */
export function dataTableFromRows(rows: RowValues, source = "data"): DataTable {
  const first = rows[0];
  if (first === undefined) throw new GlmmInputError("csv", `${quoteSource(source)} has no rows`);
  const names = Object.keys(first);
  const columns: Record<string, CellValue[]> = Object.fromEntries(names.map((name) => [name, new Array<CellValue>(rows.length)]));
  rows.forEach((row, i) => {
    const keys = Object.keys(row);
    const extra = keys.find((k) => !(k in columns));
    const missing = names.find((k) => !(k in row));
    if (extra !== undefined || missing !== undefined) {
      const what = extra !== undefined ? `has a column "${extra}" that row 1 does not have` : `lacks the column "${missing}" of row 1`;
      throw new GlmmInputError("csv", `${quoteSource(source)}, row ${i + 1} ${what}; every row must have the same columns`);
    }
    for (const name of names) columns[name]![i] = row[name];
  });
  return dataTableFromColumns(columns, source);
}
