/**
 * Names for the separation structures that core's `Diagnostics.separation` carries. Core defines them
 * structurally (it must not depend on the LP package); these aliases read them off the FitResult type so
 * the two can never drift apart.
 */
import type { Diagnostics } from "@glmmkit/core";

export type SeparationDiagnostics = NonNullable<Diagnostics["separation"]>;
export type SeparationFinding = NonNullable<SeparationDiagnostics["fixedEffects"]>;
export type ClusterSeparationFinding = SeparationDiagnostics["clusters"][number];
export type DivergenceCheckFinding = NonNullable<SeparationDiagnostics["divergence"]>;
export type ParameterDivergence = DivergenceCheckFinding["parameters"][number];
export type DivergenceRefit = DivergenceCheckFinding["refits"][number];
/** The divergence check's verdict for a whole fit. */
export type DivergenceVerdict = DivergenceCheckFinding["verdict"];
/** One parameter's verdict: finite, diverging up or down, or not determined. */
export type ParameterStatus = ParameterDivergence["status"];
