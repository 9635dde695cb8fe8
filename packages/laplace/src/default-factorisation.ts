/**
 * The factorisation the sparse engine uses unless told otherwise.
 * TEMPORARY: the dense oracle, until linalg's sparse Cholesky lands (issue #7); replaced by it.
 */
import { denseFactorisation } from "./dense-factorisation.js";
import type { FactorisationFactory } from "./penalised-system.js";

export const defaultFactorisation: FactorisationFactory = denseFactorisation;
