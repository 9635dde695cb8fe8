/**
 * `glmm anova`: likelihood-ratio tests of nested models, as lme4's anova(m0, m1, …). Every model is fitted
 * by maximum likelihood (`ml`, the same approximation for all), to the same observations; models are
 * sorted by their number of parameters and each must be nested in the next (model-nesting.ts) — checked on
 * the model matrices before anything is fitted, so a non-nested pair or different data is refused at once.
 */
import type { AnovaTable, FitResult, ModelFrame } from "@glmmkit/core";
import { GlmmInputError, differentDataReason, likelihoodRatioRows, nestingViolation, parameterLayout } from "@glmmkit/core";
import type { GlmmFitOptions } from "../ml/glmm-fit.js";
import { mlEstimator } from "../ml/ml-estimator.js";

export interface CandidateModel {
  /** "m1", "m2", … */
  readonly label: string;
  readonly frame: ModelFrame;
}

export interface LikelihoodRatioOptions {
  readonly fitOptions?: Pick<GlmmFitOptions, "nAGQ" | "optimizer">;
  readonly dataName?: string;
}

export interface LikelihoodRatioResult {
  readonly table: AnovaTable;
  /** The fits, in the order the models were given. */
  readonly fits: readonly FitResult[];
}

function describe(model: CandidateModel): string {
  return `${model.label} ("${model.frame.formula}")`;
}

/** Refuse what cannot be tested: fewer than two models, different observations, equal sizes, non-nested pairs. */
export function checkComparable(models: readonly CandidateModel[]): CandidateModel[] {
  if (models.length < 2) {
    throw new GlmmInputError("option", `glmm anova compares two or more nested models: give --formula at least twice (got ${models.length})`);
  }
  const first = models[0]!;
  for (const other of models.slice(1)) {
    const reason = differentDataReason(first.frame, other.frame);
    if (reason !== null) {
      throw new GlmmInputError("option", `${describe(first)} and ${describe(other)} are not fitted to the same observations: ${reason}`);
    }
  }
  const sized = models.map((m, order) => ({ model: m, npar: parameterLayout(m.frame).dim, order }));
  sized.sort((a, b) => a.npar - b.npar || a.order - b.order);
  for (let k = 1; k < sized.length; k++) {
    const smaller = sized[k - 1]!;
    const larger = sized[k]!;
    if (smaller.npar === larger.npar) {
      throw new GlmmInputError(
        "option",
        `${describe(smaller.model)} and ${describe(larger.model)} have the same number of parameters (${larger.npar}): a likelihood-ratio test needs one model nested in the other with fewer parameters`,
      );
    }
    const violation = nestingViolation(smaller.model.frame, larger.model.frame);
    if (violation !== null) {
      throw new GlmmInputError(
        "option",
        `${describe(smaller.model)} is not nested in ${describe(larger.model)}: ${violation}; a likelihood-ratio test needs nested models (compare AIC/BIC of separate fits instead)`,
      );
    }
  }
  return sized.map((s) => s.model);
}

function randomEffectsSignature(frame: ModelFrame): string {
  return frame.terms.map((t) => `${t.group}:${t.termNames.join("+")}`).join(",");
}

export function compareNestedModels(models: readonly CandidateModel[], options: LikelihoodRatioOptions = {}): LikelihoodRatioResult {
  const ordered = checkComparable(models);
  const fitOptions = { ...options.fitOptions };
  const fits = models.map((m) => {
    try {
      return mlEstimator.fit(m.frame, fitOptions);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new GlmmInputError("formula", `${describe(m)}: ${message}`);
    }
  });
  const notes: string[] = [];
  models.forEach((m, k) => {
    if (!fits[k]!.converged) notes.push(`${m.label} did not converge: its logLik is not the maximum, so tests involving it are not valid`);
  });
  for (let k = 1; k < ordered.length; k++) {
    const a = ordered[k - 1]!;
    const b = ordered[k]!;
    if (randomEffectsSignature(a.frame) !== randomEffectsSignature(b.frame)) {
      notes.push(
        `${a.label} and ${b.label} differ in their random effects: when the smaller model sets a variance to its boundary (σ = 0) the χ² p-value is conservative (the null distribution is a χ² mixture; Self & Liang 1987)`,
      );
    }
  }
  const rows = likelihoodRatioRows(models.map((m, k) => ({ label: m.label, fit: fits[k]! })));
  return { table: { ...(options.dataName === undefined ? {} : { dataName: options.dataName }), rows, notes }, fits };
}
