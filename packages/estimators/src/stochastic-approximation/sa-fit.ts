/**
 * The fit shared by `imsa` and `scoresa`: set up the GLMM problem (glmm-sa-problem.ts), run the
 * stochastic-approximation driver of @glmmkit/optimizers for the fixed budget, then report θ̂ = (β̂, ψ̂), the
 * Algorithm-6 covariance (IMSA) carried to (β, ψ) by the delta method, the Laplace log-likelihood and
 * conditional modes at θ̂ (for comparison with the likelihood fits; the SA estimate itself is not the Laplace
 * optimum), the monitor of Appendix A and, on request, the per-iteration trace.
 */
import type { FitContext, FitResult, ModelFrame, StochasticApproximationReport } from "@glmmkit/core";
import { isStopped, parameterLayout, stopReason, termLabels } from "@glmmkit/core";
import { GlmmLikelihood } from "@glmmkit/laplace";
import { cappedHarmonicGain, harmonicGain, runStochasticApproximation } from "@glmmkit/optimizers";
import { stochasticFitResult } from "../fit-report/stochastic-fit-result.js";
import { startingValues } from "../ml/starting-values.js";
import { GlmmSaProblem, type SaChainRunner } from "./glmm-sa-problem.js";
import { SaChainGroup, type BetaMaximiser, type SaChainSettings } from "./sa-chain-group.js";
import { DEFAULT_SCORESA_T0, type ResolvedSaOptions } from "./sa-options.js";
import { SaParameterLayout, type VarianceScale } from "./sa-parameter-layout.js";
import { lockstepChainRunner } from "./sa-lockstep.js";

export interface SaFitSpec {
  readonly estimator: "imsa" | "scoresa";
  readonly scale: VarianceScale;
  /** ScoreSA's t0 (γ_t = min(1/t, 1/t0)). */
  readonly t0?: number;
  readonly maximiseBeta?: BetaMaximiser;
  /** Fraction of the run before Algorithm 6 accumulates (IMSA). */
  readonly standardErrorBurnIn?: number;
}

/** The seed used when the caller gives none. */
const DEFAULT_SA_SEED = "1";
/** How many checkpoints of the rolling monitor the summary prints. */
const CHECKPOINTS = 10;

function methodName(spec: SaFitSpec): string {
  if (spec.estimator === "scoresa") return `ScoreSA (t0 = ${spec.t0 ?? DEFAULT_SCORESA_T0})`;
  return spec.scale === "variance" ? "IMSA" : "IMSA-log";
}

function mStepLines(frame: ModelFrame, spec: SaFitSpec): string[] {
  if (spec.estimator === "scoresa") {
    return ["none: θ_t = θ_{t−1} + γ_t × the complete-data score at θ_{t−1} on (β, log σ / log-Cholesky)"];
  }
  const labels = termLabels(frame);
  const lines = ["β† = the ML fit of the GLM of y on X with offset Zb (one per chain), averaged over chains"];
  frame.terms.forEach((term, t) => {
    const J = term.levels.length;
    lines.push(
      term.q === 1
        ? `σ²†(${labels[t]}) = bᵀb / J with J = ${J}${spec.scale === "log-sd" ? ", averaged as ½ log σ²†" : ""}`
        : `Σ†(${labels[t]}) = (1/J) Σ_j b_j b_jᵀ with J = ${J} (a q = ${term.q} correlated term)${spec.scale === "log-sd" ? ", averaged on its log-Cholesky scale" : ", averaged entrywise"}`,
    );
  });
  return lines;
}

