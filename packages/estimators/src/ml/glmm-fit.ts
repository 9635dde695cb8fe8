/**
 * The GLMM fit shared by the likelihood-based estimators (MixedModels.jl's fit!: set up, optimise, tidy up):
 * starting values from the fixed-effects GLM, Newton (or BFGS) on −(ℓ + P), then the information, standard
 * errors, conditional modes and diagnostics.
 */
import type { FitContext, FitResult, ModelFrame, ParameterLayout } from "@glmmkit/core";
import { GlmmInputError } from "@glmmkit/core";
import { GlmmLikelihood } from "@glmmkit/laplace";
import type { LinkName } from "@glmmkit/math";
import { choleskyInPlace, solveWithCholesky } from "@glmmkit/linalg";
import { minimizeBfgs, minimizeNewton, type MinimizeResult } from "@glmmkit/optimizers";
import { buildFitResult } from "../fit-report/build-fit-result.js";
import { penalisedObjective, type LogLikelihoodFunction, type PenaltyTerm } from "../objective/penalised-objective.js";
import { PenaltyCurvatureCache } from "../objective/penalty-curvature-cache.js";
import { startingValues } from "./starting-values.js";
import { zeroVarianceParameters } from "../fit-report/zero-variance-probe.js";

/** Options of the likelihood-based fits: link, nAGQ, optimiser, iteration limit, tolerance, start. */
export interface GlmmFitOptions {
  /** Binomial link (default logit). */
  readonly link?: LinkName;
  /** Adaptive Gauss–Hermite nodes; 1 = Laplace (default). */
  readonly nAGQ?: number;
  readonly optimizer?: "newton" | "bfgs";
  readonly maxIterations?: number;
  /** Starting θ (length p + Σ q(q+1)/2); default: GLM β, ψ = 0. */
  readonly start?: Float64Array;
  /** Convergence tolerance on max |∇| (default 1e-6). */
  readonly gradientTolerance?: number;
  /** Reuse a likelihood (and its warm PIRLS modes) built for this frame and nAGQ. */
  readonly likelihood?: GlmmLikelihood;
  /**
   * The estimator's fit context (set by the estimator, not a user option): its signal stops the optimiser
   * and its onIteration counts every iteration toward a whole-fit budget.
   */
  readonly context?: FitContext;
}

/** The likelihood and optimum behind a fit, for estimators that build on it (penalised fits, refits). */
export interface GlmmFitInternals {
  readonly likelihood: GlmmLikelihood;
  readonly optimum: PenalisedOptimum;
}

/** lme4's rule: adaptive Gauss–Hermite quadrature (nAGQ > 1) needs exactly one scalar random-effects term. */
export function checkQuadratureApplies(frame: ModelFrame, nAGQ: number): void {
  if (nAGQ <= 1) return;
  const terms = frame.terms;
  if (terms.length === 1 && terms[0]!.q === 1) return;
  const what =
    terms.length > 1
      ? `${terms.length} random-effects terms (${terms.map((t) => t.group).join(", ")})`
      : `a term with ${terms[0]!.q} random effects per level (${terms[0]!.termNames.join(", ")} | ${terms[0]!.group})`;
  throw new GlmmInputError(
    "option",
    `nAGQ = ${nAGQ} (adaptive Gauss–Hermite quadrature) needs a single scalar random-effects term, as in lme4; this model has ${what}: use the Laplace approximation (nAGQ = 1)`,
  );
}

/** "Laplace" or "adaptive Gauss-Hermite, nAGQ = k", as the summary prints it. */
export function approximationLabel(nAGQ: number): string {
  return nAGQ === 1 ? "Laplace" : `adaptive Gauss-Hermite (nAGQ = ${nAGQ})`;
}

/** The ML standard-error convention, in the summary's words. */
export function likelihoodInformationBasis(nAGQ: number): string {
  return `observed information of the ${approximationLabel(nAGQ)} log-likelihood in θ = (β, ψ) at the estimate`;
}

/** The minimiser's result at the optimum of a (penalised) GLMM fit, with what the report needs. */
export interface PenalisedOptimum extends MinimizeResult {
  /** −∇²(ℓ + P) at the optimum, exact. */
  readonly hessian: Float64Array;
  /** How the optimum was reached, for the report. */
  readonly optimizerLabel: string;
  /** −∇²ℓ at the optimum when it was computed on the way (else undefined). */
  readonly likelihoodInformation?: Float64Array;
}

/**
 * The longest step in θ (∞-norm): a factor e³ ≈ 20 on an SD, 3 on the logit scale. Near σ → 0 the
 * log-Cholesky likelihood is flat, and a modified-Newton step along a direction of nearly zero curvature,
 * if allowed to be long, lands on that plateau (a log-SD of −20) where the gradient vanishes like σ² and the
 * fit stops short of the optimum: with the cap, the correlated q = 3 Contraception models reach lme4's and
 * BFGS's optimum in 20–50 Newton iterations (robustness.test.ts).
 */
const MAX_STEP = 3;

