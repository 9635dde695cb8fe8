/**
 * Runs one task where it lands (a pool thread, a queue worker, a test): regenerate replicate k of the
 * cell from its keyed stream, fit it as `glmm fit` does (LP certificate, fit, and for ML the divergence
 * check when the fit needs it), and return the stored row. Stochastic estimators get a seed derived from
 * the task, so a retried task draws the same numbers. An error inside the fit is the task's recorded failure, never an
 * exception, so one bad fit cannot stop a study.
 */
import { getEstimator, type FitResult, type ModelFrame, type SeparationFinding } from "@glmmkit/core";
import {
  MAXIMUM_LIKELIHOOD_ESTIMATORS,
  fitWithDivergenceCheck,
  fixedEffectsSeparation,
  separationFinding,
  withSeparationFindings,
} from "@glmmkit/estimators";
import "@glmmkit/estimators/register";
import { createSimulator, type Simulator } from "@glmmkit/simulate";
import { toCanonicalJson } from "./canonical-json.js";
import { fitRecord } from "./fit-record.js";
import type { StoredRow } from "./stored-row.js";
import { taskKey, type StudyTask } from "./study-task.js";

// A cell is set up once per thread (covariates drawn once, salamander's rows read once).
const simulators = new Map<string, Simulator>();

function simulatorFor(task: StudyTask): Simulator {
  const key = `${task.design}\u0000${task.seed}\u0000${task.cell}`;
  let simulator = simulators.get(key);
  if (simulator === undefined) {
    simulator = createSimulator(task.design, task.cellInput, { seed: task.seed });
    simulators.set(key, simulator);
  }
  return simulator;
}

/** The seed a stochastic estimator gets: a pure function of the task, so a rerun draws the same numbers. */
export function taskSeed(task: StudyTask): string {
  return `${task.seed}/${task.design}/${task.cell}/${task.replicate}/${task.estimator.label}`;
}

function message(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0]!;
}

/** The fit with the separation checks `glmm fit` runs around it (estimators' own engines, reused). */
async function checkedFit(task: StudyTask, frame: ModelFrame): Promise<FitResult> {
  const estimator = getEstimator<Record<string, unknown>>(task.estimator.estimator);
  const options = { ...task.estimator.options };
  const warnings: string[] = [];
  let fixedEffects: SeparationFinding | null = null;
  try {
    fixedEffects = separationFinding(await fixedEffectsSeparation(frame));
  } catch (error) {
    warnings.push(`the separation LP could not be run: ${message(error)}`);
  }
  if (MAXIMUM_LIKELIHOOD_ESTIMATORS.has(estimator.name)) {
    return fitWithDivergenceCheck(estimator, frame, options, {}, fixedEffects, warnings);
  }
  const fit = estimator.fit(frame, options, { seed: taskSeed(task) });
  return withSeparationFindings(fit, { fixedEffects, clusters: [], divergence: null });
}

/** The task's row, stamped with `codeVersion` (code-version.ts, computed once by the process that started the pool). */
export async function runTask(task: StudyTask, codeVersion: string): Promise<StoredRow> {
  const base = { task: taskKey(task), cell: task.cell, replicate: task.replicate, estimator: task.estimator.label, codeVersion };
  let started = process.hrtime.bigint();
  try {
    const frame = simulatorFor(task).replicate(task.replicate).frame;
    started = process.hrtime.bigint();
    const fit = await checkedFit(task, frame);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { ...base, status: "ok", record: toCanonicalJson(fitRecord(fit, frame)), error: null, seconds };
  } catch (error) {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { ...base, status: "failed", record: null, error: message(error), seconds };
  }
}
