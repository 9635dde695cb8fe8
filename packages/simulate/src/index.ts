export { simulate, createSimulator } from "./simulate.js";
export type {
  SimulatedReplicate,
  Simulator,
  SimulatorOptions,
  SimulationOptions,
} from "./simulate.js";
export type {
  SimulationDesign,
  CellGenerator,
  GeneratedReplicate,
} from "./design.js";
export { fixedDesignGenerator } from "./design.js";
export type { Cell, CellInput, CellKey } from "./cell.js";
export {
  parseCellText,
  resolveCell,
  cellLabel,
  enumerateCells,
} from "./cell.js";
export type { SimulatedColumn, SimulatedTable } from "./simulated-table.js";
export {
  createSimulatedTable,
  numberColumn,
  textColumn,
  withColumns,
  toCsv,
  toDataTable,
} from "./simulated-table.js";
export type { TermCovariance, TrueParameters } from "./true-parameters.js";
export { covarianceMatrix, covarianceFactor } from "./true-parameters.js";
export type { NamedParameters, NameSources } from "./named-parameters.js";
export {
  parametersFromNames,
  betaFromNames,
  covariancesFromNames,
  sdNames,
} from "./named-parameters.js";
export type {
  ModelDefinition,
  SimulationModel,
  DrawnReplicate,
} from "./simulation-model.js";
export { prepareModel, drawReplicate } from "./simulation-model.js";
export {
  expectedExpit,
  marginalProbabilities,
  marginalPrevalence,
} from "./marginal-prevalence.js";
export type { Truth, TrueCovariance } from "./truth.js";
export { truthOf, fitCommand } from "./truth.js";
export { truthFromFitJson } from "./fit-json.js";
export type { FitTruth } from "./fit-json.js";
export { BUILT_IN_DESIGNS, getDesign } from "./designs/registry.js";
export { boothHobertDesign } from "./designs/booth-hobert.js";
export { salamanderDesign } from "./designs/salamander.js";
export { extremeEffectsDesign } from "./designs/extreme-effects.js";
export { culcitaDesign } from "./designs/culcita.js";
export {
  unifiedDesign,
  interceptForPrevalence,
  SEPARATION_SETTINGS,
} from "./designs/unified.js";
export { modelDesign, MODEL_DESIGN_DESCRIPTION } from "./designs/model.js";
export type { ModelDesignOptions } from "./designs/model.js";
export {
  describeCells,
  countPerfectlyPredictedClusters,
  formatCellDescription,
  formatCellDescriptionHeader,
} from "./describe-cells.js";
export type { CellDescription, DescribeOptions } from "./describe-cells.js";
export { formatDesignList } from "./format-design-list.js";
