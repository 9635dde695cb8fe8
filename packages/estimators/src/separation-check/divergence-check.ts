/**
 * Item 3 of the separation check: does a fitted model's optimum exist? The approach of detectseparation's
 * `check_infinite_estimates` (refit with growing iteration limits and follow the estimates and their
 * standard errors), extended from β to θ = (β, ψ) and to tolerances: the fit is continued along a ladder of
 * tightening gradient tolerances (default max |∇| < 1e-7 … 1e-10) with iteration limits in a geometric
 * sequence, each rung warm-started where the previous one stopped (so rung k has had the sum of all
 * previous limits: a refit with an increasing iteration limit).
 *
 * Why it separates the two cases. Near a finite optimum θ̂ a point with max |∇| ≤ τ is within about
 * |V ∇| of θ̂ (V the covariance of the estimates), so tightening τ moves the estimate by a vanishing amount
 * and the standard errors stay put. Along a direction of divergence the log-likelihood approaches its
 * supremum like c·e^{−|θ_k|} (a separated coefficient: the fitted probabilities of the separated rows
 * approach 0 or 1) or like c·σ² (a variance heading to zero), so reaching max |∇| ≤ τ needs |θ_k| to grow by
 * a fixed amount per decade of τ, while the information along it vanishes and the standard error grows
 * geometrically (×e^{1/2} per unit step in an exponential tail).
 *
 * Per parameter:
 *  • diverging: it moved by more than MOVE (0.1 on its logit or log-SD scale) on at least two rungs, always
 *    the same way, by at least TOTAL_DRIFT (0.5) in all, and its standard error at least doubled (or
 *    became unavailable as the information turned singular);
 *  • otherwise settled when its last rung moved it by at most 1e-3·max(1, |θ_k|) and either the last rung
 *    converged or no rung ever moved it by more than MOVE; a settled parameter is weakly identified when
 *    it has no standard error or the last fit flags it as such (a large |β| with an SE of its size, or any
 *    boundary flag on a fit flagged "flat"), and finite otherwise;
 *  • otherwise unsettled (the optimiser stalled while the parameter was still moving).
 */
import type { Estimator, FitContext, FitResult, ModelFrame } from "@glmmkit/core";
import { isStopped, parameterLayout, stopReason } from "@glmmkit/core";
import { mlEstimator } from "../ml/ml-estimator.js";
import type { GlmmFitOptions } from "../ml/glmm-fit.js";
import type { DivergenceCheckFinding, DivergenceRefit, DivergenceVerdict, ParameterDivergence, ParameterStatus } from "./finding-types.js";

/** Default tolerance ladder: one decade per rung below the default convergence tolerance of 1e-6. */
export const DEFAULT_DIVERGENCE_TOLERANCES: readonly number[] = [1e-7, 1e-8, 1e-9, 1e-10];
/** Default iteration limits per rung (geometric; Newton needs a few iterations per decade of tolerance). */
export const DEFAULT_DIVERGENCE_ITERATION_LIMITS: readonly number[] = [25, 50, 100, 200];

/** A step counts as movement above this (logit scale for β, log-SD scale for ψ). */
const MOVE = 0.1;
/** A diverging parameter drifts at least this much over the ladder. */
const TOTAL_DRIFT = 0.5;
/** A diverging parameter's standard error grows at least by this factor over the ladder. */
const SE_GROWTH = 2;
/** Relative size of the last step below which a parameter has settled. */
const SETTLED = 1e-3;

/** The estimator, options and refit ladder of the divergence check. */
export interface DivergenceCheckOptions {
  /** The estimator to refit with; it must accept { maxIterations, gradientTolerance, start } (default: ml). */
  readonly estimator?: Estimator<GlmmFitOptions>;
  /** Options of the checked fit (nAGQ, optimizer); the ladder sets maxIterations, gradientTolerance and start. */
  readonly fitOptions?: GlmmFitOptions;
  /** The fit to check (rung 0). When absent it is computed with `fitOptions`. */
  readonly initialFit?: FitResult;
  readonly tolerances?: readonly number[];
  readonly iterationLimits?: readonly number[];
  /** The fit's context: the refits count toward its budget, and the ladder stops when it is spent. */
  readonly context?: FitContext;
}

interface Rung {
  readonly fit: FitResult;
  readonly maxIterations: number | null;
  readonly gradientTolerance: number | null;
}

function thetaOf(fit: FitResult): Float64Array {
  return Float64Array.from([...fit.beta, ...fit.psi]);
}

function standardErrorsOf(fit: FitResult): Float64Array {
  return Float64Array.from([...fit.betaStdErrors, ...fit.psiStdErrors]);
}

function allFinite(values: ArrayLike<number>): boolean {
  for (let k = 0; k < values.length; k++) if (!Number.isFinite(values[k]!)) return false;
  return true;
}

/**
 * Boundary-flag names of each θ entry: β names as they are; a diagonal log-Cholesky entry maps to the SD
 * flag "sd(group: term)", an off-diagonal one to the correlation flag "cor(group: row, col)".
 */
