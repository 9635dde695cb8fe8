/**
 * Rows regrouped so that each cluster's observations are contiguous. With a single grouping factor the
 * clusters are conditionally independent given θ, so PIRLS is J small q-dimensional Newton problems and
 * every sum in the Laplace gradient is a pass over one contiguous run of rows.
 */
import type { ModelFrame, RandomEffectsTerm } from "@glmmkit/core";

/** Rows grouped by cluster for one random-effects term. */
export interface ClusterLayout {
  readonly n: number;
  readonly p: number;
  readonly q: number;
  /** Number of clusters J (levels of the grouping factor). */
  readonly J: number;
  /** Rows of cluster j are start[j] .. start[j+1]-1 (in the permuted order). */
  readonly start: Int32Array;
  /** permutation[k] = original row index of permuted row k. */
  readonly permutation: Int32Array;
  /** Successes, trials, in permuted order. */
  readonly y: Float64Array;
  readonly m: Float64Array;
  /** n × q row-major random-effects rows z_i, permuted. */
  readonly Z: Float64Array;
  /** n × p column-major fixed-effects matrix, permuted. */
  readonly X: Float64Array;
  /** The offset of each row (zeros when the model has none), permuted. */
  readonly offset: Float64Array;
  readonly term: RandomEffectsTerm;
}

/** The cluster layout of a model frame with exactly one random-effects term (throws for several). */
export function clusterLayout(frame: ModelFrame): ClusterLayout {
  if (frame.terms.length !== 1) {
    // GlmmLikelihood sends models with several terms to the sparse engine: reaching here is a bug.
    throw new Error(`clusterLayout needs exactly one random-effects term; this model has ${frame.terms.length}`);
  }
  const term = frame.terms[0]!;
  const { n, p } = frame;
  const q = term.q;
  const J = term.levels.length;
  const counts = new Int32Array(J + 1);
  for (let i = 0; i < n; i++) counts[term.groupIndex[i]! + 1]!++;
  const start = new Int32Array(J + 1);
  for (let j = 0; j < J; j++) start[j + 1] = start[j]! + counts[j + 1]!;
  const fill = start.slice(0, J);
  // Stable counting sort: within a cluster rows keep their file order.
  const permutation = new Int32Array(n);
  for (let i = 0; i < n; i++) permutation[fill[term.groupIndex[i]!]!++] = i;

  const y = new Float64Array(n);
  const m = new Float64Array(n);
  const Z = new Float64Array(n * q);
  const X = new Float64Array(n * p);
  const offset = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const i = permutation[k]!;
    offset[k] = frame.offset?.[i] ?? 0;
    y[k] = frame.y[i]!;
    m[k] = frame.trials[i]!;
    for (let c = 0; c < q; c++) Z[k * q + c] = term.Z[i * q + c]!;
    for (let c = 0; c < p; c++) X[c * n + k] = frame.X[c * n + i]!;
  }
  return { n, p, q, J, start, permutation, y, m, Z, X, offset, term };
}
