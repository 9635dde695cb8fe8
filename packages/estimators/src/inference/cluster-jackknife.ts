/**
 * The delete-one-cluster jackknife that gives the BCa interval its acceleration (bca-interval.ts): the model
 * refitted J times, each time without all rows of one cluster, by the same estimator with the same options.
 * The units left out are the independent units of the model: the levels of the grouping factor with the fewest
 * levels (the outermost factor of a nested design — leaving out a herd leaves out every herd:period in it; for
 * crossed factors no unit is independent, and the smaller factor is the usual choice), or the rows of a model
 * without random effects. A refit that throws or does not converge is counted and left out, never hidden.
 */
import type { Estimator, ModelFrame } from "@glmmkit/core";
import type { ProfileTarget } from "./profile-parameter.js";
import { frameWithRows, frameWithoutGroup } from "./frame-without-group.js";
import { refitValues } from "./refit-values.js";

export interface ClusterJackknife {
  /** What was left out one at a time: a grouping factor's name ("herd"), or "row". */
  readonly unit: string;
  /** Per unit left out, the refit's target values (natural scale), or null when the refit failed. */
  readonly values: readonly (Float64Array | null)[];
  /** The first failures, "herd 7: did not converge". */
  readonly failures: readonly string[];
}

/** The term whose grouping factor has the fewest levels (the first such term), or null for a GLM. */
export function jackknifeTerm(frame: ModelFrame): number | null {
  let best: number | null = null;
  frame.terms.forEach((term, t) => {
    if (best === null || term.levels.length < frame.terms[best]!.levels.length) best = t;
  });
  return best;
}

const LISTED_FAILURES = 5;

export function clusterJackknife(
  frame: ModelFrame,
  estimator: Estimator<Record<string, unknown>>,
  estimatorOptions: Readonly<Record<string, unknown>>,
  targets: readonly ProfileTarget[],
): ClusterJackknife {
  const term = jackknifeTerm(frame);
  const count = term === null ? frame.n : frame.terms[term]!.levels.length;
  const unitName = (j: number) => (term === null ? `row ${j + 1}` : `${frame.terms[term]!.group} ${frame.terms[term]!.levels[j]}`);
  const values: (Float64Array | null)[] = [];
  const failures: string[] = [];
  for (let j = 0; j < count; j++) {
    let value: Float64Array | null = null;
    let failure: string | undefined;
    try {
      const reduced = term === null ? frameWithRows(frame, rowsWithout(frame.n, j)) : frameWithoutGroup(frame, term, j);
      const fit = estimator.fit(reduced, { ...estimatorOptions });
      if (fit.converged) value = refitValues(fit, targets, reduced);
      else failure = "did not converge";
    } catch (error) {
      failure = error instanceof Error ? error.message.split("\n")[0]! : String(error);
    }
    values.push(value);
    if (failure !== undefined && failures.length < LISTED_FAILURES) failures.push(`${unitName(j)}: ${failure}`);
  }
  return { unit: term === null ? "row" : frame.terms[term]!.group, values, failures };
}

function rowsWithout(n: number, row: number): Int32Array {
  const keep = new Int32Array(n - 1);
  for (let i = 0, at = 0; i < n; i++) if (i !== row) keep[at++] = i;
  return keep;
}
