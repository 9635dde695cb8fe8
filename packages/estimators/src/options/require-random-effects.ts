/**
 * The estimators that work on the random effects themselves (imputing them or sampling them) have nothing
 * to do without a random-effects term: say so, naming the formula, instead of fitting a GLM silently.
 */
import { GlmmInputError, type ModelFrame } from "@glmmkit/core";

/** Throws a formula error unless `model` has a random-effects term; `why` says what the estimator does with it. */
export function requireRandomEffects(model: ModelFrame, why: string): void {
  if (model.terms.length === 0) {
    throw new GlmmInputError("formula", `the formula "${model.formula}" has no random-effects term "( ... | group )": ${why}`);
  }
}