/** Newton's labels in the report. */
const NEWTON_LABEL = "Newton (modified Hessian, line search)";

/**
 * Maximise ℓ + P from `start` (Newton by default); the optimum's Hessian is the objective's information.
 * The default Newton fit has a safety net: when it stops without converging (iteration limit or no
 * progress) BFGS continues from there, and Newton finishes from BFGS's point (so the information is the
 * exact one at the returned point). Callers that set `maxIterations` (the divergence check's ladder) get
 * exactly the optimiser they asked for.
 */
export function maximisePenalisedLikelihood(
  likelihood: LogLikelihoodFunction,
  penalty: PenaltyTerm | null,
  start: Float64Array,
  options: GlmmFitOptions,
): PenalisedOptimum {
  const curvature = penalty === null ? null : new PenaltyCurvatureCache(penalty, likelihood.dim);
  const objective = penalisedObjective(likelihood, penalty, curvature);
  const settings = {
    gradientTolerance: options.gradientTolerance ?? 1e-6,
    maxStep: MAX_STEP,
    onIteration: (info: { step: number }) => {
      curvature?.recordStep(info.step);
      options.context?.onIteration?.();
    },
    ...(options.context?.signal === undefined ? {} : { signal: options.context.signal }),
    // Without an analytic Hessian each evaluation costs dim (forward) or 2·dim (central) gradients: carry it
    // by BFGS updates between evaluations (still evaluated at the returned point, so the reported information
    // is exact). It is evaluated afresh after a shortened step and at least every 10 steps. Refreshing every 4
    // steps cost 308 evaluations against 266 over six multi-term fits, for the same optima (salamander 31/27,
    // VerbAgg 62/67, cbpp + obs 51/40, toenail (time || patientID) 102/78, simulated crossed 32/31 and 30/23).
    ...(likelihood.exactHessian ? {} : { hessianUpdates: { refreshEvery: 10 } }),
  };
  const bfgs = options.optimizer === "bfgs";
  let optimum: MinimizeResult = (bfgs ? minimizeBfgs : minimizeNewton)(objective, start, {
    ...settings,
    maxIterations: options.maxIterations ?? (bfgs ? 1000 : 200),
  });
  let optimizerLabel = bfgs ? "BFGS" : NEWTON_LABEL;
  const stopped = () => options.context?.signal?.aborted === true;
  if (!bfgs && options.maxIterations === undefined && !optimum.converged && !stopped() && Number.isFinite(optimum.value)) {
    const rescue = minimizeBfgs(objective, optimum.x, { ...settings, maxIterations: 1000 });
    if (rescue.value < optimum.value) {
      const polished = minimizeNewton(objective, rescue.x, { ...settings, maxIterations: 50 });
      const iterations = optimum.iterations + rescue.iterations + polished.iterations;
      optimum = polished.value <= rescue.value ? { ...polished, iterations } : { ...rescue, iterations };
      optimizerLabel = `${NEWTON_LABEL}, which stopped short (${
        optimum.converged ? "then converged" : "not converged"
      } after a BFGS continuation)`;
    }
  }
  // The reported information is always the exact one.
  const d = objective.dim;
  // BFGS results carry no Hessian; Newton's (from the fit or the final polish) is the exact one at x.
  if (optimum.hessian !== undefined) {
    // Newton's last Hessian is −(∇²ℓ + the penalty curvature it used) at the optimum.
    if (curvature === null) return { ...optimum, hessian: optimum.hessian, likelihoodInformation: optimum.hessian, optimizerLabel };
    const used = curvature.lastHandedOut();
    const likelihoodInformation = new Float64Array(d * d);
    for (let k = 0; k < d * d; k++) likelihoodInformation[k] = optimum.hessian[k]! + used[k]!;
    if (curvature.lastWasExact) return { ...optimum, hessian: optimum.hessian, likelihoodInformation, optimizerLabel };
    const exact = new Float64Array(d * d);
    curvature.exactAt(optimum.x, exact);
    const information = new Float64Array(d * d);
    for (let k = 0; k < d * d; k++) information[k] = likelihoodInformation[k]! - exact[k]!;
    return { ...optimum, hessian: information, likelihoodInformation, optimizerLabel };
  }
  const likelihoodInformation = new Float64Array(d * d);
  likelihood.hessian(optimum.x, likelihoodInformation);
  for (let k = 0; k < d * d; k++) likelihoodInformation[k] = -likelihoodInformation[k]!;
  const information = likelihoodInformation.slice();
  if (penalty !== null) {
    const penaltyHessian = new Float64Array(d * d);
    penalty.hessian(optimum.x, penaltyHessian);
    for (let k = 0; k < d * d; k++) information[k] = information[k]! - penaltyHessian[k]!;
  }
  return { ...optimum, hessian: information, likelihoodInformation, optimizerLabel };
}

/**
 * How far one Newton step of the adaptive Gauss–Hermite likelihood (nAGQ = 25) moves θ̂ from the Laplace
 * estimate, in standard errors (the largest over θ; Infinity when that likelihood has no positive definite
 * information there): a cheap answer to whether the better approximation would change the estimates.
 */
