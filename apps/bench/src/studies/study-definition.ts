/**
 * A simulation study as data: which design and cells, which estimators (by registry name, with their
 * options), how many replications by default, and how its rows become tables and plots beside the
 * published numbers. The runner knows nothing about any particular study; the definitions know nothing
 * about threads, queues or stores.
 */
import type { CellInput } from "@glmmkit/simulate";
import type { StudyReport, StudyReportInput } from "./report/report-types.js";

/** One column of a study: a registered estimator with fixed options, under a label of its own. */
export interface StudyEstimator {
  /** Column label in tables and part of the task key: "ml", "entropy λ=1.24", "scoresa-3". */
  readonly label: string;
  /** Registry name (`getEstimator`); the column runs only while `hasEstimator(estimator)`. */
  readonly estimator: string;
  /** Options passed to the estimator's `fit` (checked by its own schema). */
  readonly options?: Readonly<Record<string, unknown>>;
}

export interface StudyDefinition {
  /** `pnpm bench study NAME`. */
  readonly name: string;
  /** One line for `--list`. */
  readonly summary: string;
  /** Where the design, the metrics and the published numbers come from. */
  readonly source: string;
  /** The simulate package's design every task draws its data from. */
  readonly design: string;
  /** The design cells of the study, in table order. */
  readonly cells: readonly CellInput[];
  /** Every column the study wants; those whose estimator is not registered are skipped and named. */
  readonly estimators: readonly StudyEstimator[];
  readonly defaultReplications: number;
  /** Seed of the keyed streams (replicate k of cell c is the same for every estimator). */
  readonly defaultSeed: string;
  /** Tables and plots from the stored rows (pure: the same rows give the same report). */
  report(input: StudyReportInput): StudyReport;
}
