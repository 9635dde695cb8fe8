export {
  choleskyInPlace,
  choleskyWithRidge,
  type CholeskyWithRidge,
  type CholeskyWithRidgeOptions,
} from "./cholesky.js";
export {
  solveLower,
  solveLowerTranspose,
  solveWithCholesky,
  solveLowerMatrix,
  solveLowerTransposeMatrix,
  solveWithCholeskyMatrix,
} from "./triangular.js";
export { logDetFromCholesky } from "./log-determinant.js";
export { inverseFromCholesky, diagonalOfInverseFromCholesky } from "./inverse.js";
export { symmetricEigenvalues, symmetricEigen, type SymmetricEigen } from "./symmetric-eigen.js";
export {
  blockDiagonalCholeskyInPlace,
  blockDiagonalSolveInPlace,
  blockDiagonalSolveLowerMatrixInPlace,
  blockDiagonalSolveLowerTransposeInPlace,
  blockDiagonalLogDet,
} from "./block-diagonal-cholesky.js";
export {
  factorBordered,
  factorBorderedInPlace,
  solveBordered,
  borderedLogDet,
  borderedInverseLowerRight,
  type BorderedFactor,
} from "./bordered-solve.js";
export {
  matVec,
  matTVec,
  matMul,
  crossProduct,
  symmetriseInPlace,
  fillUpperFromLower,
} from "./dense-ops.js";
export {
  symmetricPatternFromEntries,
  patternEntryIndex,
  assertSymmetricPattern,
  type SymmetricPattern,
} from "./symmetric-pattern.js";
export { approximateMinimumDegreeOrder } from "./amd-ordering.js";
export {
  analyseSparseCholesky,
  type SparseCholeskySymbolic,
  type SparseCholeskyAnalysisOptions,
  type SparseCholeskyOrdering,
} from "./sparse-cholesky-symbolic.js";
export { SparseCholesky } from "./sparse-cholesky.js";
export { columnRank, DEFAULT_ALIAS_TOLERANCE, type AliasedColumn, type ColumnRank } from "./column-rank.js";
export {
  householderQr,
  applyQTranspose,
  solveLeastSquaresFromQr,
  upperTriangleOfQr,
  inverseCrossProductFromQr,
  type HouseholderQr,
} from "./householder-qr.js";