export function quadratureShift(frame: ModelFrame, link: LinkName, theta: Float64Array, standardErrors: Float64Array): number {
  const quadrature = new GlmmLikelihood(frame, { nAGQ: 25, link });
  const d = theta.length;
  const gradient = new Float64Array(d);
  quadrature.logLikAndGradient(theta, gradient);
  const information = new Float64Array(d * d);
  quadrature.hessian(theta, information);
  for (let k = 0; k < d * d; k++) information[k] = -information[k]!;
  if (!choleskyInPlace(information, d)) return Infinity;
  solveWithCholesky(information, d, gradient);
  let shift = 0;
  for (let k = 0; k < d; k++) shift = Math.max(shift, Math.abs(gradient[k]!) / standardErrors[k]!);
  return Number.isNaN(shift) ? Infinity : shift;
}

/** The GLMM fit shared by the likelihood-based estimators: set up, optimise, build the FitResult. */
export function fitGlmmByOptimisation(
  estimator: string,
  frame: ModelFrame,
  layout: ParameterLayout,
  penalty: PenaltyTerm | null,
  options: GlmmFitOptions,
  extra?: (internals: GlmmFitInternals) => {
    warnings?: string[];
    extra?: Record<string, unknown>;
    covarianceInformation?: Float64Array;
    standardErrorBasis?: string;
  },
): FitResult {
  const nAGQ = options.nAGQ ?? 1;
  checkQuadratureApplies(frame, nAGQ);
  const link = options.link ?? "logit";
  const likelihood = options.likelihood ?? new GlmmLikelihood(frame, { nAGQ, link });
  if (likelihood.link !== link) throw new Error(`the likelihood given uses the ${likelihood.link} link, the fit asks for ${link}`);
  const start = options.start ?? startingValues(frame, layout, link);
  const optimum = maximisePenalisedLikelihood(likelihood, penalty, start, options);
  const theta = optimum.x;
  const d = layout.dim;
  // Information of the maximised objective (−∇² of ℓ + P) at θ̂.
  const objectiveInformation = optimum.hessian;
  const logLik = likelihood.logLik(theta);
  // Read everything that describes θ̂'s modes before anything else evaluates the likelihood elsewhere.
  const pirls = likelihood.pirlsStatistics();
  const ranef = likelihood.conditionalModesByTerm();
  const ranefCovariances = likelihood.conditionalCovariancesByTerm();
  const gradient = new Float64Array(d);
  for (let k = 0; k < d; k++) gradient[k] = -optimum.gradient[k]!;
  const added = extra?.({ likelihood, optimum }) ?? {};
  const warnings = [...(added.warnings ?? [])];
  if (pirls.unconvergedClusters > 0) {
    warnings.push(`PIRLS did not reach its tolerance in ${pirls.unconvergedClusters} cluster(s) at the estimate`);
  }
  if (!optimum.converged) warnings.push(`optimiser stopped: ${optimum.message}`);
  // Penalised estimators keep variances away from zero by design; ML can end on the boundary.
  // For one scalar term fitted by Laplace: would adaptive quadrature (a better approximation) move θ̂?
  const scalarLaplace = nAGQ === 1 && frame.terms.length === 1 && frame.terms[0]!.q === 1;
  // (Not after a stop on a time or iteration limit: the probe costs a likelihood evaluation per SD.)
  const stopped = options.context?.signal?.aborted === true;
  const boundaryProbe =
    penalty === null && !stopped
      ? zeroVarianceParameters(frame, layout, likelihood, theta, logLik, objectiveInformation)
      : { zeroSds: [], singularTerms: [] };
  // Every fact in FitFacts order, absent ones as undefined: one object shape for buildFitResult.
  return buildFitResult({
    estimator,
    frame,
    layout,
    theta,
    logLik,
    objective: -optimum.value,
    gradient,
    objectiveInformation,
    covarianceInformation: added.covarianceInformation ?? objectiveInformation,
    ranef,
    ranefCovariances,
    converged: optimum.converged && pirls.unconvergedClusters === 0,
    iterations: optimum.iterations,
    ridgeAdded: optimum.maxRidge,
    approximation: approximationLabel(nAGQ),
    optimizer: optimum.optimizerLabel,
    warnings,
    extra: added.extra,
    penalised: penalty !== null,
    link,
    zeroVariance: boundaryProbe.zeroSds,
    singularTerms: boundaryProbe.singularTerms,
    quadratureShift: scalarLaplace && !stopped ? quadratureShiftOf(frame, link, theta) : undefined,
    standardErrorBasis: added.standardErrorBasis ?? likelihoodInformationBasis(nAGQ),
  });
}

/** quadratureShift at θ̂ as the boundary report calls it (given the standard errors). */
function quadratureShiftOf(frame: ModelFrame, link: LinkName, theta: Float64Array): (standardErrors: Float64Array) => number {
  return (se) => quadratureShift(frame, link, theta, se);
}
