/**
 * "How far the estimates moved from ML": the penalised estimators report β̃ − β̂_ML and ψ̃ − ψ̂_ML where
 * the ML fit (same likelihood approximation) is finite, and say why not otherwise.
 */
import type { FitResult } from "@glmmkit/core";

export function shiftFromMl(penalised: FitResult, ml: FitResult | null, names: readonly string[]): Record<string, unknown> {
  if (ml === null) return {};
  const theta = [...penalised.beta, ...penalised.psi];
  const thetaMl = [...ml.beta, ...ml.psi];
  const infinite = ml.diagnostics.boundary.filter((f) => f.kind === "diverging" || f.kind === "sd-zero");
  if (!ml.converged || infinite.length > 0 || thetaMl.some((v) => !Number.isFinite(v))) {
    const why = infinite.length > 0 ? infinite.map((f) => f.parameter).join(", ") : "the ML fit did not converge";
    return { "shift from ML": `not available: the ML estimate is not finite (${why})` };
  }
  const shift = theta.map((v, k) => v - thetaMl[k]!);
  const flat = ml.diagnostics.boundary.some((f) => f.kind === "flat");
  const text = names.map((name, k) => `${name} ${formatSigned(shift[k]!)}`).join(", ");
  return {
    "shift from ML": flat ? `${text} (the ML fit is finite but on a nearly flat likelihood)` : text,
    shiftFromMl: Object.fromEntries(names.map((name, k) => [name, shift[k]!])),
    "ML logLik": ml.logLik,
  };
}

function formatSigned(x: number): string {
  const s = Math.abs(x) >= 1e-3 || x === 0 ? x.toFixed(4) : x.toExponential(2);
  return x >= 0 ? `+${s}` : s;
}
