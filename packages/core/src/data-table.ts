/**
 * A table of typed columns. A column reads as numbers (a Float64Array, NaN where a cell is missing) or
 * as text (an Int32Array of codes into its distinct values): no string per cell, no row objects. Whether
 * a column is a covariate, a factor or a 0/1 response still depends on how the formula uses it, as in R
 * after read.csv; what the reader decides is only how the cells spell: a column whose cells are numbers
 * except a few is a numeric column with bad cells (kept, by row, for the error message), never text.
 */
import { columnFromValues, type CellValue } from "./csv/column-builder.js";
import { GlmmInputError } from "./errors.js";

/** A cell of a numeric column that is neither a number nor missing. */
export interface BadCell {
  /** 0-based data row. */
  readonly row: number;
  /** The cell as written. */
  readonly text: string;
  /** "text": not a number; "non-finite": NaN or Inf spelled out; "overflow": beyond the range of a double. */
  readonly problem: "text" | "non-finite" | "overflow";
}

export interface NumericColumn {
  readonly kind: "numeric";
  readonly name: string;
  readonly length: number;
  /** The numbers; NaN where the cell is missing (NA or empty) or bad. */
  readonly values: Float64Array;
  /** Cells that are neither numbers nor missing, in row order (few: a column of mostly text reads as text). */
  readonly badCells: readonly BadCell[];
  /** Number of missing cells (NA or empty). */
  readonly missing: number;
}

export interface TextColumn {
  readonly kind: "text";
  readonly name: string;
  readonly length: number;
  /** Per row, the index of its value in `levels`; −1 where the cell is missing (NA or empty). */
  readonly codes: Int32Array;
  /** The distinct values, in order of first appearance. */
  readonly levels: readonly string[];
  /** Number of missing cells (NA or empty). */
  readonly missing: number;
}

export type DataColumn = NumericColumn | TextColumn;

export interface DataTable {
  /** Where the data came from (a file name), used in every error message. */
  readonly source: string;
  readonly columnNames: readonly string[];
  /** Number of data rows (the header row not counted). */
  readonly rows: number;
  /** One column; throws a GlmmInputError naming the available columns if unknown. */
  column(name: string): DataColumn;
  hasColumn(name: string): boolean;
  /** How the file was read (encoding, delimiter), when it came from a file. */
  readonly format?: TableFormat;
}

export interface TableFormat {
  /** "UTF-8", "UTF-8 with BOM", "UTF-16LE with BOM", ... */
  readonly encoding: string;
  /** The field delimiter: ",", "\t" or ";" (or what --delimiter said). */
  readonly delimiter: string;
}

/**
 * Build a DataTable from named columns of equal length: typed columns as they are, or arrays of cells
 * (strings are read exactly as CSV cells are; numbers, booleans and null/undefined for missing).
 */
export function createDataTable(
  source: string,
  columns: ReadonlyMap<string, readonly CellValue[] | DataColumn>,
  format?: TableFormat,
): DataTable {
  const columnNames = [...columns.keys()];
  const typed = new Map<string, DataColumn>();
  for (const [name, cells] of columns) {
    typed.set(name, isDataColumn(cells) ? cells : columnFromValues(name, cells, source));
  }
  const rows = columnNames.length === 0 ? 0 : typed.get(columnNames[0]!)!.length;
  for (const [name, column] of typed) {
    if (column.length !== rows) {
      throw new GlmmInputError(
        "csv",
        `${quoteSource(source)}: column "${name}" has ${column.length} rows but column "${columnNames[0]}" has ${rows}`,
      );
    }
  }
  return {
    source,
    columnNames,
    rows,
    ...(format === undefined ? {} : { format }),
    hasColumn: (name) => typed.has(name),
    column(name) {
      const column = typed.get(name);
      if (column === undefined) {
        throw new GlmmInputError(
          "column",
          `column "${name}" not found in ${quoteSource(source)}; available columns: ${columnNames.map((c) => `"${c}"`).join(", ")}`,
        );
      }
      return column;
    },
  };
}

function isDataColumn(value: readonly CellValue[] | DataColumn): value is DataColumn {
  return !Array.isArray(value);
}

/** True where the cell is missing (NA or empty). */
export function isMissingAt(column: DataColumn, row: number): boolean {
  if (column.kind === "text") return column.codes[row]! < 0;
  return Number.isNaN(column.values[row]!) && !badCellRows(column).has(row);
}

const badRowCache = new WeakMap<NumericColumn, Map<number, BadCell>>();

/** The bad cells of a numeric column by row. */
export function badCellRows(column: NumericColumn): ReadonlyMap<number, BadCell> {
  let rows = badRowCache.get(column);
  if (rows === undefined) {
    rows = new Map(column.badCells.map((c) => [c.row, c]));
    badRowCache.set(column, rows);
  }
  return rows;
}

/** The text of one cell, for messages ("NA" for a missing cell; numbers as JavaScript prints them). */
export function cellText(column: DataColumn, row: number): string {
  if (column.kind === "text") {
    const code = column.codes[row]!;
    return code < 0 ? "NA" : column.levels[code]!;
  }
  const bad = column.badCells.length === 0 ? undefined : badCellRows(column).get(row);
  if (bad !== undefined) return bad.text;
  const x = column.values[row]!;
  return Number.isNaN(x) ? "NA" : String(x);
}

/** `"culcita.csv"` — the source as it appears in messages. */
export function quoteSource(source: string): string {
  return `"${source}"`;
}

/** The text of every cell (a string per cell: for tests and small tables, not for the data path). */
export function columnTexts(column: DataColumn): string[] {
  return Array.from({ length: column.length }, (_, row) => cellText(column, row));
}
