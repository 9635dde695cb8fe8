/**
 * The true parameters of a replicate, in the names `glmm fit` prints, plus what is needed to fit the
 * replicate back (formula, level orders) and its marginal prevalence. This is what `--truth` prints.
 */
import type { ModelFrameOptions } from "@glmmkit/core";
import type { Cell } from "./cell.js";
import { marginalPrevalence } from "./marginal-prevalence.js";
import type { SimulationModel } from "./simulation-model.js";
import { covarianceMatrix } from "./true-parameters.js";

export interface TrueCovariance {
  readonly group: string;
  readonly terms: readonly string[];
  readonly sd: readonly number[];
  readonly variance: readonly number[];
  /** q × q, row by row. */
  readonly correlation: readonly (readonly number[])[];
}

export interface Truth {
  readonly design: string;
  readonly cell: Cell;
  readonly seed: string;
  readonly replicate: number;
  readonly formula: string;
  readonly frameOptions: ModelFrameOptions;
  /** The flags `glmm fit` takes to read the CSV into this model (FILE stands for the CSV). */
  readonly fitCommand: string;
  readonly beta: Readonly<Record<string, number>>;
  readonly randomEffects: readonly TrueCovariance[];
  /** Expected share of successes over the replicate's rows and trials, random effects integrated out. */
  readonly marginalPrevalence: number;
  readonly rows: number;
  readonly notes: readonly string[];
}

export interface TruthContext {
  readonly design: string;
  readonly cell: Cell;
  readonly seed: string;
  readonly replicate: number;
  readonly notes: readonly string[];
}

// Fixed designs share one model across replicates: integrate its prevalence once.
const prevalenceCache = new WeakMap<SimulationModel, number>();

function prevalenceOf(model: SimulationModel): number {
  let value = prevalenceCache.get(model);
  if (value === undefined) {
    value = marginalPrevalence(model.frame, model.parameters);
    prevalenceCache.set(model, value);
  }
  return value;
}

/** `glmm fit FILE --formula "…" [--factors …] [--levels …] [--reference-level …]`. */
export function fitCommand(formula: string, options: ModelFrameOptions): string {
  const parts = ["glmm fit FILE", `--formula "${formula}"`];
  if (options.factors !== undefined && options.factors.length > 0) parts.push(`--factors ${options.factors.join(",")}`);
  for (const [factor, levels] of Object.entries(options.levelOrders ?? {})) parts.push(`--levels "${factor}=${levels.join(",")}"`);
  for (const [factor, level] of Object.entries(options.referenceLevels ?? {})) parts.push(`--reference-level "${factor}=${level}"`);
  if (options.weights !== undefined) parts.push(`--weights "${options.weights}"`);
  return parts.join(" ");
}

/** The options without empty entries (what the truth prints). */
function compactFrameOptions(options: ModelFrameOptions): ModelFrameOptions {
  const nonEmpty = (record: Readonly<Record<string, unknown>> | undefined) => record !== undefined && Object.keys(record).length > 0;
  return {
    ...(options.factors !== undefined && options.factors.length > 0 ? { factors: options.factors } : {}),
    ...(nonEmpty(options.levelOrders) ? { levelOrders: options.levelOrders } : {}),
    ...(nonEmpty(options.referenceLevels) ? { referenceLevels: options.referenceLevels } : {}),
    ...(options.weights === undefined ? {} : { weights: options.weights }),
  };
}

export function truthOf(model: SimulationModel, context: TruthContext): Truth {
  const { frame, parameters } = model;
  const beta: Record<string, number> = {};
  frame.betaNames.forEach((name, k) => (beta[name] = parameters.beta[k]!));
  const randomEffects = parameters.covariances.map((cov): TrueCovariance => {
    const q = cov.sd.length;
    const sigma = covarianceMatrix(cov);
    return {
      group: cov.group,
      terms: [...cov.termNames],
      sd: Array.from(cov.sd),
      variance: Array.from({ length: q }, (_, k) => sigma[k * q + k]!),
      correlation: Array.from({ length: q }, (_, r) => Array.from({ length: q }, (_, c) => cov.correlation[c * q + r]!)),
    };
  });
  return {
    design: context.design,
    cell: context.cell,
    seed: context.seed,
    replicate: context.replicate,
    formula: model.formula,
    frameOptions: compactFrameOptions(model.frameOptions),
    fitCommand: fitCommand(model.formula, model.frameOptions),
    beta,
    randomEffects,
    marginalPrevalence: prevalenceOf(model),
    rows: frame.n,
    notes: context.notes,
  };
}
