/**
 * The one engine every design uses: design rows (a table whose response cells are placeholders) and a
 * formula are turned into a model frame by core's `buildModelFrame` — the very code `glmm fit` runs on
 * the CSV — and each replicate draws, from its own stream,
 *     b_tj = L_t e_tj,  e_tj ~ N(0, I_q)   for every level j of every term t (levels in factor order),
 *     η_i  = o_i + x_iᵀβ + Σ_t z_itᵀ b_t,g(i)   (o the formula's offset, if any),
 *     y_i  ~ Binomial(m_i, expit(η_i))     (Bernoulli when m_i = 1),
 * in that order. Building X and Z from the same cells the CSV will hold means the truth is the truth of
 * the model the fit reads, by construction. The effects are drawn in level order, so a level's effect
 * does not depend on the order of the rows; the i-th response uses the i-th uniform, so permuting the
 * design rows gives another draw from the same model, not the same rows permuted.
 */
import {
  buildModelFrame,
  GlmmInputError,
  parseFormula,
  type ModelFrame,
  type Expression,
  type ModelFrameOptions,
  type RandomEffectsTable,
} from "@glmmkit/core";
import { expit, type Rng } from "@glmmkit/math";
import { numberColumn, toDataTable, withColumns, type SimulatedColumn, type SimulatedTable } from "./simulated-table.js";
import { checkParameters, covarianceFactor, type TrueParameters } from "./true-parameters.js";

export interface ModelDefinition {
  /** The model the data follow, as `glmm fit --formula` takes it. */
  readonly formula: string;
  /** Level orders / factor columns the fit needs to read the CSV into this model. */
  readonly frameOptions?: ModelFrameOptions;
  /** The true parameters, aligned with the frame built from the design rows. */
  parameters(frame: ModelFrame): TrueParameters;
  /**
   * The frame of the design rows when the design builds it itself, for speed (a design drawing new rows
   * in every replicate). It must equal what `buildModelFrame` gives on the rows' cells; the design's
   * tests check that. By default the frame is built by core from the rows' cells.
   */
  readonly frame?: ModelFrame;
  /** Names the design rows in error messages (the user's file for a `model` design). */
  readonly source?: string;
}

/** How the simulated successes are written back into the table's response columns. */
export type ResponseLayout =
  | { readonly kind: "binary"; readonly column: string }
  /** y ~ … with prior weights: the column holds successes / trials (the weights are the trials). */
  | { readonly kind: "proportion"; readonly column: string }
  | { readonly kind: "counts"; readonly successes: string; readonly failures: string | null };

export interface SimulationModel {
  readonly formula: string;
  readonly frameOptions: ModelFrameOptions;
  /** The design rows; their response cells are placeholders. */
  readonly rows: SimulatedTable;
  /** Built from the design rows (its y is a placeholder; trials are the design's). */
  readonly frame: ModelFrame;
  readonly parameters: TrueParameters;
  /** x_iᵀβ per row, computed once. */
  readonly fixedPredictor: Float64Array;
  /** L_t with Σ_t = L_t L_tᵀ, per term. */
  readonly factors: readonly Float64Array[];
  readonly response: ResponseLayout;
}

export interface DrawnReplicate {
  readonly table: SimulatedTable;
  /** The model frame of the simulated data (what `glmm fit` builds from the CSV). */
  readonly frame: ModelFrame;
  /** The random effects that were drawn, b scale, per term. */
  readonly randomEffects: readonly RandomEffectsTable[];
}

/** The column an expression names, if it is a bare column name. */
function columnName(expression: Expression): string | null {
  return expression.kind === "name" ? expression.name : null;
}

/**
 * Where the simulated successes go: a 0/1 column, a proportion column (with prior weights, the trials), or
 * the columns of cbind(s, f) / cbind(s, n - s). A response computed by an expression cannot be written back.
 */
export function responseLayout(formula: string,
  options: Pick<ModelFrameOptions, "weights"> = {}
): ResponseLayout {
  const response = parseFormula(formula).response;
  if (response.kind === "expression") {
    throw new GlmmInputError(
      "formula",
      `cannot simulate the computed response ${response.label}: the simulator writes the response into a column, so name a column (y ~ …) or use cbind(successes, failures)`,
    );
  }
  if (response.kind === "column") {
    return options.weights === undefined ? { kind: "binary", column: response.name } : { kind: "proportion", column: response.name };
  }
  const successes = columnName(response.successes);
  const failures = response.failures;
  const failureColumn = columnName(failures);
  if (successes !== null && failureColumn !== null) return { kind: "counts", successes, failures: failureColumn };
  const total = failures.kind === "binary" && failures.op === "-" ? columnName(failures.left) : null;
  const minus = failures.kind === "binary" && failures.op === "-" ? columnName(failures.right) : null;
  if (successes !== null && total !== null && minus !== null && minus !== successes) {
    throw new GlmmInputError(
      "formula",
      `cannot simulate cbind(${successes}, ${total} - ${minus}): the failures must be written ${total} - ${successes}`,
    );
  }
  if (successes === null || total === null || minus !== successes) {
    throw new GlmmInputError(
      "formula",
      `cannot simulate this cbind() response: write it cbind(s, f) or cbind(s, n - s) with column names s, f and n`,
    );
  }
  return { kind: "counts", successes, failures: null };
}

