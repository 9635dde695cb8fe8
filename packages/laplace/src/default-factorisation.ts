/**
 * The factorisation the sparse engine uses unless told otherwise: linalg's supernodal sparse Cholesky
 * with an approximate-minimum-degree ordering, analysed once per model and refactored in place.
 */
import { SparseCholesky, analyseSparseCholesky, type SymmetricPattern } from "@glmmkit/linalg";
import type { FactorisationFactory, SymmetricFactorisation } from "./penalised-system.js";

export const defaultFactorisation: FactorisationFactory = (pattern: SymmetricPattern): SymmetricFactorisation =>
  new SparseCholesky(analyseSparseCholesky(pattern, { ordering: "amd" }));
