/**
 * Text and JSON renderings of a separation check. The text keeps the two kinds of evidence apart: the LP
 * on X is a certificate (its infinite estimates are infinite for the GLMM too), the cluster-level findings
 * are risk indicators and say so, with the reason, rather than over-claim.
 */
import { formatSeparationTable } from "@glmmkit/separation-detect";
import type { SeparationReport } from "@glmmkit/separation-detect";
import { formatInfiniteCoefficients } from "./fixed-effects-separation.js";
import type { SeparationFinding } from "./finding-types.js";
import type { SeparationCheckReport } from "./separation-check.js";
import { FINITE_ESTIMATORS_ADVICE } from "./separation-findings.js";

/** Options of formatSeparationCheck. */
export interface SeparationCheckFormatOptions {
  /** At most this many hyperplane rows and cluster columns are listed (default 20). */
  readonly maxItems?: number;
  /** Line width of the coefficient table (default 80). */
  readonly width?: number;
}

/** Why the cluster-level findings are not certificates (the issue's wording, kept in one place). */
export const CLUSTER_INDICATOR_CAVEAT =
  "These are risk indicators, NOT certificates: the random effects are integrated against a normal distribution " +
  "that makes extreme cluster effects unlikely, so the GLMM can have finite ML estimates where the GLM with fixed " +
  "cluster effects diverges (on the full Culcita data [X Z] is separated, yet lme4's ML estimates are finite; with " +
  "the atypical row removed it is separated too and the estimates are finite but barely identified). " +
  "Fit the model (`glmm fit`) and read its divergence check.";

function list(items: readonly string[], max: number): string {
  const shown = items.slice(0, max).join(", ");
  return items.length > max ? `${shown}, … (${items.length - max} more)` : shown;
}

/** Rows are 0-based in the report; the text speaks of data rows (1-based, as the input errors do). */
function hyperplaneLine(finding: SeparationFinding, n: number, max: number): string | null {
  if (!finding.separated || finding.hyperplaneRows.length === 0) return null;
  const rows = finding.hyperplaneRows.map((r) => String(r + 1));
  return `Observations on the separating hyperplane (${rows.length} of ${n}; data rows): ${list(rows, max)}`;
}

function infiniteNames(finding: SeparationFinding): string[] {
  return finding.columnNames.flatMap((name, j) => {
    const e = finding.estimates[j]!;
    return e === Number.POSITIVE_INFINITY ? [`${name} (+Inf)`] : e === Number.NEGATIVE_INFINITY ? [`${name} (-Inf)`] : [];
  });
}

/** The text `glmm separation` prints. */
export function formatSeparationCheck(report: SeparationCheckReport, options: SeparationCheckFormatOptions = {}): string {
  const max = options.maxItems ?? 20;
  const groups = report.groups.map((g) => `${g.group}, ${g.levels}`).join("; ");
  const lines: string[] = [
    "Separation check (Konis linear programs)",
    `Formula: ${report.formula}`,
    groups === "" ? `Number of obs: ${report.n}` : `Number of obs: ${report.n}, groups: ${groups}`,
    "",
    report.groups.length > 0
      ? "Fixed effects — the LP on X alone (when separated, a certificate: the GLMM's ML estimates of β are infinite too):"
      : "Fixed effects — the LP on X:",
  ];
  const fe = report.fixedEffects;
  // The table's own hyperplane line is 0-based; ours speaks of data rows.
  const tableReport: SeparationReport = {
    separated: fe.separated,
    kind: fe.kind,
    columnNames: [...fe.columnNames],
    estimates: [...fe.estimates],
    aliased: fe.estimates.map((e) => Number.isNaN(e)),
    direction: null,
    objective: fe.objective,
    hyperplaneRows: [],
    tolerance: 0,
    notes: [],
  };
  lines.push(formatSeparationTable(tableReport, { width: options.width ?? 80, showHyperplaneRows: false }));
  const plane = hyperplaneLine(fe, report.n, max);
  if (plane !== null) lines.push(plane);
  for (const note of fe.notes) lines.push(`note: ${note}`);
  if (report.certificate) {
    lines.push(
      `Conclusion: X is ${fe.kind === "complete" ? "completely" : "quasi-completely"} separated, so the ML estimates of ${formatInfiniteCoefficients(report.infinite)} are infinite` +
        (report.groups.length > 0
          ? " — for the GLMM too: along the separating direction every conditional likelihood increases, so the marginal one does."
          : "."),
      `Advice: ${FINITE_ESTIMATORS_ADVICE}.`,
    );
  } else if (fe.separated) {
    lines.push(
      "Conclusion: X is separated, yet no single coefficient must diverge (each can stay finite along some separating direction, though not all together); the ML estimates do not all exist.",
    );
  } else {
    lines.push(
      report.groups.length > 0
        ? "Conclusion: no separation in X — every ML estimate of the GLM is finite; there is no certificate of infinite GLMM estimates (see the cluster level below for risk indicators)."
        : "Conclusion: no separation — the data overlap and every ML estimate is finite.",
    );
  }

  if (report.clusters.length > 0) {
    lines.push("", "Cluster level — risk indicators, NOT certificates:");
    for (const c of report.clusters) {
      const perfect = c.allFailures.length + c.allSuccesses.length;
      lines.push(
        `${c.group}: ${perfect} of ${c.clusters} clusters perfectly predicted` +
          (perfect === 0
            ? ""
            : ` (all failures: ${c.allFailures.length === 0 ? "none" : list(c.allFailures, max)}; all successes: ${
                c.allSuccesses.length === 0 ? "none" : list(c.allSuccesses, max)
              })`),
      );
      if (c.augmented === null) {
        for (const note of c.notes) lines.push(`  [X Z]: ${note}`);
        continue;
      }
      const a = c.augmented;
      const infinite = infiniteNames(a);
      lines.push(
        `  [X Z] (X with the ${c.group} indicator columns): ` +
          (a.separated
            ? `separated (${a.kind})${infinite.length > 0 ? `; infinite for the GLM with fixed cluster effects: ${list(infinite, max)}` : ""}`
            : "not separated"),
      );
    }
    const anyRisk = report.clusters.some(
      (c) => c.allFailures.length + c.allSuccesses.length > 0 || (c.augmented !== null && c.augmented.separated),
    );
    lines.push(anyRisk ? CLUSTER_INDICATOR_CAVEAT : "No cluster is perfectly predicted and [X Z] is not separated: no risk indicator either.");
  }
  return `${lines.join("\n")}\n`;
}

function jsonValue(value: unknown): unknown {
  if (typeof value === "number") return Number.isFinite(value) ? value : Number.isNaN(value) ? "NaN" : value > 0 ? "Inf" : "-Inf";
  if (value === null || typeof value !== "object") return value;
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>, jsonValue);
  if (Array.isArray(value)) return value.map(jsonValue);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = jsonValue(v);
  return out;
}

/** The report as JSON (non-finite numbers as "Inf", "-Inf", "NaN", as the fit JSON writes them). */
export function formatSeparationCheckJson(report: SeparationCheckReport): string {
  return JSON.stringify(jsonValue(report), null, 2);
}
