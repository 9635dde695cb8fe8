/**
 * Confidence intervals after a fit, by one of three methods:
 *  - "wald": estimate ± z·SE from the fit's own standard errors (wald-intervals.ts), any estimator;
 *  - "profile": the profile likelihood (profile-parameter.ts), for maximum-likelihood fits (`ml`), with
 *    the same likelihood approximation (Laplace or nAGQ) and optimiser as the fit;
 *  - "boot": the parametric bootstrap (bootstrap-intervals.ts): percentile, basic or BCa (bca-interval.ts), or
 *    the SD by test inversion (inverted-sd-interval.ts).
 * Intervals are for the fixed effects and the random-effect SDs, named as lme4's confint(oldNames = FALSE).
 */
import type { ConfidenceIntervals, Estimator, FitResult, IntervalMethod, ModelFrame, ParameterInterval, ProfileTrace } from "@glmmkit/core";
import { BOOTSTRAP_TYPES, GlmmInputError, parameterLayout } from "@glmmkit/core";
import { GlmmLikelihood } from "@glmmkit/laplace";
import { normalQuantile } from "@glmmkit/math";
import { approximationLabel, checkQuadratureApplies, type GlmmFitOptions } from "../ml/glmm-fit.js";
import { correlationNames, fittedTheta, inferenceTargets } from "./inference-targets.js";
import { LOG_SD_ZERO, profileParameter, type ProfileTarget } from "./profile-parameter.js";
import { waldInterval } from "./wald-intervals.js";
import { bootstrapReplicates, percentileIntervals, type BootstrapIntervalType, type ReplicateSource } from "./bootstrap-intervals.js";
import { bcaIntervals, MIN_JACKKNIFE_REFITS } from "./bca-interval.js";
import { clusterJackknife } from "./cluster-jackknife.js";
import { refitValues } from "./refit-values.js";
import { commonRandomResponses } from "./common-random-responses.js";
import { invertedSdInterval } from "./inverted-sd-interval.js";

export interface BootstrapRequest {
  /** The data sets simulated from the fit (replicate k from its own keyed stream). */
  readonly source: ReplicateSource;
  /** The estimator and options of the fit: every replicate is refitted the same way. */
  readonly estimator: Estimator<Record<string, unknown>>;
  readonly estimatorOptions?: Readonly<Record<string, unknown>>;
  /** Number of replicates B (default 1000). */
  readonly replicates?: number;
  /** lme4's boot.type "perc" (default) or "basic" (bootstrap-intervals.ts), "bca" (bca-interval.ts) or "invert" (inverted-sd-interval.ts). */
  readonly type?: BootstrapIntervalType;
  /** Called after each refit with the number done (progress for long runs). */
  readonly onReplicate?: (done: number) => void;
}

/** Failed replicates listed one by one in the report (all are counted). */
const LISTED_FAILURES = 10;

export interface IntervalOptions {
  readonly method: IntervalMethod;
  /** Coverage (default 0.95). */
  readonly level?: number;
  /** The options the fit was made with: profile fits use the same nAGQ and optimiser. */
  readonly fitOptions?: Pick<GlmmFitOptions, "nAGQ" | "optimizer">;
  /** Only these parameters, by their interval names (confint's `parm`); default: all. */
  readonly parameters?: readonly string[];
  /** What method "boot" needs. */
  readonly bootstrap?: BootstrapRequest;
}

/** Estimators whose objective is the likelihood itself, so that its profile is a profile likelihood. */
export const PROFILE_ESTIMATORS: ReadonlySet<string> = new Set(["ml"]);

