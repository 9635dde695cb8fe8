/**
 * One high-level call: data (CSV text, row objects, columns or a DataTable) + formula + estimator name →
 * FitResult. `fitGlmmAsync` is what `glmm fit` and the web playground run (LP separation certificate
 * before the fit, divergence check after it when needed); `fitGlmm` is the synchronous form for code
 * that cannot await — the same fit and divergence check, without the LP certificate (HiGHS loads
 * asynchronously), which its diagnostics then show as not run.
 */
import {
  buildModelFrame,
  dataTableFromColumns,
  dataTableFromRows,
  getEstimator,
  parseCsv,
  type ColumnValues,
  type DataTable,
  type Estimator,
  type FitContext,
  type FitResult,
  type ModelFrame,
  type ModelFrameOptions,
  type RowValues,
} from "@glmmkit/core";
import "../register.js";
import { fitWithDivergenceCheck, fitWithSeparationChecks, type FitSeparationCheckOptions } from "../separation-check/fit-with-separation-checks.js";

/** The data of a fit: CSV text (with a header row), row objects, named columns, or a DataTable. */
export type GlmmData = string | RowValues | ColumnValues | DataTable;

/** What to fit: the arguments of {@link fitGlmm} and {@link fitGlmmAsync}. */
export interface FitGlmmRequest extends ModelFrameOptions {
  /** The data: CSV text, `[{ y: 1, x: 0.3, g: "a" }, ...]`, `{ y: [...], x: [...], g: [...] }` or a DataTable. */
  readonly data: GlmmData;
  /** An lme4 formula, e.g. `"y ~ x + (1 | g)"`. */
  readonly formula: string;
  /** A registered estimator's name (see `listEstimators()`), or an Estimator object; default "ml". */
  readonly estimator?: string | Estimator<Record<string, unknown>>;
  /** The estimator's options, e.g. `{ nAGQ: 25 }` for ml or `{ lambda: 0.5 }` for ridge (checked by the estimator). */
  readonly options?: Readonly<Record<string, unknown>>;
  /** The separation checks around the fit (default: LP certificate, divergence check when needed). */
  readonly checks?: FitSeparationCheckOptions;
  /** Seed of a stochastic estimator (`mcmc`, `imsa`, `scoresa`; default "1"): the same seed, the same fit. */
  readonly seed?: string;
  /** Progress messages of a long fit. */
  readonly onProgress?: (message: string) => void;
  /** A name for the data in error messages (default: "data"). */
  readonly source?: string;
}

/** The fit context of a request: its seed and progress callback (undefined when it has neither). */
function contextOf(request: FitGlmmRequest): FitContext | undefined {
  if (request.seed === undefined && request.onProgress === undefined) return undefined;
  return {
    ...(request.seed === undefined ? {} : { seed: request.seed }),
    ...(request.onProgress === undefined ? {} : { onProgress: request.onProgress }),
  };
}

function isDataTable(data: GlmmData): data is DataTable {
  return typeof data === "object" && data !== null && typeof (data as Partial<DataTable>).column === "function";
}

/** The DataTable for any accepted form of data. */
export function toDataTable(data: GlmmData, source = "data"): DataTable {
  if (typeof data === "string") return parseCsv(data, source);
  if (isDataTable(data)) return data;
  if (Array.isArray(data)) return dataTableFromRows(data as RowValues, source);
  return dataTableFromColumns(data as ColumnValues, source);
}

/** The model frame of a request: its data typed and checked against its formula. */
export function modelFrameOf(request: FitGlmmRequest): ModelFrame {
  const { data, formula, source, factors, referenceLevels, levelOrders, success } = request;
  return buildModelFrame(toDataTable(data, source), formula, {
    ...(factors === undefined ? {} : { factors }),
    ...(referenceLevels === undefined ? {} : { referenceLevels }),
    ...(levelOrders === undefined ? {} : { levelOrders }),
    ...(success === undefined ? {} : { success }),
  });
}

function estimatorOf(request: FitGlmmRequest): Estimator<Record<string, unknown>> {
  const chosen = request.estimator ?? "ml";
  return typeof chosen === "string" ? getEstimator<Record<string, unknown>>(chosen) : chosen;
}

/**
 * Fit a GLMM (or, with jeffreys-glm, a GLM) synchronously.
 * @throws GlmmInputError for bad data, formula or options (check with `GlmmInputError.isInstance`).
 * @example
 * ```ts
 * import { fitGlmm } from "@glmmkit/estimators";
 * const fit = fitGlmm({ data: rows, formula: "y ~ x + (1 | g)", estimator: "mspl" });
 * console.log(fit.beta, fit.converged);
 * ```
 */
export function fitGlmm(request: FitGlmmRequest): FitResult {
  const frame = modelFrameOf(request);
  const warning = "the separation LP certificate was not run (synchronous fitGlmm; fitGlmmAsync runs it)";
  return fitWithDivergenceCheck(estimatorOf(request), frame, request.options ?? {}, request.checks ?? {}, null, [warning], contextOf(request));
}

/**
 * Fit a GLMM with the separation checks `glmm fit` runs: the LP certificate on the fixed effects before
 * the fit and the divergence check after it when needed. Same result and summary as the CLI.
 * @example
 * ```ts
 * const fit = await fitGlmmAsync({ data: csvText, formula: "predation ~ ttt + (1 | block)" });
 * console.log(formatFitSummary(fit));
 * ```
 */
export async function fitGlmmAsync(request: FitGlmmRequest): Promise<FitResult> {
  const frame = modelFrameOf(request);
  return fitWithSeparationChecks(estimatorOf(request), frame, request.options ?? {}, request.checks ?? {}, contextOf(request));
}
