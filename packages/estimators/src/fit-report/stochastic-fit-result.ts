/**
 * The FitResult of an estimator that maximises nothing (a sampler, a stochastic approximation): the
 * estimate θ = (β, ψ), a covariance of it (posterior, or Algorithm 6's), the Laplace log-likelihood at θ for
 * comparison, the random effects, and the estimator's typed report. No gradient, Hessian or ridge to report.
 */
import type { EstimatorKind, FitResult, ModelFrame, RandomEffectsTable, SamplingReport, StochasticApproximationReport } from "@glmmkit/core";
import { groupingFactors, parameterLayout } from "@glmmkit/core";
import { termCovariances } from "./covariances.js";
import { dataReport } from "./data-report.js";

export interface StochasticFitFacts {
  readonly estimator: string;
  readonly kind: EstimatorKind;
  readonly frame: ModelFrame;
  readonly theta: Float64Array;
  /** Covariance of θ (dim × dim), or null. */
  readonly vcov: Float64Array | null;
  readonly logLik: number;
  readonly ranef: RandomEffectsTable[];
  readonly converged: boolean;
  readonly iterations: number;
  readonly approximation: string;
  readonly optimizer: string;
  readonly warnings: readonly string[];
  /** How `vcov` was obtained, in words (FitResult.standardErrorBasis). */
  readonly standardErrorBasis: string;
  readonly sampling?: SamplingReport;
  readonly stochasticApproximation?: StochasticApproximationReport;
}

export function stochasticFitResult(f: StochasticFitFacts): FitResult {
  const { frame, theta, vcov } = f;
  const layout = parameterLayout(frame);
  const d = layout.dim;
  const p = frame.p;
  const se = Float64Array.from({ length: d }, (_, k) => (vcov === null ? Number.NaN : Math.sqrt(vcov[k * d + k])));
  return {
    estimator: f.estimator,
    kind: f.kind,
    link: "logit",
    formula: frame.formula,
    n: frame.n,
    data: dataReport(frame),
    groups: groupingFactors(frame),
    beta: theta.slice(0, p),
    betaNames: frame.betaNames,
    psi: theta.slice(p),
    covariances: termCovariances(frame, layout, theta),
    vcov,
    betaStdErrors: se.slice(0, p),
    psiStdErrors: se.slice(p),
    logLik: f.logLik,
    df: d,
    objective: f.logLik,
    ranef: f.ranef,
    converged: f.converged,
    iterations: f.iterations,
    ...(frame.design === undefined ? {} : { design: frame.design }),
    diagnostics: {
      maxAbsGradient: Number.NaN,
      hessianMinEigenvalue: Number.NaN,
      hessianCondition: Number.NaN,
      ridgeAdded: 0,
      approximation: f.approximation,
      optimizer: f.optimizer,
      boundary: [],
      separation: null,
      warnings: f.warnings,
    },
    standardErrorBasis: f.standardErrorBasis,
    ...(f.sampling === undefined ? {} : { sampling: f.sampling }),
    ...(f.stochasticApproximation === undefined ? {} : { stochasticApproximation: f.stochasticApproximation }),
  };
}