function flagNames(frame: ModelFrame): string[][] {
  const names: string[][] = frame.betaNames.map((b) => [b]);
  for (const term of frame.terms) {
    for (let col = 0; col < term.q; col++) {
      for (let row = col; row < term.q; row++) {
        const a = term.termNames[row]!;
        const b = term.termNames[col]!;
        names.push(row === col ? [`sd(${term.group}: ${a})`] : [`cor(${term.group}: ${a}, ${b})`, `cor(${term.group}: ${b}, ${a})`]);
      }
    }
  }
  return names;
}

/** What the drift of a parameter means, in words. */
function divergenceMeaning(name: string, direction: 1 | -1, isBeta: boolean): string {
  if (isBeta) return `${name} → ${direction > 0 ? "+∞" : "−∞"} (its ML estimate does not exist: separation)`;
  if (name.startsWith("log_sd(") || name.startsWith("log_chol(")) {
    return direction < 0
      ? `${name} → −∞ (the SD → 0: the variance sits on its boundary at zero, a singular fit)`
      : `${name} → +∞ (the SD → ∞: clusters perfectly predicted)`;
  }
  return `${name} → ${direction > 0 ? "+∞" : "−∞"} (the covariance grows without bound)`;
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "NaN" : x > 0 ? "Inf" : "-Inf";
  return Math.abs(x) >= 1e5 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(2) : x.toPrecision(4);
}

/** Entry k of each rung's vector, rung after rung. */
function entriesAt(rows: readonly ArrayLike<number>[], k: number): number[] {
  const out: number[] = [];
  for (const row of rows) out.push(row[k]!);
  return out;
}

function anyIn(names: readonly string[], set: ReadonlySet<string>): boolean {
  for (const name of names) if (set.has(name)) return true;
  return false;
}

function classify(
  name: string,
  isBeta: boolean,
  estimates: readonly number[],
  standardErrors: readonly number[],
  lastConverged: boolean,
  weakFlag: boolean,
): ParameterDivergence {
  const K = estimates.length - 1;
  let up = 0;
  let down = 0;
  let largest = 0;
  for (let j = 1; j <= K; j++) {
    const step = estimates[j]! - estimates[j - 1]!;
    if (!Number.isFinite(step)) continue;
    if (step > MOVE) up++;
    if (step < -MOVE) down++;
    largest = Math.max(largest, Math.abs(step));
  }
  const drift = estimates[K]! - estimates[0]!;
  const firstSe = standardErrors.find((s) => Number.isFinite(s));
  const lastSe = standardErrors[K]!;
  // An information that turned singular (no SE at the end) is the limit of a growing SE.
  const seGrows = !Number.isFinite(lastSe) || (firstSe !== undefined && lastSe >= SE_GROWTH * firstSe);
  const consistent = (up >= 2 && down === 0) || (down >= 2 && up === 0);
  const base = { parameter: name, estimates: [...estimates], standardErrors: [...standardErrors] };
  const trail = `${fmt(estimates[0]!)} → ${fmt(estimates[K]!)}, SE ${fmt(standardErrors[0]!)} → ${fmt(lastSe)}`;
  if (consistent && Math.abs(drift) >= TOTAL_DRIFT && seGrows) {
    const direction: 1 | -1 = drift > 0 ? 1 : -1;
    return {
      ...base,
      status: "diverging",
      direction,
      message: `${divergenceMeaning(name, direction, isBeta)}: estimate ${trail} as the tolerance tightens`,
    };
  }
  const lastStep = K === 0 ? 0 : Math.abs(estimates[K]! - estimates[K - 1]!);
  const settled = lastStep <= SETTLED * Math.max(1, Math.abs(estimates[K]!)) && (lastConverged || largest <= MOVE);
  if (!settled) {
    return { ...base, status: "unsettled", direction: 0, message: `${name} has not settled: estimate ${trail}` };
  }
  const status: ParameterStatus = weakFlag || !Number.isFinite(lastSe) ? "weakly-identified" : "finite";
  const message =
    status === "finite"
      ? `${name} is finite: stable at ${fmt(estimates[K]!)} (SE ${fmt(lastSe)})`
      : `${name} is finite but weakly identified: stable at ${fmt(estimates[K]!)} with SE ${fmt(lastSe)}`;
  return { ...base, status, direction: 0, message };
}

function verdictMessage(verdict: DivergenceVerdict, parameters: readonly ParameterDivergence[], refits: readonly DivergenceRefit[]): string {
  const last = refits[refits.length - 1]!;
  const ladder = `${refits.length - 1} refit(s) down to max |gradient| < ${fmt(last.gradientTolerance ?? Number.NaN)}`;
  const named = (status: ParameterStatus) => parameters.filter((p) => p.status === status).map((p) => p.parameter);
  switch (verdict) {
    case "diverging":
      return (
        `diverging: ${parameters
          .filter((p) => p.status === "diverging")
          .map((p) => `${p.parameter} (${p.direction > 0 ? "+Inf" : "-Inf"})`)
          .join(", ")} — the estimates and their standard errors keep growing along ${ladder}`
      );
    case "unresolved":
      return `unresolved: ${named("unsettled").join(", ")} still moved at the end of ${ladder}, without the steady growth of a divergence`;
    case "finite-flat": {
      const weak = named("weakly-identified");
      return `finite, flat: every estimate is stable along ${ladder}${
        weak.length > 0 ? `, but ${weak.join(", ")} ${weak.length === 1 ? "is" : "are"} weakly identified` : ""
      } — the estimates settle at a finite optimum (at least a local one) on a nearly flat likelihood`;
    }
    case "finite":
      return `finite: every estimate and standard error is stable along ${ladder}`;
  }
}

