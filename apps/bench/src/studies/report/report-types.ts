/** What a study's report is made of: tables (Markdown and CSV) and Vega-Lite plots, from stored rows. */
import type { CellInput } from "@glmmkit/simulate";
import type { FitRecord } from "../runner/fit-record.js";
import type { StoredRow } from "../runner/stored-row.js";
import type { StudyEstimator } from "../study-definition.js";

/** A stored row with its record decoded (null for a failed task). */
export interface DecodedRow extends StoredRow {
  readonly fit: FitRecord | null;
}

/** The true parameters of a cell (the same for every replicate of it). */
export interface CellTruth {
  readonly beta: Readonly<Record<string, number>>;
  /** "sd(group)" → σ. */
  readonly sd: Readonly<Record<string, number>>;
}

export interface ReportCell {
  readonly label: string;
  readonly input: CellInput;
  readonly truth: CellTruth;
}

export interface StudyReportInput {
  readonly cells: readonly ReportCell[];
  /** The study's columns that have rows, in the study's order. */
  readonly estimators: readonly StudyEstimator[];
  readonly rows: readonly DecodedRow[];
  readonly published: PublishedNumbers;
}

/** ../shared/reference/published.json as parsed JSON. */
export type PublishedNumbers = Readonly<Record<string, unknown>>;

export type TableValue = string | number | null;

export interface ReportTable {
  /** File stem: `NAME.md` / `NAME.csv`. */
  readonly name: string;
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly TableValue[])[];
  /** Sentences under the table: how figures were computed, what differs from the paper and why. */
  readonly notes: readonly string[];
}

export interface ReportPlot {
  /** File stem: `NAME.svg` / `NAME.png`. */
  readonly name: string;
  readonly title: string;
  /** A Vega-Lite spec with its data inline. */
  readonly spec: Readonly<Record<string, unknown>>;
}

export interface StudyReport {
  readonly tables: readonly ReportTable[];
  readonly plots: readonly ReportPlot[];
}