export function confidenceIntervals(frame: ModelFrame, fit: FitResult, options: IntervalOptions): ConfidenceIntervals {
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new GlmmInputError("option", `the confidence level must lie strictly between 0 and 1, got ${level}`);
  const z = normalQuantile(1 - (1 - level) / 2);
  const layout = parameterLayout(frame);
  const targets = selectTargets(inferenceTargets(frame, layout, fit), options.parameters);
  const notes: string[] = [];
  const correlations = correlationNames(frame);
  if (correlations.length > 0) {
    notes.push(`correlations (${correlations.join(", ")}) get no interval here (lme4 also profiles them)`);
  }
  if (!fit.converged) notes.push("the fit did not converge: intervals around a point that is not the optimum are not valid");
  switch (options.method) {
    case "wald": {
      // refitValues reads an SD the fit flags on the boundary as exactly 0.
      const values = refitValues(fit, targets, frame);
      const intervals = targets.map((t, k) => waldInterval(t, z, t.kind === "sd" && values[k] === 0));
      if (targets.some((t) => t.kind === "sd")) {
        notes.push("random-effect SDs: Wald on the log scale, exp(log σ̂ ± z·SE) (glmmTMB's convention; lme4 gives NA)");
      }
      return {
        method: "wald",
        level,
        basis: `estimate ± ${z.toFixed(4)}·SE; standard errors from the ${fit.standardErrorBasis ?? "fit's information matrix"}`,
        intervals,
        notes,
      };
    }
    case "profile":
      return profileIntervals(frame, fit, targets, z, level, options, notes);
    case "boot":
      return bootstrapIntervals(frame, fit, targets, level, options, notes);
  }
}

function bootstrapIntervals(
  frame: ModelFrame,
  fit: FitResult,
  targets: readonly ProfileTarget[],
  level: number,
  options: IntervalOptions,
  notes: string[],
): ConfidenceIntervals {
  const request = options.bootstrap;
  if (request === undefined) throw new GlmmInputError("option", "--ci boot needs a way to simulate from the fitted model");
  if (request.estimator.name !== fit.estimator) {
    throw new GlmmInputError("option", `the bootstrap refits with "${request.estimator.name}" but the fit is "${fit.estimator}"`);
  }
  const B = request.replicates ?? 1000;
  const type = request.type ?? "perc";
  if (!BOOTSTRAP_TYPES.includes(type)) throw new GlmmInputError("option", `the bootstrap interval type must be ${BOOTSTRAP_TYPES.map((t) => `"${t}"`).join(", ")}; got "${String(type)}"`);
  if (!Number.isInteger(B) || B < 1) throw new GlmmInputError("option", `the number of bootstrap replicates must be a positive integer, got ${B}`);
  if (type === "invert") return invertedIntervals({ frame, fit, targets, level, request, B, nAGQ: options.fitOptions?.nAGQ ?? 1 }, notes);
  const indices = Array.from({ length: B }, (_, k) => k + 1);
  const replicates = bootstrapReplicates(request.source, request.estimator, request.estimatorOptions ?? {}, targets, indices, request.onReplicate);
  const failed = replicates.filter((r) => r.estimates === null);
  const unstable = replicates.filter((r) => r.boundary !== undefined).length;
  if (unstable > 0) {
    notes.push(
      `${unstable} of ${B - failed.length} converged refits have a weakly identified coefficient or a very large SD (possible separation in those data sets); they are kept, and they widen the percentiles`,
    );
  }
  const drawn = fit.covariances.length > 0 ? "random effects and responses" : "responses";
  const summary = { replicates: B, failed: failed.length, seed: request.source.seed, failures: failed.slice(0, LISTED_FAILURES).map((r) => `${r.index}: ${r.failure}`) };
  const basis = `parametric bootstrap: ${B} data sets simulated from the fitted model (${drawn}), each refitted by "${fit.estimator}" with the fit's options; `;
  if (type !== "bca") {
    return {
      method: "boot",
      level,
      basis: `${basis}${
        type === "basic"
          ? "basic intervals (the percentile interval reflected about the estimate, 2θ̂ − q; an SD's bound below 0 is the boundary 0)"
          : "percentile intervals (quantiles of the converged refits, R's type 7)"
      }`,
      intervals: percentileIntervals(targets, replicates, level, type),
      notes,
      bootstrap: { type, ...summary },
    };
  }
  const jackknife = clusterJackknife(frame, request.estimator, request.estimatorOptions ?? {}, targets);
  const refits = jackknife.values.length;
  const jackknifeFailed = jackknife.values.filter((v) => v === null).length;
  if (jackknifeFailed > 0) {
    notes.push(`${jackknifeFailed} of ${refits} leave-one-${jackknife.unit}-out refits failed and are left out of the acceleration${refits - jackknifeFailed < MIN_JACKKNIFE_REFITS ? " (too few remain: a = 0, the bias-corrected percentile interval)" : ""}`);
  }
  const bca = bcaIntervals(targets, refitValues(fit, targets, frame), replicates, jackknife, level);
  return {
    method: "boot",
    level,
    basis: `${basis}BCa intervals (Efron 1987: quantiles of the refits at levels adjusted by the bias correction z0, the share of refits below the estimate, and the acceleration a, from ${refits} leave-one-${jackknife.unit}-out refits)`,
    intervals: bca.intervals,
    notes,
    bootstrap: {
      type,
      ...summary,
      jackknife: { unit: jackknife.unit, refits, failed: jackknifeFailed, failures: jackknife.failures },
      bca: bca.adjustments,
    },
  };
}

