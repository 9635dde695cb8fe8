/** Assemble a FitResult from an estimate θ̂ and what the fit learnt about it. */
import type { FitResult, ModelFrame, ParameterLayout, RandomEffectsTable } from "@glmmkit/core";
import { groupingFactors } from "@glmmkit/core";
import { boundaryReport } from "./boundary-flags.js";
import { termCovariances } from "./covariances.js";
import { dataReport } from "./data-report.js";
import { correlationMinEigenvalue, inverseIfPositiveDefinite, summariseInformation } from "./information.js";

/**
 * What an estimator knows at its optimum, from which the FitResult is built. An optional fact may be given as
 * undefined: the fits build every key, in this order, so that buildFitResult (called once per fit, and large)
 * sees one object shape and is not deoptimised and recompiled for each combination of facts.
 */
export interface FitFacts {
  readonly estimator: string;
  readonly frame: ModelFrame;
  readonly layout: ParameterLayout;
  readonly theta: Float64Array;
  readonly logLik: number;
  /** The maximised objective (logLik + penalties). */
  readonly objective: number;
  /** Gradient of the maximised objective at θ̂. */
  readonly gradient: Float64Array;
  /** Negative Hessian of the maximised objective at θ̂ (diagnostics: eigenvalues, condition). */
  readonly objectiveInformation: Float64Array;
  /** The information whose inverse gives the standard errors (the log-likelihood's for ML and MSPL). */
  readonly covarianceInformation: Float64Array;
  /** Conditional modes b (J × q, row-major) per term. */
  readonly ranef: readonly Float64Array[];
  /** Conditional covariances of b per term (levels × q × q), when the estimator has them. */
  readonly ranefCovariances?: readonly Float64Array[] | undefined;
  readonly converged: boolean;
  readonly iterations: number;
  readonly ridgeAdded: number;
  readonly approximation: string;
  readonly optimizer: string;
  readonly warnings?: readonly string[] | undefined;
  readonly extra?: Readonly<Record<string, unknown>> | undefined;
  /** True for penalised estimators (changes how weak identification is reported). */
  readonly penalised?: boolean | undefined;
  /** Binomial link (default "logit"). */
  readonly link?: string | undefined;
  /** Random-effect SDs whose maximum is on the boundary σ = 0 (see zero-variance-probe.ts). */
  readonly zeroVariance?: readonly string[] | undefined;
  /** Terms whose covariance is singular at the maximum (see zero-variance-probe.ts). */
  readonly singularTerms?: readonly number[] | undefined;
  /**
   * For one scalar term fitted by Laplace: how far (in standard errors) quadrature would move the estimate;
   * called only when the fit is flagged (it costs a few quadrature evaluations).
   */
  readonly quadratureShift?: ((standardErrors: Float64Array) => number) | undefined;
  /** Where the standard errors come from, in words (FitResult.standardErrorBasis). */
  readonly standardErrorBasis?: string | undefined;
}

/** √ of each level's conditional variances (levels × q, row-major) from levels × q × q blocks. */
function conditionalSds(covariances: Float64Array, q: number): Float64Array {
  const levels = covariances.length / (q * q);
  const out = new Float64Array(levels * q);
  for (let j = 0; j < levels; j++) for (let k = 0; k < q; k++) out[j * q + k] = Math.sqrt(covariances[j * q * q + k * q + k]!);
  return out;
}

/** max − min of a column, or max |x| when it is constant (the intercept). */
function columnRange(values: Float64Array): number {
  let low = Infinity;
  let high = -Infinity;
  let largest = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    low = Math.min(low, v);
    high = Math.max(high, v);
    largest = Math.max(largest, Math.abs(v));
  }
  return high > low ? high - low : largest;
}

/** max |values[i·stride + offset]| over i < n: the largest |z_ik| of column k of a term's Z. */
function columnScale(values: Float64Array, stride: number, offset: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s = Math.max(s, Math.abs(values[i * stride + offset]!));
  return s;
}

// range(x_k) (max |x_k| for a constant column) and max |z_ik|: |β_k|·range(x_k) is how far the coefficient
// moves η across the data, the same whatever the units of x (likewise an SD times max |z|), so the
// thresholds of the boundary report do not depend on scaling. Module functions and loops, not closures made
// per fit: a fresh closure loses its optimised code at each full GC and is compiled again.

function betaScales(frame: ModelFrame): number[] {
  const scales: number[] = [];
  for (let k = 0; k < frame.betaNames.length; k++) scales.push(columnRange(frame.X.subarray(k * frame.n, (k + 1) * frame.n)));
  return scales;
}

function sdScales(frame: ModelFrame): number[][] {
  const scales: number[][] = [];
  for (const term of frame.terms) {
    const termScales: number[] = [];
    for (let k = 0; k < term.termNames.length; k++) termScales.push(columnScale(term.Z, term.q, k, frame.n));
    scales.push(termScales);
  }
  return scales;
}

