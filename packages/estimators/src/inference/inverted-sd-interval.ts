/**
 * `--boot-type invert`: the test-inversion parametric-bootstrap interval for the SD of a single scalar
 * random-effects term (Carpenter 1999, JRSS-B 61:159–172; search and tie rule in test-inversion-search.ts).
 *
 * At each σ₀ the search asks about, B data sets are simulated (common-random-responses.ts) from the model with
 * σ = σ₀ and β = β̂(σ₀), the maximum-likelihood β with σ held at σ₀ (the profile's constrained fit), and each is
 * refitted by the fit's estimator. The nuisance parameter β is re-estimated under each null rather than held at
 * β̂ (Carpenter 1999 discusses the choice): the test of σ₀ should ask about the model with σ = σ₀ that fits the
 * data best, as the profile likelihood does, not about (σ₀, β̂), which for σ₀ far from σ̂ the data may fit badly —
 * with a binomial response the marginal mean moves with σ at fixed β, so β̂ is the wrong intercept away from σ̂.
 * Each refit's SD reads as 0 on the boundary (refit-values.ts), so σ̂* = σ̂_obs = 0 are exact ties, which count
 * in both tail probabilities (test-inversion-search.ts): the test is conservative at the boundary.
 *
 * The search visits σ̂_obs first (the data sets simulated from the fit itself, β̂(σ̂) = β̂); those refits also
 * give the fixed effects their (percentile) intervals, which test inversion does not provide here.
 * Refits are cached per replicate by its simulated responses: with common random numbers neighbouring σ₀ often
 * give the very same data, and the same data give the same refit.
 */
import type { Estimator, FitResult, ModelFrame } from "@glmmkit/core";
import type { GlmmLikelihood } from "@glmmkit/laplace";
import { maximisePenalisedLikelihood } from "../ml/glmm-fit.js";
import type { BootstrapReplicate } from "./bootstrap-intervals.js";
import { refitValues } from "./refit-values.js";
import type { CommonRandomResponses } from "./common-random-responses.js";
import { ProfiledLikelihood } from "./profiled-likelihood.js";
import { LOG_SD_ZERO, type ProfileTarget } from "./profile-parameter.js";
import { monteCarloPValue, searchRejectionBoundary, tailCounts, type BoundarySearchOptions } from "./test-inversion-search.js";

export interface InversionRequest {
  readonly frame: ModelFrame;
  readonly fit: FitResult;
  /** The likelihood of the fit (its nAGQ), for the constrained β̂(σ₀). */
  readonly likelihood: GlmmLikelihood;
  /** Every target the refits report (the SD among them); β's percentile intervals come from the refits at σ̂. */
  readonly targets: readonly ProfileTarget[];
  /** The SD's position in `targets`. */
  readonly sdIndex: number;
  readonly responses: CommonRandomResponses;
  readonly estimator: Estimator<Record<string, unknown>>;
  readonly estimatorOptions: Readonly<Record<string, unknown>>;
  readonly replicates: number;
  readonly level: number;
  readonly search?: BoundarySearchOptions;
  readonly onReplicate?: (done: number) => void;
}

export interface InvertedSdInterval {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly lowerStatus: "found" | "boundary" | "not-reached";
  readonly upperStatus: "found" | "not-reached";
  /** The refits at σ₀ = σ̂ (the ordinary parametric bootstrap, with these draws), every target. */
  readonly atEstimate: BootstrapReplicate[];
  /** σ₀ values tested, refits made and refits reused from the cache. */
  readonly evaluations: number;
  readonly refits: number;
  readonly reused: number;
  /** Refits that failed or did not converge, over all σ₀ (left out of the counts). */
  readonly failed: number;
  readonly failures: string[];
  /** σ₀ at which the constrained fit β̂(σ₀) did not converge (its data sets are simulated all the same). */
  readonly unconvergedNuisance: number[];
}

