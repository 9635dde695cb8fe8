/**
 * The whole pre-fit separation picture of a model frame, as `glmm separation` prints it: the LP certificate
 * on X alone and, for a model with random effects, the cluster-level risk indicators — each labelled with
 * what it proves.
 */
import type { ModelFrame } from "@glmmkit/core";
import { groupingFactors } from "@glmmkit/core";
import { clusterSeparation, type ClusterSeparationOptions } from "./cluster-separation.js";
import type { ClusterSeparationFinding } from "./finding-types.js";
import {
  fixedEffectsSeparation,
  infiniteCoefficients,
  separationFinding,
  type InfiniteCoefficient,
  type SeparationFindingWithDirection,
} from "./fixed-effects-separation.js";

/** What `glmm separation` reports: the LP certificate on X and the cluster-level indicators. */
export interface SeparationCheckReport {
  readonly formula: string;
  readonly n: number;
  readonly groups: readonly { readonly group: string; readonly levels: number }[];
  /** The LP on X alone. */
  readonly fixedEffects: SeparationFindingWithDirection;
  /** True when X alone is separated: a certificate that the GLMM's ML estimates of β are infinite too. */
  readonly certificate: boolean;
  /** The coefficients the certificate proves infinite. */
  readonly infinite: readonly InfiniteCoefficient[];
  /** Risk indicators per random-effects term (not certificates). */
  readonly clusters: readonly ClusterSeparationFinding[];
}

/** Options of separationCheck. */
export interface SeparationCheckOptions extends ClusterSeparationOptions {
  /** Run the cluster-level indicators (default true when the model has random effects). */
  readonly clusters?: boolean;
}

/** The separation picture of a model before any fit (`glmm separation`). */
export async function separationCheck(frame: ModelFrame, options: SeparationCheckOptions = {}): Promise<SeparationCheckReport> {
  const fixedEffects = separationFinding(await fixedEffectsSeparation(frame, options));
  const clusters = options.clusters === false ? [] : await clusterSeparation(frame, options);
  return {
    formula: frame.formula,
    n: frame.n,
    groups: groupingFactors(frame),
    fixedEffects,
    certificate: fixedEffects.separated && infiniteCoefficients(fixedEffects).length > 0,
    infinite: infiniteCoefficients(fixedEffects),
    clusters,
  };
}
