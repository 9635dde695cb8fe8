/**
 * A table of raw text cells, column by column. Cells stay strings: whether a column is a number,
 * a factor or a 0/1 response depends on how the formula uses it, so typing happens per use
 * (in the model-frame builder), as R's model.frame does after read.csv.
 */
import { GlmmInputError } from "./errors.js";

/** A table of raw text cells, column by column, with its source named in errors. */
export interface DataTable {
  /** Where the data came from (a file name), used in every error message. */
  readonly source: string;
  readonly columnNames: readonly string[];
  /** Number of data rows (the header row not counted). */
  readonly rows: number;
  /** The raw cells of one column; throws a GlmmInputError naming the available columns if unknown. */
  column(name: string): readonly string[];
  /** Whether the table has a column of that name. */
  hasColumn(name: string): boolean;
}

/** Build a DataTable from named columns of equal length (used by the CSV reader and by tests). */
export function createDataTable(source: string, columns: ReadonlyMap<string, readonly string[]>): DataTable {
  const columnNames = [...columns.keys()];
  const rows = columnNames.length === 0 ? 0 : columns.get(columnNames[0]!)!.length;
  for (const [name, cells] of columns) {
    if (cells.length !== rows) {
      throw new GlmmInputError(
        "csv",
        `${quoteSource(source)}: column "${name}" has ${cells.length} rows but column "${columnNames[0]}" has ${rows}`,
      );
    }
  }
  return {
    source,
    columnNames,
    rows,
    hasColumn: (name) => columns.has(name),
    column(name) {
      const cells = columns.get(name);
      if (cells === undefined) {
        throw new GlmmInputError(
          "column",
          `column "${name}" not found in ${quoteSource(source)}; available columns: ${columnNames.map((c) => `"${c}"`).join(", ")}`,
        );
      }
      return cells;
    },
  };
}

/** `"culcita.csv"` — the source as it appears in messages. */
export function quoteSource(source: string): string {
  return `"${source}"`;
}
