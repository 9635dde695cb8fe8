export type { RandomEffectsTerm, ModelFrame, OmittedRows } from "./model-frame.js";
export { xColumn } from "./model-frame.js";
export { GlmmError, GlmmInputError, isGlmmInputError, errorLine } from "./errors.js";
export type { InputErrorKind } from "./errors.js";
export type { TermLayout, ParameterLayout } from "./parameter-layout.js";
export {
  psiSize,
  parameterLayout,
  psiIndex,
  choleskyFactorFromPsi,
  psiFromCholeskyFactor,
  covarianceFromCholeskyFactor,
} from "./parameter-layout.js";
export type {
  Covariance,
  RandomEffectsTable,
  RandomEffects,
  BoundaryFlag,
  SeparationFinding,
  ClusterSeparationFinding,
  ParameterDivergence,
  DivergenceRefit,
  DivergenceCheckFinding,
  SeparationDiagnostics,
  Diagnostics,
  FitResult,
  DataReport,
  OmittedRowsReport,
} from "./fit-result.js";
export type {
  IntervalMethod,
  BoundStatus,
  ParameterInterval,
  ProfileTrace,
  BootstrapSummary,
  BootstrapType,
  BcaLevels,
  InversionSummary,
  JackknifeSummary,
  ConfidenceIntervals,
} from "./confidence-intervals.js";
export { BOOTSTRAP_TYPES } from "./confidence-intervals.js";
export type {
  EstimatorKind,
  PosteriorParameter,
  SamplingReport,
  StochasticApproximationTrace,
  StochasticApproximationReport,
} from "./stochastic-reports.js";
export { isStochasticKind } from "./stochastic-reports.js";
export type { FitContext, Estimator, StopSignal, ChainTask, ChainExecutor, LockstepChains } from "./estimator.js";
export { FitLimits, anySignal, isStopped, stopReason } from "./fit-limits.js";
export type { FitLimitOptions } from "./fit-limits.js";
export { ESTIMATOR_CONTRACT_VERSION } from "./estimator.js";
export { registerEstimator, getEstimator, hasEstimator, listEstimators } from "./registry.js";
export type { DataTable, DataColumn, NumericColumn, TextColumn, BadCell, TableFormat } from "./data-table.js";
export { createDataTable, cellText, columnTexts, isMissingAt } from "./data-table.js";
export type { CellValue, ColumnValues, RowValues } from "./data-table-from-values.js";
export { dataTableFromColumns, dataTableFromRows } from "./data-table-from-values.js";
export { parseCsv, parseDelimitedBytes, detectDelimiter } from "./read-csv.js";
export type { DelimitedOptions } from "./read-csv.js";
export type {
  FormulaTerm,
  ColumnRef,
  ExpressionResponse,
  FormulaResponse,
  RandomFormulaTerm,
  ParsedFormula,
  FormulaToken,
} from "./formula.js";
export type { TokenKind } from "./formula-tokens.js";
export { parseFormula, tokenizeFormula, formatFormula, formatResponse, formatFormulaName } from "./formula.js";
export type { Factor, LevelOptions } from "./factor.js";
export { factorFromColumn, compareTextLevels } from "./factor.js";
export { parseNumberText, parseBooleanText } from "./text-values.js";
export type { ModelFrameOptions, NaAction } from "./model-frame-builder.js";
export { buildModelFrame, LARGEST_MODEL_MATRIX_VALUE } from "./model-frame-builder.js";
export type { DesignRecipe } from "./design-recipe.js";
export type { Expression, CallArgument, BinaryOperator } from "./formula-expression.js";
export { deparseExpression, deparseNumber } from "./formula-expression.js";
export type { TransformState } from "./formula-evaluation.js";
export { orthogonalPolynomial, type PolyCoefficients } from "./orthogonal-polynomial.js";
export type { AliasedColumn } from "./rank-check.js";
export { findAliasedColumns } from "./rank-check.js";
export type { FitStatistics, SummaryOptions } from "./format-summary.js";
export { fitStatistics, formatFitSummary, fitResultToJson, formatFitJson, toJsonValue } from "./format-summary.js";
export { formatConfidenceIntervals, percentLabel } from "./format-confidence-intervals.js";
export { formatRandomEffects } from "./format-random-effects.js";
export type { AnovaRow, AnovaTable, LabelledFit } from "./anova-table.js";
export { likelihoodRatioRows, formatAnovaTable } from "./anova-table.js";
export { differentDataReason, nestingViolation } from "./model-nesting.js";
export { table, type Align } from "./text-table.js";
export { formatNumber, formatNumbers, formatPValues } from "./format-number.js";
export { twoSidedNormalPValue } from "./p-value.js";
export { binomialLogLikConstant } from "./binomial-loglik-constant.js";
export { makeUnique, termLabels, groupingFactors } from "./term-labels.js";
export type { PredictionModel, PredictionOptions } from "./predict.js";
export { predict } from "./predict.js";
export { readFitJson } from "./fit-json.js";