/**
 * Type "invert": the SD by test inversion with β re-estimated under each σ₀ (inverted-sd-interval.ts), the
 * fixed effects by percentile intervals of the refits at σ̂ (the ordinary parametric bootstrap of the fit).
 */
function invertedIntervals(
  setting: { frame: ModelFrame; fit: FitResult; targets: readonly ProfileTarget[]; level: number; request: BootstrapRequest; B: number; nAGQ: number },
  notes: string[],
): ConfidenceIntervals {
  const { frame, fit, targets, level, request, B, nAGQ } = setting;
  if (!PROFILE_ESTIMATORS.has(fit.estimator)) {
    throw new GlmmInputError("option", `--boot-type invert re-estimates β by maximum likelihood under each tested SD, so it needs --estimator ml; got "${fit.estimator}" (use --boot-type bca)`);
  }
  if (frame.terms.length !== 1 || frame.terms[0]!.q !== 1) {
    throw new GlmmInputError("option", "--boot-type invert is implemented for one scalar random-effects term, e.g. (1 | herd); use --boot-type bca for this model");
  }
  if ((fit.link ?? "logit") !== "logit") {
    throw new GlmmInputError("option", `--boot-type invert simulates with the logit link; the fit uses "${fit.link}"`);
  }
  // The simulation draws one uniform per binomial trial (common random numbers across σ₀): whole trials only.
  const fractional = frame.trials.findIndex((m) => !Number.isInteger(m));
  if (fractional >= 0) {
    throw new GlmmInputError(
      "option",
      `--boot-type invert simulates whole binomial trials; data row ${(frame.dataRows?.[fractional] ?? fractional) + 1} has ${frame.trials[fractional]} trials (--weights that are not whole numbers); use --boot-type bca`,
    );
  }
  checkQuadratureApplies(frame, nAGQ);
  // Every target the refits report, so that the SD is inverted even when only β was asked for.
  const all = inferenceTargets(frame, parameterLayout(frame), fit);
  const sdIndex = all.findIndex((t) => t.kind === "sd");
  const inversion = invertedSdInterval({
    frame,
    fit,
    likelihood: new GlmmLikelihood(frame, { nAGQ }),
    targets: all,
    sdIndex,
    responses: commonRandomResponses(frame, request.source.seed),
    estimator: request.estimator,
    estimatorOptions: request.estimatorOptions ?? {},
    replicates: B,
    level,
    ...(request.onReplicate === undefined ? {} : { onReplicate: request.onReplicate }),
  });
  const sd = all[sdIndex]!;
  const percentile = percentileIntervals(all, inversion.atEstimate, level, "perc");
  const intervals = targets.map((t): ParameterInterval => {
    if (t.parameter !== sd.parameter) return percentile[all.findIndex((a) => a.parameter === t.parameter)]!;
    return {
      parameter: t.parameter,
      kind: "sd",
      estimate: inversion.estimate,
      lower: inversion.lower,
      upper: inversion.upper,
      lowerStatus: inversion.lowerStatus,
      upperStatus: inversion.upperStatus,
    };
  });
  if (targets.some((t) => t.kind === "beta")) {
    notes.push("fixed effects: percentile intervals of the refits at the estimate (test inversion is for the SD only)");
  }
  if (inversion.unconvergedNuisance.length > 0) {
    notes.push(
      `the ML fit of β with the SD held at ${inversion.unconvergedNuisance.map((v) => v.toPrecision(4)).join(", ")} did not converge; the data sets simulated there use its last iterate, and a bound next to it may be off`,
    );
  }
  for (const f of inversion.failures) notes.push(`failed refit at ${f}`);
  const failedAtEstimate = inversion.atEstimate.filter((r) => r.estimates === null);
  return {
    method: "boot",
    level,
    basis:
      `parametric bootstrap by test inversion (Carpenter 1999): the SD's bounds are the σ₀ at which P(σ̂* ≤ σ̂) and P(σ̂* ≥ σ̂) fall to ${((1 - level) / 2).toPrecision(3)}, ` +
      `each from ${B} data sets simulated at (σ₀, β̂ re-estimated by ML with σ = σ₀) and refitted by "${fit.estimator}" (Monte-Carlo p-values (1 + count)/(B + 1) with ties σ̂* = σ̂ in the count, so conservative at σ̂ = 0; common random numbers across σ₀; bisection on log σ₀ to 1 %)`,
    intervals,
    notes,
    bootstrap: {
      type: "invert",
      replicates: B,
      failed: failedAtEstimate.length,
      seed: request.source.seed,
      failures: failedAtEstimate.slice(0, LISTED_FAILURES).map((r) => `${r.index}: ${r.failure}`),
      inversion: { parameter: sd.parameter, evaluations: inversion.evaluations, refits: inversion.refits, reused: inversion.reused, failed: inversion.failed, fixedEffects: "perc" },
    },
  };
}

