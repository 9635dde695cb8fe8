/**
 * Data sets simulated from a fitted model, for the parametric bootstrap: the fit's β̂, SDs and correlations
 * as the truth of @glmmkit/simulate's `model` design on the rows the model was fitted to (the same table
 * and frame options, so X, Z and the trials are the fit's). Replicate k is drawn from its own keyed stream
 * under the seed: b = L̂e with e ~ N(0, I) per level, then y_i ~ Binomial(m_i, expit(x_iᵀβ̂ + z_iᵀb)).
 */
import type { DataTable, FitResult, ModelFrameOptions } from "@glmmkit/core";
import { fitResultToJson } from "@glmmkit/core";
import { createSimulator, modelDesign, truthFromFitJson } from "@glmmkit/simulate";
import type { ReplicateSource } from "./bootstrap-intervals.js";

export function fittedModelReplicates(data: DataTable, frameOptions: ModelFrameOptions, fit: FitResult, seed: string): ReplicateSource {
  const truth = truthFromFitJson(fitResultToJson(fit), `the ${fit.estimator} fit`);
  const design = modelDesign({
    data,
    formula: fit.formula,
    frameOptions,
    parameters: truth.parameters,
    sources: { beta: "the fit", sd: "the fit", correlation: "the fit" },
    expectedRows: { rows: fit.n, source: "the fit" },
  });
  const simulator = createSimulator(design, {}, { seed });
  return { seed: simulator.seed, replicate: (k) => simulator.replicate(k).frame };
}
