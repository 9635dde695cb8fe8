/**
 * Folding the separation findings into a fit: the pre-fit LP certificate and the post-fit divergence
 * check go into `diagnostics.separation`, and for a maximum-likelihood fit an infinite estimate becomes
 * what the design guide asks for — a finding, reported: the fit is marked not converged, each diverging
 * parameter gets a boundary flag of kind "diverging", and a warning names the estimators that stay finite.
 */
import type { BoundaryFlag, FitResult } from "@glmmkit/core";
import type { ParameterDivergence, SeparationDiagnostics, SeparationFinding } from "./finding-types.js";
import { formatInfiniteCoefficients, infiniteCoefficients } from "./fixed-effects-separation.js";
import { FLAT_WARNING_START } from "../fit-report/boundary-flags.js";

/**
 * Estimators that maximise the likelihood itself, so that an infinite ML estimate makes them diverge.
 * Penalised estimators (mspl, entropy, ridge, jeffreys-glm) stay finite under separation by design.
 */
export const MAXIMUM_LIKELIHOOD_ESTIMATORS: ReadonlySet<string> = new Set(["ml"]);

/** The advice every separation warning ends with. */
export const FINITE_ESTIMATORS_ADVICE =
  "estimators that stay finite: --estimator mspl (softly penalised likelihood) or entropy, or ridge; jeffreys-glm for a model without random effects";

/** A ψ entry heading to −∞ on a log-SD (diagonal) scale: σ → 0, a boundary ML estimate that exists. */
function isVarianceToZero(p: ParameterDivergence): boolean {
  return p.direction < 0 && (p.parameter.startsWith("log_sd(") || p.parameter.startsWith("log_chol("));
}

/** Whether a fit should get the (refitting, so not free) post-fit divergence check. */
export function needsDivergenceCheck(fit: FitResult, fixedEffects: SeparationFinding | null = null): boolean {
  if (!fit.converged) return true;
  if (fixedEffects !== null && infiniteCoefficients(fixedEffects).length > 0) return true;
  return fit.diagnostics.boundary.some(
    (b) => b.kind === "flat" || b.kind === "large-beta" || b.kind === "sd-infinite" || b.kind === "sd-zero" || b.kind === "diverging",
  );
}

/**
 * The LP certificate outranks the refits: a coefficient it proves infinite is diverging even when the
 * refits could not move it (e.g. a start already so far out that the gradient vanishes numerically).
 */
function reconcileWithCertificate(separation: SeparationDiagnostics): SeparationDiagnostics {
  const divergence = separation.divergence;
  if (divergence === null || separation.fixedEffects === null) return separation;
  const infinite = new Map(infiniteCoefficients(separation.fixedEffects).map((c) => [c.name, c.direction] as const));
  if (infinite.size === 0) return separation;
  let changed = false;
  const parameters = divergence.parameters.map((p): ParameterDivergence => {
    const direction = infinite.get(p.parameter);
    if (direction === undefined || p.status === "diverging") return p;
    changed = true;
    return {
      ...p,
      status: "diverging",
      direction: direction > 0 ? 1 : -1,
      message: `${p.parameter} → ${direction > 0 ? "+∞" : "−∞"}: proved by the LP certificate (X alone is separated); the refits could not move it because the gradient is already numerically zero where the optimiser stopped`,
    };
  });
  if (!changed) return separation;
  const names = parameters
    .filter((p) => p.status === "diverging")
    .map((p) => `${p.parameter} (${p.direction > 0 ? "+Inf" : "-Inf"})`)
    .join(", ");
  return {
    ...separation,
    divergence: {
      ...divergence,
      parameters,
      verdict: "diverging",
      message: `diverging: ${names} — infinite by the LP certificate on X, whatever the refits show`,
    },
  };
}

