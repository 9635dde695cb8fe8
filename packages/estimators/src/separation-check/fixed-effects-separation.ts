/**
 * Item 1 of the separation check: Konis's LP on the fixed-effects design X alone. When X is separated the
 * GLMM's ML estimates of β are infinite too — a certificate, not a risk indicator: along a separating
 * direction d every conditional likelihood p(y_j | u_j, β + t d) increases with t for every value of the
 * random effects u_j, so the marginal likelihood ∫ Π p(y_j | u_j, β + t d) φ(u_j; Σ) du_j increases too
 * and its supremum is approached only as t → ∞ (Albert & Anderson 1984 for the GLM; the integral
 * preserves the monotonicity).
 */
import type { ModelFrame } from "@glmmkit/core";
import { detectSeparation } from "@glmmkit/separation-detect";
import type { SeparationReport } from "@glmmkit/separation-detect";
import type { SeparationFinding } from "./finding-types.js";

/** Tolerance of the separation LP. */
export interface SeparationLpOptions {
  /** Zero threshold of the LP on the scaled problem (separation-detect's default 1e-6). */
  readonly tolerance?: number;
}

/** A coefficient whose ML estimate is infinite, with the sign of its divergence. */
export interface InfiniteCoefficient {
  readonly name: string;
  readonly direction: 1 | -1;
}

/** A separation finding that also keeps the LP's separating direction and optimum (for JSON output). */
export interface SeparationFindingWithDirection extends SeparationFinding {
  /** A separating direction on the original column scale (max |d_j| = 1); null when not separated. */
  readonly direction: number[] | null;
  /** Optimum of Konis's LP (0 when the data overlap). */
  readonly objective: number;
}

/** The LP on the model frame's X (binomial counts count a row 0 < y < m on both sides). */
export async function fixedEffectsSeparation(frame: ModelFrame, options: SeparationLpOptions = {}): Promise<SeparationReport> {
  return detectSeparation(frame.X, frame.n, frame.p, frame.y, frame.binary ? null : frame.trials, {
    columnNames: [...frame.betaNames],
    ...(options.tolerance === undefined ? {} : { tolerance: options.tolerance }),
  });
}

/** The part of a separation-detect report a fit carries (plain arrays, so it serialises as JSON). */
export function separationFinding(report: SeparationReport): SeparationFindingWithDirection {
  return {
    separated: report.separated,
    kind: report.kind,
    columnNames: [...report.columnNames],
    estimates: [...report.estimates],
    hyperplaneRows: [...report.hyperplaneRows],
    notes: [...report.notes],
    direction: report.direction === null ? null : Array.from(report.direction),
    objective: report.objective,
  };
}

/** The coefficients a finding proves infinite, in column order. */
export function infiniteCoefficients(finding: SeparationFinding): InfiniteCoefficient[] {
  const out: InfiniteCoefficient[] = [];
  finding.estimates.forEach((e, j) => {
    if (e === Number.POSITIVE_INFINITY) out.push({ name: finding.columnNames[j]!, direction: 1 });
    else if (e === Number.NEGATIVE_INFINITY) out.push({ name: finding.columnNames[j]!, direction: -1 });
  });
  return out;
}

/** "NV (+Inf), EH (-Inf)". */
export function formatInfiniteCoefficients(coefficients: readonly InfiniteCoefficient[]): string {
  return coefficients.map((c) => `${c.name} (${c.direction > 0 ? "+Inf" : "-Inf"})`).join(", ");
}