export function invertedSdInterval(request: InversionRequest): InvertedSdInterval {
  const { frame, fit, targets, sdIndex, responses, estimator, estimatorOptions, replicates: B } = request;
  const target = targets[sdIndex]!;
  const observed = refitValues(fit, targets, frame)[sdIndex]!;
  const tail = (1 - request.level) / 2;
  const profiled = new ProfiledLikelihood(request.likelihood, target.map);
  const thetaHat = new Float64Array([...fit.beta, ...fit.psi]);
  const betaIndices = fit.betaNames.map((_, c) => c);
  const unconvergedNuisance: number[] = [];
  /** β̂(σ₀): warm-started from the nearest σ₀ already fitted. */
  const constrained = new Map<number, Float64Array>([[target.estimate, target.map.freeOf(thetaHat)]]);
  const betaAt = (logSigma: number): Float64Array => {
    let nearest = target.estimate;
    for (const key of constrained.keys()) if (Math.abs(key - logSigma) < Math.abs(nearest - logSigma)) nearest = key;
    let free = constrained.get(logSigma);
    if (free === undefined) {
      profiled.value = logSigma;
      const optimum = maximisePenalisedLikelihood(profiled, null, constrained.get(nearest)!, {});
      if (!optimum.converged) unconvergedNuisance.push(logSigma <= LOG_SD_ZERO ? 0 : Math.exp(logSigma));
      free = optimum.x.slice();
      constrained.set(logSigma, free);
    }
    const theta = profiled.fullTheta(free);
    return Float64Array.from(betaIndices, (c) => theta[c]!);
  };
  const cache = Array.from({ length: B }, () => new Map<string, Float64Array | string>());
  let refits = 0;
  let reused = 0;
  let failed = 0;
  const failures: string[] = [];
  let done = 0;
  const refit = (k: number, data: ModelFrame): Float64Array | string => {
    const key = Array.prototype.join.call(data.y, ",");
    const hit = cache[k - 1]!.get(key);
    if (hit !== undefined) {
      reused++;
      return hit;
    }
    refits++;
    let result: Float64Array | string;
    try {
      const refitted = estimator.fit(data, { ...estimatorOptions });
      result = refitted.converged
        ? refitValues(refitted, targets, data)
        : `did not converge (max |gradient| ${refitted.diagnostics.maxAbsGradient.toExponential(2)})`;
    } catch (error) {
      result = error instanceof Error ? error.message.split("\n")[0]! : String(error);
    }
    cache[k - 1]!.set(key, result);
    return result;
  };
  /** The refitted SDs of the B data sets simulated at σ₀ = exp(logSigma), NaN where a refit failed. */
  const simulatedSds = (logSigma: number, beta: Float64Array): Float64Array => {
    const sigma = logSigma <= LOG_SD_ZERO ? 0 : Math.exp(logSigma);
    const values = new Float64Array(B);
    for (let k = 1; k <= B; k++) {
      const result = refit(k, responses.frameAt(k, beta, sigma));
      if (typeof result === "string") {
        failed++;
        if (failures.length < 10) failures.push(`σ₀ = ${sigma.toPrecision(4)}, replicate ${k}: ${result}`);
        values[k - 1] = Number.NaN;
      } else values[k - 1] = result[sdIndex]!;
      request.onReplicate?.(++done);
    }
    return values;
  };
  let evaluations = 0;
  const rejects = (side: "upper" | "lower") => (logSigma: number) => {
    evaluations++;
    const counts = tailCounts(simulatedSds(logSigma, betaAt(logSigma)), observed);
    const count = side === "upper" ? counts.atMost : counts.atLeast;
    return monteCarloPValue(count, counts.total) <= tail;
  };

  // σ₀ = σ̂: the fitted model itself; its refits serve the fixed effects.
  const atEstimate: BootstrapReplicate[] = [];
  const estimateLog = observed > 0 ? Math.log(observed) : LOG_SD_ZERO;
  for (let k = 1; k <= B; k++) {
    const result = refit(k, responses.frameAt(k, fit.beta, observed));
    atEstimate.push(typeof result === "string" ? { index: k, estimates: null, failure: result } : { index: k, estimates: result });
  }

  // Upper bound: from σ̂ (or, with σ̂ = 0, from a small SD that the search walks back from if rejected).
  const upper = searchRejectionBoundary(rejects("upper"), observed > 0 ? estimateLog : Math.log(0.1), 1, request.search);
  // Lower bound: 0 when σ̂ is on the boundary (every σ̂* ≥ 0 = σ̂: never rejected) or σ₀ = 0 is not rejected.
  let lower = 0;
  let lowerStatus: InvertedSdInterval["lowerStatus"] = "boundary";
  if (observed > 0 && rejects("lower")(LOG_SD_ZERO)) {
    const search = searchRejectionBoundary(rejects("lower"), estimateLog, -1, request.search);
    lower = Math.exp(search.logValue);
    lowerStatus = search.status;
  }
  return {
    estimate: observed,
    lower,
    upper: Math.exp(upper.logValue),
    lowerStatus,
    upperStatus: upper.status,
    atEstimate,
    evaluations: evaluations + 1,
    refits,
    reused,
    failed,
    failures,
    unconvergedNuisance,
  };
}
