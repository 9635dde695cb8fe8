/**
 * Names for the separation structures that core's `Diagnostics.separation` carries. Core defines them
 * structurally (it must not depend on the LP package); these aliases read them off the FitResult type so
 * the two can never drift apart.
 */
import type { Diagnostics } from "@glmmkit/core";

/** The separation checks a fit carries (core's `Diagnostics.separation`). */
export type SeparationDiagnostics = NonNullable<Diagnostics["separation"]>;
/** What the LP found for one design matrix (Konis 2007). */
export type SeparationFinding = NonNullable<SeparationDiagnostics["fixedEffects"]>;
/** The cluster-level risk indicators of one random-effects term. */
export type ClusterSeparationFinding = SeparationDiagnostics["clusters"][number];
/** The post-fit divergence check: refits with tighter tolerances and their verdict. */
export type DivergenceCheckFinding = NonNullable<SeparationDiagnostics["divergence"]>;
/** One parameter's path across the refits and its verdict. */
export type ParameterDivergence = DivergenceCheckFinding["parameters"][number];
/** One refit of the divergence check's ladder. */
export type DivergenceRefit = DivergenceCheckFinding["refits"][number];
/** The divergence check's verdict for a whole fit. */
export type DivergenceVerdict = DivergenceCheckFinding["verdict"];
/** One parameter's verdict: finite, diverging up or down, or not determined. */
export type ParameterStatus = ParameterDivergence["status"];
