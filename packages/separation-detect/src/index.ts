export {
  detectSeparation,
  DEFAULT_SEPARATION_TOLERANCE,
} from "./detect-separation.js";
export type {
  SeparationKind,
  SeparationOptions,
  SeparationReport,
} from "./detect-separation.js";
export { formatSeparationTable } from "./format-separation-table.js";
export type { SeparationTableOptions } from "./format-separation-table.js";
export { SeparationInputError, SeparationSolverError } from "./errors.js";
export {
  buildSeparationProblem,
  rowActivities,
  ZERO_ENTRY_TOLERANCE,
} from "./separation-problem.js";
export type { BuildOptions, SeparationProblem } from "./separation-problem.js";
export { writeSeparationLp } from "./lp-format.js";
export {
  loadHighsSolver,
  configureHighs,
  isHighsSolverLoaded,
} from "./highs-solver.js";
export type { HighsLocation } from "./highs-solver.js";