/** A new FitResult carrying `separation` in its diagnostics, with the consequences for an ML fit. */
export function withSeparationFindings(fit: FitResult, checked: SeparationDiagnostics): FitResult {
  const separation = reconcileWithCertificate(checked);
  const maximumLikelihood = MAXIMUM_LIKELIHOOD_ESTIMATORS.has(fit.estimator);
  const boundary: BoundaryFlag[] = [...fit.diagnostics.boundary];
  const warnings: string[] = [...fit.diagnostics.warnings];
  let converged = fit.converged;
  if (maximumLikelihood) {
    const flagged = new Set<string>();
    const infinite = separation.fixedEffects === null ? [] : infiniteCoefficients(separation.fixedEffects);
    for (const c of infinite) {
      flagged.add(c.name);
      boundary.push({
        parameter: c.name,
        kind: "diverging",
        message: `the ML estimate of ${c.name} is ${c.direction > 0 ? "+∞" : "−∞"}: X alone is separated (LP certificate), so the GLMM's ML estimate is infinite too; the value shown is only where the optimiser stopped`,
      });
    }
    const divergence = separation.divergence;
    const diverging = divergence === null ? [] : divergence.parameters.filter((p) => p.status === "diverging");
    for (const p of diverging) {
      if (flagged.has(p.parameter)) continue;
      flagged.add(p.parameter);
      boundary.push({ parameter: p.parameter, kind: "diverging", message: p.message });
    }
    // σ → 0 is a boundary maximum that exists (lme4's singular fit); anything else has no finite maximiser.
    const nonexistent = [...infinite.map((c) => c.name), ...diverging.filter((p) => !isVarianceToZero(p)).map((p) => p.parameter)];
    if (nonexistent.length > 0) converged = false;
    if (infinite.length > 0) {
      // The certificate explains the flat likelihood and the large coefficients: their own warnings go.
      const explained = new Set(boundary.filter((b) => b.kind === "large-beta" && flagged.has(b.parameter)).map((b) => b.message));
      for (let k = warnings.length - 1; k >= 0; k--) {
        if (explained.has(warnings[k]!) || warnings[k]!.startsWith(FLAT_WARNING_START)) warnings.splice(k, 1);
      }
      const kind = separation.fixedEffects!.kind;
      warnings.unshift(
        `X alone is ${kind === "complete" ? "completely" : "quasi-completely"} separated (LP certificate): the ML estimates of ${formatInfiniteCoefficients(infinite)} are infinite, so the fit cannot converge and their estimates and standard errors are meaningless; ${FINITE_ESTIMATORS_ADVICE}`,
      );
    } else if (diverging.length > 0) {
      const names = diverging.map((p) => `${p.parameter} (${p.direction > 0 ? "+Inf" : "-Inf"})`).join(", ");
      warnings.unshift(
        nonexistent.length > 0
          ? `the divergence check finds diverging parameters: ${names}; the ML estimate does not exist; ${FINITE_ESTIMATORS_ADVICE}`
          : `the divergence check finds ${names}: the ML estimate sits on the boundary of the parameter space (a variance of zero)`,
      );
    }
    // "finite-flat" and "finite" are printed with the diagnostics; only an open question is a warning.
    if (divergence !== null && divergence.verdict === "unresolved") warnings.push(`divergence check: ${divergence.message}`);
    if (divergence !== null && (divergence.verdict === "finite" || divergence.verdict === "finite-flat")) {
      // Re-fits to far tighter tolerances left every estimate where it was: a large coefficient, a large SD or
      // a flat-looking information is then what the data say, not something a re-fit would change. The flags
      // stay in the diagnostics; only a gap to quadrature (another approximation) remains a warning.
      const settled = new Set(boundary.filter((b) => b.kind === "large-beta" || b.kind === "sd-infinite").map((b) => b.message));
      for (let k = warnings.length - 1; k >= 0; k--) {
        if (settled.has(warnings[k]!) || warnings[k]!.startsWith(FLAT_WARNING_START)) warnings.splice(k, 1);
      }
    }
  }
  let extra = fit.diagnostics.extra;
  if (!maximumLikelihood && separation.fixedEffects !== null) {
    // A penalised fit is finite by design; the certificate says what ML would have done, and that there
    // is no finite ML estimate to measure a shift from.
    const infinite = infiniteCoefficients(separation.fixedEffects);
    if (infinite.length > 0) {
      extra = {
        ...extra,
        "shift from ML": `not available: the ML estimates of ${formatInfiniteCoefficients(infinite)} are infinite (X is separated, LP certificate); this estimator's are finite`,
      };
    }
  }
  return {
    ...fit,
    converged,
    diagnostics: { ...fit.diagnostics, boundary, warnings, separation, ...(extra === undefined ? {} : { extra }) },
  };
}
