/**
 * Item 2 of the separation check: the cluster-level picture for a model with random effects. Both findings
 * here are risk indicators, NOT certificates of infinite GLMM estimates:
 *
 *  • a cluster whose observations are all failures (or all successes) is perfectly predicted by its own
 *    random effect, which pushes σ up — but the random effects are integrated against N(0, Σ), so a large
 *    |u_j| costs density and σ is pulled back by the clusters that are not perfectly predicted;
 *  • [X Z] (X with the cluster indicator columns) separated means the GLM that treats the clusters as
 *    fixed effects has infinite estimates — the GLMM shrinks those cluster effects and may stay finite.
 *
 * On the full Culcita data [X Z] is separated yet lme4's ML estimates are finite; with the atypical row
 * removed it is separated as well and the ML estimates are finite but barely identified.
 */
import type { ModelFrame } from "@glmmkit/core";
import { detectSeparation } from "@glmmkit/separation-detect";
import type { ClusterSeparationFinding } from "./finding-types.js";
import { separationFinding, type SeparationLpOptions } from "./fixed-effects-separation.js";

/** The clusters of one term whose observations are all failures or all successes. */
export interface PerfectPrediction {
  /** Levels whose observations are all failures (every y = 0). */
  readonly allFailures: string[];
  /** Levels whose observations are all successes (every y = m). */
  readonly allSuccesses: string[];
}

/** X with the cluster-indicator columns of one random-effects term ([X Z]). */
export interface AugmentedDesign {
  /** n × (p + J q), column-major: X, then for each level j and term column k the column 1{g_i = j} z_ik. */
  readonly X: Float64Array;
  readonly columns: number;
  readonly columnNames: string[];
}

/** Limits of the cluster-level check (largest [X Z] the LP is run on). */
export interface ClusterSeparationOptions extends SeparationLpOptions {
  /**
   * Largest [X Z] the LP is run on (columns). The LP needs a rank check and up to one solve per column,
   * so very many clusters (thousands) would take long for what is only a risk indicator; above the limit
   * the LP is skipped with a note. Default 1000.
   */
  readonly maxAugmentedColumns?: number;
}

/** Largest number of [X Z] columns the cluster-level LP is run on by default. */
export const DEFAULT_MAX_AUGMENTED_COLUMNS = 1000;

/** Clusters of random-effects term `termIndex` whose responses are all 0 or all at their trial counts. */
export function perfectPredictionClusters(frame: ModelFrame, termIndex: number): PerfectPrediction {
  const term = frame.terms[termIndex];
  if (term === undefined) throw new RangeError(`no random-effects term ${termIndex}`);
  const J = term.levels.length;
  const trials = new Float64Array(J);
  const successes = new Float64Array(J);
  for (let i = 0; i < frame.n; i++) {
    const j = term.groupIndex[i]!;
    trials[j] = trials[j]! + frame.trials[i]!;
    successes[j] = successes[j]! + frame.y[i]!;
  }
  const allFailures: string[] = [];
  const allSuccesses: string[] = [];
  for (let j = 0; j < J; j++) {
    if (trials[j]! === 0) continue;
    if (successes[j]! === 0) allFailures.push(term.levels[j]!);
    else if (successes[j]! === trials[j]!) allSuccesses.push(term.levels[j]!);
  }
  return { allFailures, allSuccesses };
}

/** [X Z] for one term, with R-style names for the cluster columns ("block7", "patientID12:time"). */
export function augmentedDesign(frame: ModelFrame, termIndex: number): AugmentedDesign {
  const term = frame.terms[termIndex];
  if (term === undefined) throw new RangeError(`no random-effects term ${termIndex}`);
  const { n, p } = frame;
  const q = term.q;
  const J = term.levels.length;
  const columns = p + J * q;
  const X = new Float64Array(n * columns);
  X.set(frame.X.subarray(0, n * p));
  for (let i = 0; i < n; i++) {
    const j = term.groupIndex[i]!;
    for (let k = 0; k < q; k++) X[(p + j * q + k) * n + i] = term.Z[i * q + k]!;
  }
  const columnNames = [...frame.betaNames];
  for (const level of term.levels) {
    for (const name of term.termNames) {
      columnNames.push(name === "(Intercept)" ? `${term.group}${level}` : `${term.group}${level}:${name}`);
    }
  }
  return { X, columns, columnNames };
}

/** Perfect-prediction clusters and the [X Z] LP for every random-effects term. */
export async function clusterSeparation(
  frame: ModelFrame,
  options: ClusterSeparationOptions = {},
): Promise<ClusterSeparationFinding[]> {
  const limit = options.maxAugmentedColumns ?? DEFAULT_MAX_AUGMENTED_COLUMNS;
  const findings: ClusterSeparationFinding[] = [];
  for (let t = 0; t < frame.terms.length; t++) {
    const term = frame.terms[t]!;
    const perfect = perfectPredictionClusters(frame, t);
    const notes: string[] = [];
    let augmented = null;
    const columns = frame.p + term.levels.length * term.q;
    if (columns > limit) {
      notes.push(`[X Z] has ${columns} columns (more than ${limit}); its LP was not run`);
    } else {
      const design = augmentedDesign(frame, t);
      const report = await detectSeparation(design.X, frame.n, design.columns, frame.y, frame.binary ? null : frame.trials, {
        columnNames: design.columnNames,
        ...(options.tolerance === undefined ? {} : { tolerance: options.tolerance }),
      });
      augmented = separationFinding(report);
    }
    findings.push({
      group: term.group,
      clusters: term.levels.length,
      allFailures: perfect.allFailures,
      allSuccesses: perfect.allSuccesses,
      augmented,
      notes,
    });
  }
  return findings;
}