export function fitByStochasticApproximation(frame: ModelFrame, spec: SaFitSpec, options: ResolvedSaOptions, context?: FitContext): FitResult {
  const thetaLayout = parameterLayout(frame);
  const layout = new SaParameterLayout(frame, spec.scale);
  const d = layout.dim;
  const seed = context?.seed ?? DEFAULT_SA_SEED;
  const T = options.iterations;
  const burnIn = spec.estimator === "imsa" ? Math.floor((spec.standardErrorBurnIn ?? 0.5) * T) : null;
  const settings: SaChainSettings = {
    rule: spec.estimator,
    chains: options.chains,
    malaSteps: options.malaSteps,
    preconditionAfter: options.preconditionAfter,
    targetAcceptance: options.targetAcceptance,
    seed,
  };
  const executor = context?.chainExecutor;
  const runner =
    executor?.openLockstep !== undefined && executor.threads > 1 && options.chains > 1
      ? lockstepChainRunner(executor, { frame, scale: spec.scale, settings })
      : localChainRunner(new SaChainGroup(frame, layout, settings, Array.from({ length: options.chains }, (_, j) => j), spec.maximiseBeta));
  const problem = new GlmmSaProblem(d, options.chains, runner, burnIn);
  const start = new Float64Array(d);
  layout.fromTheta(options.start ?? startingValues(frame, thetaLayout), start);
  const acceptanceTrace = options.trace ? new Float64Array(T) : null;
  const every = Math.max(1, Math.floor(T / 100));
  // The runner holds worker threads when the chains run elsewhere: closed whatever happens in the run.
  let run: ReturnType<typeof runStochasticApproximation>;
  let chainStatistics: ReturnType<SaChainRunner["statistics"]>;
  try {
    run = runStochasticApproximation(problem, start, {
      rule: spec.estimator,
      iterations: T,
      gain: spec.estimator === "scoresa" ? cappedHarmonicGain(spec.t0 ?? DEFAULT_SCORESA_T0) : harmonicGain,
      recordTrace: options.trace,
      onIteration: (info) => {
        context?.onIteration?.();
        if (acceptanceTrace !== null) acceptanceTrace[info.t - 1] = problem.lastAcceptance;
        if (context?.onProgress !== undefined && info.t % every === 0) {
          const rolling = Number.isNaN(info.rollingMean) ? "" : `, monitor ${info.rollingMean.toPrecision(3)}`;
          context.onProgress(`${spec.estimator}: iteration ${info.t}/${T}${rolling}`);
        }
        // A time limit or an iteration budget of the whole fit (FitContext.signal) ends the run here.
        return !isStopped(context);
      },
    });
    chainStatistics = runner.statistics();
  } finally {
    runner.close();
  }
  const warnings: string[] = [];
  if (run.stoppedEarly) warnings.push(`stopped after ${run.iterations} of ${T} iterations: ${stopReason(context?.signal)}`);
  let theta = new Float64Array(d);
  let estimable = !run.nonFinite;
  try {
    layout.toTheta(run.theta, theta);
  } catch {
    estimable = false;
  }
  if (!estimable) {
    const why = problem.failure === null ? "" : ` (${problem.failure})`;
    warnings.push(`the iterates left the parameter space at iteration ${run.iterations} (non-finite or not positive definite)${why}: no estimate`);
    theta = new Float64Array(d).fill(Number.NaN);
  }
  // Algorithm 6's covariance on the SA scale, carried to (β, ψ): V_θ = J V_SA Jᵀ.
  let vcov: Float64Array | null = null;
  const louisCovariance = estimable ? (problem.louis?.covariance() ?? null) : null;
  if (spec.estimator === "imsa" && estimable && louisCovariance === null) {
    warnings.push("Algorithm 6's observed information H̄(I − R̄H̄) is not positive definite: no standard errors");
  }
  if (louisCovariance !== null) {
    const J = new Float64Array(d * d);
    layout.jacobianToTheta(run.theta, J);
    vcov = new Float64Array(d * d);
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        let s = 0;
        for (let k = 0; k < d; k++) {
          const jak = J[k * d + a];
          if (jak === 0) continue;
          for (let l = 0; l < d; l++) s += jak * louisCovariance[l * d + k] * J[l * d + b];
        }
        vcov[b * d + a] = s;
      }
    }
  }
  const monitor = run.monitor;
  if (!monitor.converged) {
    warnings.push(
      Number.isFinite(monitor.minimumRollingMean)
        ? `the monitor ‖mean of the last ${monitor.window} updates‖∞ never fell below ${monitor.threshold} (smallest ${monitor.minimumRollingMean.toPrecision(3)}): not converged within ${run.iterations} iterations`
        : `the run (${run.iterations} iterations) is shorter than the monitor's window of ${monitor.window} updates: convergence not assessed`,
    );
  }

  const likelihood = new GlmmLikelihood(frame);
  const logLik = estimable ? likelihood.logLik(theta) : Number.NaN;
  const modes = estimable ? likelihood.conditionalModesByTerm() : frame.terms.map((t) => new Float64Array(t.levels.length * t.q).fill(Number.NaN));
  const conditionalCovariances = estimable ? likelihood.conditionalCovariancesByTerm() : null;
  const ranef = frame.terms.map((term, t) => {
    const values = modes[t]!;
    const conditionalSd = new Float64Array(values.length);
    const q = term.q;
    const C = conditionalCovariances?.[t];
    for (let j = 0; j < term.levels.length; j++) for (let k = 0; k < q; k++) conditionalSd[j * q + k] = C === undefined ? Number.NaN : Math.sqrt(C[j * q * q + k * q + k]);
    return { group: term.group, termNames: term.termNames, levels: term.levels, values, conditionalSd };
  });

  const checkpoints: [number, number][] = [];
  const step = Math.max(1, Math.floor(run.iterations / CHECKPOINTS));
  for (let t = step; t <= run.iterations; t += step) {
    const v = run.rollingMeans[t - 1];
    if (v !== undefined && !Number.isNaN(v)) checkpoints.push([t, v]);
  }
  const report: StochasticApproximationReport = {
    method: methodName(spec),
    seed,
    iterations: run.iterations,
    chains: options.chains,
    malaSteps: options.malaSteps,
    preconditionAfter: options.preconditionAfter,
    gain: spec.estimator === "scoresa" && (spec.t0 ?? DEFAULT_SCORESA_T0) > 1 ? `min(1/t, 1/${spec.t0 ?? DEFAULT_SCORESA_T0})` : "1/t",
    scale: spec.scale,
    mStep: mStepLines(frame, spec),
    standardErrors:
      spec.estimator === "imsa"
        ? `Algorithm 6 (Louis' identity): H̄(I − R̄H̄) over the last ${T - burnIn!} iterations (ρ_t = λ_t = ν_t = 1/k), R̄ = ${options.chains} × the covariance of the chain-averaged increment; delta method to (β, ψ)`
        : "not computed (Algorithm 6 is IMSA's)",
    monitor: {
      window: monitor.window,
      threshold: monitor.threshold,
      minimumRollingMean: monitor.minimumRollingMean,
      convergedAt: monitor.convergedAt,
      checkpoints,
    },
    acceptance: chainStatistics.acceptance,
    stepSizes: chainStatistics.stepSizes,
    ...(run.trace === null
      ? {}
      : {
          trace: {
            names: layout.names,
            theta: Array.from({ length: run.iterations }, (_, t) => Array.from(run.trace!.subarray(t * d, (t + 1) * d))),
            norms: Array.from(run.norms),
            rollingMeans: Array.from(run.rollingMeans),
            acceptance: Array.from(acceptanceTrace!.subarray(0, run.iterations)),
          },
        }),
  };
  return stochasticFitResult({
    estimator: spec.estimator,
    kind: "stochastic-approximation",
    frame,
    theta,
    vcov,
    logLik,
    ranef,
    converged: estimable && monitor.converged && !run.stoppedEarly,
    iterations: run.iterations,
    approximation: `stochastic approximation (${methodName(spec)}); logLik: Laplace at the estimate`,
    optimizer: methodName(spec),
    warnings,
    standardErrorBasis: report.standardErrors,
    stochasticApproximation: report,
  });
}

/** All chains in this thread. */
function localChainRunner(group: SaChainGroup): SaChainRunner {
  return {
    iterate: (sa, t, withInformation) => group.iterate(sa, t, withInformation),
    statistics: () => {
      const all = group.chainIndices.map((_, g) => group.chainStatistics(g));
      return { acceptance: all.map((s) => s.acceptance), stepSizes: all.map((s) => s.stepSize) };
    },
    close: () => {},
  };
}
