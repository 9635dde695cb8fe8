/**
 * The computation behind one playground request — the same calls as `glmm fit` and `glmm separation`:
 * parse the CSV, build the frame, fit with the separation checks, format. Kept free of Worker globals so
 * it can be tested in Node as well.
 */
import { buildModelFrame, errorLine, formatFitJson, formatFitSummary, getEstimator, isGlmmInputError, parseCsv } from "@glmmkit/core";
import { fitWithSeparationChecks, formatSeparationCheck, separationCheck } from "@glmmkit/estimators";
import type { FitRequest, FitResponse } from "./protocol.js";

export async function fitRequest(request: FitRequest): Promise<FitResponse> {
  const start = performance.now();
  try {
    const table = parseCsv(request.csv, request.source);
    const { factors, levelOrders, success } = request.settings;
    const frame = buildModelFrame(table, request.formula, {
      ...(factors === undefined ? {} : { factors }),
      ...(levelOrders === undefined ? {} : { levelOrders }),
      ...(success === undefined ? {} : { success }),
    });
    const steps: Record<string, number> = { "read+frame": performance.now() - start };
    const fit = await fitWithSeparationChecks(getEstimator<Record<string, unknown>>(request.estimator), frame, {}, {
      onStep: (step, milliseconds) => (steps[step] = milliseconds),
    });
    const fitMilliseconds = performance.now() - start;
    const separation = formatSeparationCheck(await separationCheck(frame));
    return {
      id: request.id,
      ok: true,
      summary: `${formatFitSummary(fit, { dataName: request.source })}\n`,
      json: `${formatFitJson(fit)}\n`,
      separation,
      ranef: fit.ranef,
      fitMilliseconds,
      steps,
      milliseconds: performance.now() - start,
    };
  } catch (error) {
    return { id: request.id, ok: false, error: errorLine(error), inputError: isGlmmInputError(error) };
  }
}