/**
 * Refits along the ladder and classifies every parameter of θ = (β, ψ) as diverging, weakly identified,
 * finite or unsettled; the verdict is "diverging" if any parameter diverges, else "unresolved" if any has
 * not settled, else "finite-flat" if any is weakly identified or the last fit flags a flat likelihood,
 * else "finite".
 */
export function checkDivergence(frame: ModelFrame, options: DivergenceCheckOptions = {}): DivergenceCheckFinding {
  const estimator = options.estimator ?? mlEstimator;
  const tolerances = options.tolerances ?? DEFAULT_DIVERGENCE_TOLERANCES;
  const limits = options.iterationLimits ?? DEFAULT_DIVERGENCE_ITERATION_LIMITS;
  if (tolerances.length === 0 || tolerances.length !== limits.length) {
    throw new RangeError("checkDivergence: tolerances and iterationLimits must be non-empty and of the same length");
  }
  const base: GlmmFitOptions = { ...(options.fitOptions ?? {}) };
  // The ladder owns the stopping rule and the start; everything else (nAGQ, optimizer) is kept.
  const fitOptions: GlmmFitOptions = {
    ...(base.nAGQ === undefined ? {} : { nAGQ: base.nAGQ }),
    ...(base.optimizer === undefined ? {} : { optimizer: base.optimizer }),
  };
  const initial = options.initialFit ?? estimator.fit(frame, base, options.context);
  const rungs: Rung[] = [
    { fit: initial, maxIterations: base.maxIterations ?? null, gradientTolerance: base.gradientTolerance ?? null },
  ];
  for (let r = 0; r < tolerances.length; r++) {
    if (options.context?.signal?.aborted === true) break;
    const previous = thetaOf(rungs[rungs.length - 1]!.fit);
    const fit = estimator.fit(
      frame,
      {
        ...fitOptions,
        maxIterations: limits[r]!,
        gradientTolerance: tolerances[r]!,
        ...(allFinite(previous) ? { start: previous } : {}),
      },
      options.context,
    );
    rungs.push({ fit, maxIterations: limits[r]!, gradientTolerance: tolerances[r]! });
  }

  const layout = parameterLayout(frame);
  const flags = flagNames(frame);
  const last = rungs[rungs.length - 1]!.fit;
  // A flag marks weak identification when it says so itself (large |β| with an SE of its size) or when
  // the fit as a whole is flagged flat; a large but well-determined SD alone is not flatness.
  const flat = last.diagnostics.boundary.some((b) => b.kind === "flat");
  const weakNames = new Set(
    last.diagnostics.boundary.filter((b) => b.kind === "large-beta" || (flat && b.kind !== "flat")).map((b) => b.parameter),
  );
  const thetas = rungs.map((r) => thetaOf(r.fit));
  const ses = rungs.map((r) => standardErrorsOf(r.fit));
  // Loops and module functions, not arrows made per parameter: closures made per call lose their optimised
  // code at each full GC, and map() results take an elements kind that depends on the tier that ran them.
  const parameters: ParameterDivergence[] = [];
  for (let k = 0; k < layout.names.length; k++) {
    parameters.push(
      classify(layout.names[k]!, k < layout.p, entriesAt(thetas, k), entriesAt(ses, k), last.converged, anyIn(flags[k]!, weakNames)),
    );
  }
  const refits: DivergenceRefit[] = rungs.map((r) => ({
    maxIterations: r.maxIterations,
    gradientTolerance: r.gradientTolerance,
    converged: r.fit.converged,
    iterations: r.fit.iterations,
    maxAbsGradient: r.fit.diagnostics.maxAbsGradient,
    logLik: r.fit.logLik,
  }));
  const has = (status: ParameterStatus) => parameters.some((p) => p.status === status);
  if (rungs.length < tolerances.length + 1 || isStopped(options.context)) {
    // Cut short by the fit's time or iteration limit (before a refit, or during the last one): too few
    // complete refits to tell.
    const reason = stopReason(options.context?.signal) ?? "the fit was stopped";
    return { verdict: "unresolved", refits, parameters, message: `not completed (${refits.length - 1} of ${tolerances.length} refits): ${reason}` };
  }
  const verdict: DivergenceVerdict = has("diverging")
    ? "diverging"
    : has("unsettled")
      ? "unresolved"
      : has("weakly-identified") || flat
        ? "finite-flat"
        : "finite";
  return { verdict, refits, parameters, message: verdictMessage(verdict, parameters, refits) };
}
