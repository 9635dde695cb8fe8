/**
 * The estimator registry: a module-level Map keyed by name, which plugins join by registering
 * themselves (the tfjs kernel-registry pattern).
 */
import type { Estimator } from "./estimator.js";
import { GlmmInputError } from "./errors.js";

const estimators = new Map<string, Estimator<never>>();

/** Add an estimator to the registry; throws when its name is already taken. */
export function registerEstimator<O>(estimator: Estimator<O>): void {
  if (estimators.has(estimator.name)) {
    throw new Error(`an estimator named "${estimator.name}" is already registered`);
  }
  estimators.set(estimator.name, estimator as unknown as Estimator<never>);
}

/** The registered estimator of that name; throws, listing the known names, when there is none. */
export function getEstimator<O = unknown>(name: string): Estimator<O> {
  const found = estimators.get(name);
  if (found === undefined) {
    const known = [...estimators.keys()].sort().join(", ") || "(none registered)";
    throw new GlmmInputError("option", `unknown estimator "${name}"; known estimators: ${known}`);
  }
  return found as unknown as Estimator<O>;
}

/** Whether an estimator of that name is registered. */
export function hasEstimator(name: string): boolean {
  return estimators.has(name);
}

/** All registered estimators, sorted by name. */
export function listEstimators(): Estimator<unknown>[] {
  return [...estimators.values()]
    .map((e) => e as unknown as Estimator<unknown>)
    .sort((a, b) => a.name.localeCompare(b.name));
}