/** The number of rows of each level of each term, term after term. */
function clusterSizes(frame: ModelFrame): number[] {
  const sizes: number[] = [];
  for (const term of frame.terms) {
    const counts = new Int32Array(term.levels.length);
    for (let i = 0; i < frame.n; i++) counts[term.groupIndex[i]!]!++;
    // One push per cluster: push(...counts) passes one argument per cluster and overflowed the stack at 128 000.
    for (const c of counts) sizes.push(c);
  }
  return sizes;
}

/** The boundary report's quadrature probe at these standard errors (called only when a fit is flagged). */
function quadratureShiftAt(shift: (standardErrors: Float64Array) => number, se: Float64Array): () => number {
  return () => shift(se);
}

/** The conditional modes of each term, as the FitResult reports them. */
function ranefTables(frame: ModelFrame, f: FitFacts): RandomEffectsTable[] {
  const tables: RandomEffectsTable[] = [];
  for (let t = 0; t < frame.terms.length; t++) {
    const term = frame.terms[t]!;
    const covariances = f.ranefCovariances?.[t];
    tables.push({
      group: term.group,
      termNames: term.termNames,
      levels: term.levels,
      values: f.ranef[t] ?? new Float64Array(term.levels.length * term.q),
      ...(covariances === undefined ? {} : { conditionalSd: conditionalSds(covariances, term.q) }),
    });
  }
  return tables;
}

/** The FitResult of an optimum: estimates, covariances, random effects and diagnostics. */
export function buildFitResult(f: FitFacts): FitResult {
  const { frame, layout, theta } = f;
  const d = layout.dim;
  const p = layout.p;
  const beta = theta.slice(0, p);
  const psi = theta.slice(p);
  const covariances = termCovariances(frame, layout, theta);
  const objectiveInfo = summariseInformation(f.objectiveInformation, d);
  // Only the inverse of the covariance information is needed (its eigenvalues are not reported).
  const vcov =
    f.covarianceInformation === f.objectiveInformation
      ? objectiveInfo.inverse
      : inverseIfPositiveDefinite(f.covarianceInformation, d);
  const se = new Float64Array(d).fill(Number.NaN);
  if (vcov !== null) for (let k = 0; k < d; k++) se[k] = Math.sqrt(vcov[k * d + k]!);
  let maxAbsGradient = 0;
  for (let k = 0; k < d; k++) maxAbsGradient = Math.max(maxAbsGradient, Math.abs(f.gradient[k]!));

  const boundary = boundaryReport({
    betaNames: frame.betaNames,
    beta,
    betaStdErrors: se.subarray(0, p),
    covariances,
    informationCondition: objectiveInfo.condition,
    informationMinEigenvalue: objectiveInfo.minEigenvalue,
    correlationMinEigenvalue: vcov === null ? Number.NaN : correlationMinEigenvalue(vcov, d),
    clusterSizes: clusterSizes(frame),
    betaScales: betaScales(frame),
    sdScales: sdScales(frame),
    zeroVariance: f.zeroVariance ?? [],
    singularTerms: f.singularTerms ?? [],
    quadratureShift: f.quadratureShift === undefined ? undefined : quadratureShiftAt(f.quadratureShift, se),
    penalised: f.penalised === true,
  });
  const warnings = [...(f.warnings ?? [])];
  if (!f.converged) {
    warnings.unshift(`the optimiser did not converge: max |gradient| = ${maxAbsGradient.toExponential(2)}`);
  }
  if (vcov === null) warnings.push("the information matrix is not positive definite: standard errors are unavailable");
  for (const w of boundary.warnings) warnings.push(w);

  const ranef = ranefTables(frame, f);

  return {
    estimator: f.estimator,
    link: f.link ?? "logit",
    formula: frame.formula,
    n: frame.n,
    data: dataReport(frame),
    groups: groupingFactors(frame),
    beta,
    betaNames: frame.betaNames,
    psi,
    covariances,
    vcov,
    betaStdErrors: se.slice(0, p),
    psiStdErrors: se.slice(p),
    logLik: f.logLik,
    df: d,
    objective: f.objective,
    ranef,
    converged: f.converged,
    iterations: f.iterations,
    ...(frame.design === undefined ? {} : { design: frame.design }),
    ...(f.standardErrorBasis === undefined ? {} : { standardErrorBasis: f.standardErrorBasis }),
    diagnostics: {
      maxAbsGradient,
      hessianMinEigenvalue: objectiveInfo.minEigenvalue,
      hessianCondition: objectiveInfo.condition,
      ridgeAdded: f.ridgeAdded,
      approximation: f.approximation,
      optimizer: f.optimizer,
      boundary: boundary.flags,
      separation: null,
      warnings,
      ...(f.extra === undefined ? {} : { extra: f.extra }),
    },
  };
}
