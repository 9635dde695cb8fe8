/**
 * Item 1 of the separation check: Konis's LP on the fixed-effects design X alone. When X is separated the
 * GLMM's ML estimates of β are infinite too — a certificate, not a risk indicator: along a separating
 * direction d every conditional likelihood p(y_j | u_j, β + t d) increases with t for every value of the
 * random effects u_j, so the marginal likelihood ∫ Π p(y_j | u_j, β + t d) φ(u_j; Σ) du_j increases too
 * and its supremum is approached only as t → ∞ (Albert & Anderson 1984 for the GLM; the integral
 * preserves the monotonicity).
 */
import type { ModelFrame, StopSignal } from "@glmmkit/core";
import { DEFAULT_SEPARATION_TOLERANCE, detectSeparation } from "@glmmkit/separation-detect";
import { certifyFiniteMaximiser } from "./finite-maximiser-certificate.js";
import type { SeparationReport } from "@glmmkit/separation-detect";
import type { SeparationFinding } from "./finding-types.js";

/** Tolerance of the separation LP. */
export interface SeparationLpOptions {
  /** Zero threshold of the LP on the scaled problem (separation-detect's default 1e-6). */
  readonly tolerance?: number;
  /**
   * Try the finite-maximiser certificate (IRLS and a Newton-ball bound) before the LP (default true): when
   * it holds, X is not separated and the LP is not run at all.
   */
  readonly certificate?: boolean;
  /** The fit's stop signal (its time limit): the LP stops with an error once it is aborted. */
  readonly signal?: StopSignal;
}

/** A separation-detect report with the route that decided it. */
export interface RoutedSeparationReport extends SeparationReport {
  /** "finite-maximiser certificate" (no LP) or "LP" (Konis), with how many rows the LP needed. */
  readonly route: string;
  /** The GLM's ML estimate of β, when the certificate's IRLS found it (a GLMM fit can start there). */
  readonly glmBeta?: Float64Array;
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
  /** What decided it: the finite-maximiser certificate or the LP. */
  readonly route: string;
}

/**
 * Is X separated? First the finite-maximiser certificate (one IRLS fit and a bound; proves "not separated"
 * at any n without the LP), then — when it does not hold — Konis's LP (binomial counts count a row
 * 0 < y < m on both sides; on many rows it runs by constraint generation). Hyperplane rows are data rows.
 */
export async function fixedEffectsSeparation(frame: ModelFrame, options: SeparationLpOptions = {}): Promise<RoutedSeparationReport> {
  if (options.certificate !== false && frame.p > 0) {
    const certificate = certifyFiniteMaximiser(frame);
    if (certificate.certified) {
      return {
        separated: false,
        kind: "none",
        columnNames: [...frame.betaNames],
        estimates: new Array<number>(frame.p).fill(0),
        aliased: new Array<boolean>(frame.p).fill(false),
        direction: null,
        objective: 0,
        hyperplaneRows: [],
        tolerance: options.tolerance ?? DEFAULT_SEPARATION_TOLERANCE,
        notes: [
          `certified without the LP: the GLM has a finite maximiser (${certificate.message}; ${certificate.iterations} IRLS steps), so X is not separated and every ML estimate of β is finite`,
        ],
        route: CERTIFICATE_ROUTE,
        glmBeta: certificate.beta,
      };
    }
  }
  const report = await detectSeparation(frame.X, frame.n, frame.p, frame.y, frame.binary ? null : frame.trials, {
    columnNames: [...frame.betaNames],
    ...(options.tolerance === undefined ? {} : { tolerance: options.tolerance }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const dataRows = frame.dataRows;
  const hyperplaneRows = dataRows === undefined ? report.hyperplaneRows : report.hyperplaneRows.map((r) => dataRows[r]!);
  const generated = report.notes.find((n) => n.startsWith("LP solved by constraint generation"));
  return { ...report, hyperplaneRows, route: generated === undefined ? "LP" : "LP (constraint generation)" };
}

/** The route of a report decided by the certificate. */
export const CERTIFICATE_ROUTE = "finite-maximiser certificate";

/** The part of a separation-detect report a fit carries (plain arrays, so it serialises as JSON). */
export function separationFinding(report: SeparationReport & { readonly route?: string }): SeparationFindingWithDirection {
  return {
    route: report.route ?? "LP",
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
  for (let j = 0; j < finding.estimates.length; j++) {
    const e = finding.estimates[j];
    if (e === Number.POSITIVE_INFINITY) out.push({ name: finding.columnNames[j]!, direction: 1 });
    else if (e === Number.NEGATIVE_INFINITY) out.push({ name: finding.columnNames[j]!, direction: -1 });
  }
  return out;
}

/** "NV (+Inf), EH (-Inf)". */
export function formatInfiniteCoefficients(coefficients: readonly InfiniteCoefficient[]): string {
  return coefficients.map((c) => `${c.name} (${c.direction > 0 ? "+Inf" : "-Inf"})`).join(", ");
}
