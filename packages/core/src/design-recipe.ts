/**
 * What a fit must keep to build the model matrix again for new data, as R's model frame keeps it through
 * makepredictcall: the formula, the levels (and so the contrasts) of every factor, and the coefficients of
 * the data-dependent calls (poly's orthogonal basis, scale's centre and scale). Plain JSON data, carried in
 * the fit's JSON for `glmm predict`.
 */
import type { TransformState } from "./formula-evaluation.js";

export interface DesignRecipe {
  /** The formula as written. */
  readonly formula: string;
  /** Levels of every data column read as a factor (predictors and grouping columns), in model order. */
  readonly factorLevels: Readonly<Record<string, readonly string[]>>;
  /** Coefficients of poly()/scale() and the levels of factor() calls, by deparsed call. */
  readonly transforms: TransformState;
  /** The prior weights as given (--weights), when there were any. */
  readonly weights?: string;
  /** The success level of a two-valued text response, when one was given. */
  readonly success?: string;
}
