/**
 * Which of a study's columns can run here: a column runs when its estimator is registered, so the imsa,
 * scoresa and mcmc columns switch on by themselves once those estimators join the registry.
 */
import { hasEstimator } from "@glmmkit/core";
import "@glmmkit/estimators/register";
import type { StudyDefinition, StudyEstimator } from "./study-definition.js";

export interface EstimatorAvailability {
  readonly active: readonly StudyEstimator[];
  /** Columns skipped because their estimator is not registered. */
  readonly missing: readonly StudyEstimator[];
}

export function estimatorAvailability(study: StudyDefinition): EstimatorAvailability {
  const active = study.estimators.filter((e) => hasEstimator(e.estimator));
  const missing = study.estimators.filter((e) => !hasEstimator(e.estimator));
  return { active, missing };
}