function selectTargets(all: ProfileTarget[], names: readonly string[] | undefined): ProfileTarget[] {
  if (names === undefined) return all;
  for (const name of names) {
    if (!all.some((t) => t.parameter === name)) {
      throw new GlmmInputError("option", `no parameter "${name}" to give an interval for; the parameters are ${all.map((t) => `"${t.parameter}"`).join(", ")}`);
    }
  }
  return all.filter((t) => names.includes(t.parameter));
}

function profileIntervals(
  frame: ModelFrame,
  fit: FitResult,
  targets: readonly ProfileTarget[],
  z: number,
  level: number,
  options: IntervalOptions,
  notes: string[],
): ConfidenceIntervals {
  if (!PROFILE_ESTIMATORS.has(fit.estimator)) {
    throw new GlmmInputError(
      "option",
      `--ci profile profiles the likelihood, so it needs a maximum-likelihood fit (--estimator ml); "${fit.estimator}" maximises a penalised objective: use --ci wald or --ci boot`,
    );
  }
  if (frame.terms.length === 0) {
    throw new GlmmInputError("option", "--ci profile needs a model with random effects (the GLM profile is not implemented); use --ci wald");
  }
  const nAGQ = options.fitOptions?.nAGQ ?? 1;
  checkQuadratureApplies(frame, nAGQ);
  const likelihood = new GlmmLikelihood(frame, { nAGQ });
  const thetaHat = fittedTheta(fit);
  const logLikHat = likelihood.logLik(thetaHat);
  const fitOptions: GlmmFitOptions = options.fitOptions?.optimizer === undefined ? {} : { optimizer: options.fitOptions.optimizer };
  const intervals: ParameterInterval[] = [];
  const profiles: ProfileTrace[] = [];
  for (const target of targets) {
    const profile = profileParameter(likelihood, target, thetaHat, logLikHat, { cut: z, fitOptions });
    for (const note of profile.notes) notes.push(note);
    const natural = (v: number) => (target.kind === "sd" ? (v <= LOG_SD_ZERO ? 0 : Math.exp(v)) : v);
    intervals.push({
      parameter: target.parameter,
      kind: target.kind,
      estimate: natural(target.estimate),
      lower: natural(profile.lower.value),
      upper: natural(profile.upper.value),
      lowerStatus: profile.lower.status,
      upperStatus: profile.upper.status,
    });
    profiles.push({
      parameter: target.parameter,
      values: profile.points.map((p) => natural(p.value)),
      zeta: profile.points.map((p) => p.zeta),
    });
  }
  return {
    method: "profile",
    level,
    basis: `profile of the ${approximationLabel(nAGQ)} log-likelihood: bounds where the signed root deviance ζ = ±${z.toFixed(4)} (χ²₁ cut ${(z * z).toFixed(4)} on the deviance), every other parameter re-maximised (lme4's confint(method = "profile"))`,
    intervals,
    notes,
    profiles,
  };
}

/** The fit with its intervals attached (printed by the summary, kept in the JSON). */
export function withConfidenceIntervals(fit: FitResult, intervals: ConfidenceIntervals): FitResult {
  return { ...fit, confidenceIntervals: intervals };
}
