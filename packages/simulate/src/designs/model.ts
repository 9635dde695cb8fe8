/**
 * `model`: any model `glmm fit` accepts, on a user's design rows, with the true parameters given by name
 * (or taken from a fit's JSON: a parametric bootstrap). The design rows are the user's table; their
 * cells are copied verbatim into every replicate, and only the response columns are simulated:
 *   y ~ …                  y is written as 0/1 (added when the table has no such column);
 *   cbind(s, f) ~ …        the trials are s + f of the design rows; s and f are rewritten;
 *   cbind(s, n - s) ~ …    the trials are n; s is rewritten (added when absent).
 */
import { GlmmInputError, type DataTable, type ModelFrameOptions } from "@glmmkit/core";
import { fixedDesignGenerator, type SimulationDesign } from "../design.js";
import { parametersFromNames, type NamedParameters, type NameSources } from "../named-parameters.js";
import { columnFromDataTable, createSimulatedTable, numberColumn, withColumns, type SimulatedColumn } from "../simulated-table.js";
import { prepareModel, responseLayout } from "../simulation-model.js";

export interface ModelDesignOptions {
  /** The design rows (e.g. a CSV read by core's readCsvFile or parseCsv). */
  readonly data: DataTable;
  readonly formula: string;
  readonly frameOptions?: ModelFrameOptions;
  readonly parameters: NamedParameters;
  /** How the parameters were given, for messages (default "--beta", "--sd", "--cor"). */
  readonly sources?: NameSources;
  /** Rows the parameters were estimated on (a fit's n): the design rows must have as many. */
  readonly expectedRows?: { readonly rows: number; readonly source: string };
  readonly notes?: readonly string[];
}

export const MODEL_DESIGN_DESCRIPTION: readonly string[] = [
  "Any formula glmm fit accepts (several terms, crossed or correlated; cbind(s, f) or cbind(s, n - s) counts) on the rows of --data.",
  'Truth by name: --beta "(Intercept)=-1,x=0.5" (every coefficient), --sd g=1.2 (or g:col=... per column of a term), --cor g:col1:col2=rho (default 0).',
  "Or --from-fit fit.json (from `glmm fit --json`, any estimator with the logit link) with --data naming the rows it was fitted to: a parametric bootstrap.",
  "The data's cells are copied verbatim; only the response columns are simulated (y as 0/1, counts out of the rows' trials).",
];

/** Placeholder response columns (their values are never read) so the frame can be built from design rows. */
function responsePlaceholders(data: DataTable, formula: string, frameOptions: ModelFrameOptions): SimulatedColumn[] {
  const layout = responseLayout(formula, frameOptions);
  const zeros = new Float64Array(data.rows);
  if (layout.kind !== "counts") return [numberColumn(layout.column, zeros)];
  if (layout.failures !== null) {
    for (const name of [layout.successes, layout.failures]) {
      if (!data.hasColumn(name)) {
        throw new GlmmInputError(
          "column",
          `cbind(${layout.successes}, ${layout.failures}) takes the trials from the design rows, but column "${name}" is not in "${data.source}"`,
        );
      }
    }
    return [];
  }
  return [numberColumn(layout.successes, zeros)];
}

export function modelDesign(options: ModelDesignOptions): SimulationDesign {
  return {
    name: "model",
    summary: "a user's formula on the user's design rows, truth by name or from a fit's JSON",
    description: MODEL_DESIGN_DESCRIPTION,
    cellKeys: [],
    prepare() {
      const { data, formula } = options;
      const given = createSimulatedTable(data.columnNames.map((name) => columnFromDataTable(data, name)));
      const rows = withColumns(given, responsePlaceholders(data, formula, options.frameOptions ?? {}));
      const model = prepareModel(rows, {
        formula,
        source: data.source,
        ...(options.frameOptions === undefined ? {} : { frameOptions: options.frameOptions }),
        parameters: (frame) => parametersFromNames(frame, options.parameters, options.sources),
      });
      const expected = options.expectedRows;
      if (expected !== undefined && expected.rows !== model.frame.n) {
        throw new GlmmInputError(
          "option",
          `${expected.source} was fitted to ${expected.rows} rows but "${data.source}" has ${model.frame.n}: give the data it was fitted to`,
        );
      }
      return fixedDesignGenerator(model, options.notes ?? []);
    },
  };
}
