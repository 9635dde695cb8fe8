/**
 * A task is one (cell, replicate, estimator) of a study. It carries everything a worker on any machine
 * needs to regenerate the data (design, cell, seed, replicate: the simulate package's keyed stream) and to
 * fit it (estimator and options), so tasks run in any order, anywhere, and a rerun gives the same bytes.
 */
import { cellLabel, getDesign, resolveCell, type CellInput } from "@glmmkit/simulate";
import type { StudyDefinition, StudyEstimator } from "../study-definition.js";

export interface StudyTask {
  readonly study: string;
  readonly design: string;
  readonly seed: string;
  /** Canonical cell label, the cell's stream key ("n=100,lambda=-8"). */
  readonly cell: string;
  readonly cellInput: CellInput;
  readonly replicate: number;
  readonly estimator: StudyEstimator;
}

/** The store's primary key: cell, replicate and estimator label. */
export function taskKey(task: Pick<StudyTask, "cell" | "replicate" | "estimator">): string {
  return `${task.cell}#${task.replicate}#${task.estimator.label}`;
}

/**
 * Canonical labels of the study's cells, in the study's order: the label createSimulator keys the cell's
 * stream by, from the cell's values alone — without preparing each cell's generator (5 ms a cell for
 * extreme-effects, a sixth of a second before the first task could start).
 */
export function studyCellLabels(study: StudyDefinition): { label: string; input: CellInput }[] {
  const design = getDesign(study.design);
  return study.cells.map((input) => ({ label: cellLabel(design.cellKeys, resolveCell(design.name, design.cellKeys, input)), input }));
}

/** Every task of the study for replicates 1..replications: cell by cell, replicate by replicate. */
export function enumerateTasks(
  study: StudyDefinition,
  estimators: readonly StudyEstimator[],
  replications: number,
  seed: string,
): StudyTask[] {
  const tasks: StudyTask[] = [];
  for (const { label, input } of studyCellLabels(study)) {
    for (let replicate = 1; replicate <= replications; replicate++) {
      for (const estimator of estimators) {
        tasks.push({ study: study.name, design: study.design, seed, cell: label, cellInput: input, replicate, estimator });
      }
    }
  }
  return tasks;
}