export function prepareModel(rows: SimulatedTable, definition: ModelDefinition): SimulationModel {
  const response = responseLayout(definition.formula, definition.frameOptions ?? {});
  // The response is simulated, never read, so a success level for a text response does not apply.
  const { success: _notUsed, ...frameOptions } = definition.frameOptions ?? {};
  // Drawing from a model needs no estimable variance components (fitting the draws still checks them).
  const frame =
    definition.frame ??
    buildModelFrame(toDataTable(rows, definition.source), definition.formula, { ...frameOptions, checkEstimable: false });
  const parameters = definition.parameters(frame);
  checkParameters(frame, parameters);
  // x_iᵀβ plus the offset the formula names (a known part of η, as R's offset()).
  const fixedPredictor = frame.offset === undefined ? new Float64Array(frame.n) : Float64Array.from(frame.offset);
  for (let k = 0; k < frame.p; k++) {
    const b = parameters.beta[k]!;
    const column = frame.X.subarray(k * frame.n, (k + 1) * frame.n);
    for (let i = 0; i < frame.n; i++) fixedPredictor[i] = fixedPredictor[i]! + column[i]! * b;
  }
  // By push, not map: the elements kind of a map() result depends on the tier that ran it, and a second
  // array map here deoptimises drawReplicate.
  const factors: Float64Array[] = [];
  for (const covariance of parameters.covariances) factors.push(covarianceFactor(covariance));
  return {
    formula: definition.formula,
    frameOptions,
    rows,
    frame,
    parameters,
    fixedPredictor,
    factors,
    response,
  };
}

/**
 * Term t's effects b_tj = L_t e_tj for every level j (drawn from `rng` in level order), added into η (`y`).
 * A module function, not a closure made per replicate: a fresh closure loses its optimised code at each
 * full GC and is compiled again.
 */
function drawTermEffects(model: SimulationModel, rng: Rng, t: number, y: Float64Array): RandomEffectsTable {
  const n = model.frame.n;
  const term = model.frame.terms[t]!;
  const q = term.q;
  const L = model.factors[t]!;
  const J = term.levels.length;
  const values = new Float64Array(J * q);
  const e = new Float64Array(q);
  for (let j = 0; j < J; j++) {
    for (let r = 0; r < q; r++) e[r] = rng.normal();
    for (let r = 0; r < q; r++) {
      let s = 0;
      for (let c = 0; c <= r; c++) s += L[c * q + r]! * e[c]!;
      values[j * q + r] = s;
    }
  }
  const { Z, groupIndex } = term;
  for (let i = 0; i < n; i++) {
    const base = groupIndex[i]! * q;
    let s = 0;
    for (let r = 0; r < q; r++) s += Z[i * q + r]! * values[base + r]!;
    y[i] = y[i]! + s;
  }
  return { group: term.group, termNames: term.termNames, levels: term.levels, values };
}

/** One replicate from `rng`: random effects, then responses (see the module comment). */
export function drawReplicate(model: SimulationModel, rng: Rng): DrawnReplicate {
  const { frame } = model;
  const n = frame.n;
  // η is accumulated in the array that then receives the responses (one allocation per replicate).
  const y = Float64Array.from(model.fixedPredictor);
  const randomEffects: RandomEffectsTable[] = [];
  for (let t = 0; t < frame.terms.length; t++) randomEffects.push(drawTermEffects(model, rng, t, y));

  if (frame.binary) {
    // rng.bernoulli(p) is uniform() < p after checking p ∈ [0, 1], which expit guarantees: the same draws.
    const uniform = rng.uniform;
    for (let i = 0; i < n; i++) y[i] = uniform() < expit(y[i]!) ? 1 : 0;
  } else {
    for (let i = 0; i < n; i++) y[i] = rng.binomial(frame.trials[i]!, expit(y[i]!));
  }
  return { table: withColumns(model.rows, responseColumns(model, y)), frame: { ...frame, y }, randomEffects };
}

function responseColumns(model: SimulationModel, frameY: Float64Array): SimulatedColumn[] {
  const layout = model.response;
  const { y, trials } = toTableRows(model, frameY);
  if (layout.kind === "binary") return [numberColumn(layout.column, y)];
  if (layout.kind === "proportion")
    return [
      numberColumn(
        layout.column,
        y.map((s, i) => (trials[i]! > 0 ? s / trials[i]! : s)),
      ),
    ];
  const columns = [numberColumn(layout.successes, y)];
  if (layout.failures !== null) columns.push(numberColumn(layout.failures, y.map((s, i) => trials[i]! - s)));
  return columns;
}

/**
 * Responses and trials on the table's rows: the frame leaves out rows it set aside (zero trials, or
 * missing values under na-action omit); those keep 0 of 0 trials, or NaN when their data were missing.
 */
function toTableRows(model: SimulationModel, frameY: Float64Array): { y: Float64Array; trials: Float64Array } {
  const { frame, rows } = model;
  const omitted = frame.omitted ?? [];
  if (omitted.length === 0 || frame.n === rows.rows) return { y: frameY, trials: frame.trials };
  const y = new Float64Array(rows.rows);
  const trials = new Float64Array(rows.rows);
  const setAside = new Uint8Array(rows.rows);
  for (const o of omitted) {
    for (const row of o.rows) {
      setAside[row - 1] = 1;
      y[row - 1] = o.reason === "zero trials" ? 0 : Number.NaN;
    }
  }
  let k = 0;
  for (let i = 0; i < rows.rows; i++) {
    if (setAside[i] === 1) continue;
    y[i] = frameY[k]!;
    trials[i] = frame.trials[k]!;
    k++;
  }
  return { y, trials };
}
