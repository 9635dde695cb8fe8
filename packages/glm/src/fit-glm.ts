/**
 * The one binomial GLM engine: y_i ~ Bin(m_i, G(η_i)), η = offset + Xβ, for any of the five links, by
 *  - maximum likelihood (IRLS / Fisher scoring with QR, irls.ts) — R's glm;
 *  - ML with a ridge −½ Σ λ_k β_k² (finite even under separation: the GLMM starting values);
 *  - the Jeffreys-prior penalty a log det(XᵀWX) (Kosmidis & Firth 2021) by JeffreysMPL (jeffreys-mpl.ts).
 * Prior weights w_i multiply each row's log-likelihood, w_i [y_i log μ_i + (m_i − y_i) log(1 − μ_i)], which
 * is the likelihood of w_i y_i successes in w_i m_i trials, so they are folded into the counts; only the
 * constant keeps them apart, Σ w_i log C(m_i, y_i) (R's binomial family with counts and weights).
 * Standard errors: (RᵀR)⁻¹ from the QR of W^{1/2}X at the estimate (W the expected information; with a
 * ridge, [W^{1/2}X; Λ^{1/2}]), as glm and brglm2 report them.
 */
import { householderQr, inverseCrossProductFromQr } from "@glmmkit/linalg";
import { binomialLink, logChoose, newLinkEvaluation, type BinomialLink, type LinkName } from "@glmmkit/math";
import {
  binomialConstant,
  binomialLogLikKernel,
  checkFullColumnRank,
  fittedAtBoundary,
  columnSupports,
  disjointColumns,
  linearPredictor,
  validateBinomialData,
  validateOffset,
  type BinomialData,
  type BinomialDesign,
} from "./binomial-likelihood.js";
import { fisherScoring, ScoringWorkspace } from "./irls.js";
import { adjustResponses, jeffreysMpl, jeffreysNewton, jeffreysProblem, penalisedScoreOf } from "./jeffreys-mpl.js";

export interface GlmProblem {
  readonly design: BinomialDesign;
  /** Successes (real values allowed, 0 ≤ y ≤ trials). */
  readonly y: Float64Array;
  readonly trials: Float64Array;
  /** Known part of η (default none). */
  readonly offset?: Float64Array;
  /** Prior weights (≥ 0) multiplying each row's log-likelihood (default 1). */
  readonly weights?: Float64Array;
  /** Default "logit". */
  readonly link?: LinkName | BinomialLink;
  /** a > 0: maximise ℓ + a log det(XᵀWX) (Jeffreys' prior to the power a; a = ½ is Firth's for logit). */
  readonly jeffreysPower?: number;
  /** Per-coefficient ridge strengths λ_k ≥ 0: maximise ℓ − ½ Σ λ_k β_k² (not with jeffreysPower). */
  readonly ridge?: Float64Array;
  /** Starting β (length p); default 0 (JeffreysMPL: the ML fit to y + 0.01, m + 0.02). */
  readonly start?: Float64Array;
  /** Iteration limit (default 100 for ML, 1000 JeffreysMPL refits). */
  readonly maxIterations?: number;
  /** Convergence when max |score of the maximised objective| ≤ tolerance (default 1e-10). */
  readonly tolerance?: number;
  /** For checks: solve the Jeffreys-penalised problem by Newton on l† instead of JeffreysMPL. */
  readonly jeffreysAlgorithm?: "JeffreysMPL" | "newton";
  /** Compute vcov and se (default true; a start needs only β, and the extra QR costs an IRLS step). */
  readonly standardErrors?: boolean;
  /** The caller has checked that X has full column rank (a model frame has): skip the check. */
  readonly fullRank?: boolean;
  /** ML and ridge: how each scoring step is solved (irls.ts; default "qr", R's glm.fit). */
  readonly scoringDirection?: "qr" | "normal-equations";
}

export interface GlmFit {
  readonly beta: Float64Array;
  /** √diag of vcov. */
  readonly se: Float64Array;
  /** (RᵀR)⁻¹ (p × p, column-major): the inverse expected information at the estimate (NaN if singular). */
  readonly vcov: Float64Array;
  /** Binomial log-likelihood at the estimate, with Σ w log C(m, y). */
  readonly logLik: number;
  /** The maximised objective: logLik plus the penalty (equal to logLik for ML). */
  readonly objective: number;
  readonly iterations: number;
  readonly converged: boolean;
  /** max |score of the maximised objective| at the estimate. */
  readonly maxAbsScore: number;
  /** The score of the maximised objective at the estimate (length p). */
  readonly score: Float64Array;
  /**
   * Rows (with m > 0) whose fitted μ or 1 − μ is below 1e-10: the symptom R's glm warns about ("fitted
   * probabilities numerically 0 or 1"), typically of separation, where a "converged" score hides
   * coefficients drifting to ±∞ (their `se` is then huge as well). NaN without standard errors.
   */
  readonly fittedAtBoundary: number;
  readonly link: LinkName;
  readonly method: "ML" | "ridge" | "JeffreysMPL" | "Jeffreys (Newton)";
}

interface Prepared {
  readonly data: BinomialData;
  readonly constant: number;
}

function prepare(problem: GlmProblem, what: string): Prepared {
  const { y, trials, weights } = problem;
  const { X, n, p } = problem.design;
  validateBinomialData(X, n, p, y, trials, problem.offset, what);
  if (weights !== undefined) {
    if (weights.length < n) throw new Error(`${what}: the weights must have length n = ${n}`);
    for (let i = 0; i < n; i++) {
      if (!(weights[i]! >= 0) || !Number.isFinite(weights[i]!)) throw new Error(`${what}: row ${i + 1} has weight ${weights[i]}`);
    }
  }
  if (problem.fullRank !== true) checkFullColumnRank(X, n, p, what);
  if (problem.start !== undefined && problem.start.length !== p) {
    throw new Error(`${what}: start has length ${problem.start.length}, expected p = ${p}`);
  }
  const link = binomialLink(problem.link ?? "logit");
  const offset = problem.offset ?? new Float64Array(n);
  const columnSupport = columnSupports(X, n, p);
  const design = { X, n, p, columnSupport, disjointColumns: disjointColumns(X, n, p, columnSupport) };
  if (weights === undefined) return { data: { design, y, trials, offset, link }, constant: binomialConstant(y, trials, n) };
  let constant = 0;
  const scaledY = new Float64Array(n);
  const scaledTrials = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    scaledY[i] = weights[i]! * y[i]!;
    scaledTrials[i] = weights[i]! * trials[i]!;
    if (weights[i]! > 0) constant += weights[i]! * logChoose(trials[i]!, y[i]!);
  }
  return { data: { design, y: scaledY, trials: scaledTrials, offset, link }, constant };
}

/** (RᵀR)⁻¹ from the QR of W^{1/2}X (stacked on Λ^{1/2} with a ridge), NaN when singular. */
function inverseInformation(data: BinomialData, beta: Float64Array, ridge: Float64Array | null): Float64Array {
  const { X, n, p } = data.design;
  const eta = new Float64Array(n);
  linearPredictor(data, beta, eta);
  const rows = n + (ridge === null ? 0 : p);
  const A = new Float64Array(rows * p);
  const v = newLinkEvaluation();
  for (let i = 0; i < n; i++) {
    data.link.evaluate(eta[i]!, v);
    const root = Math.sqrt(data.trials[i]!) * Math.exp(0.5 * v.logOmega);
    for (let k = 0; k < p; k++) A[k * rows + i] = root * X[k * n + i]!;
  }
  if (ridge !== null) for (let k = 0; k < p; k++) A[k * rows + n + k] = Math.sqrt(ridge[k]!);
  const qr = householderQr(A, rows, p);
  return qr === null ? new Float64Array(p * p).fill(Number.NaN) : inverseCrossProductFromQr(qr);
}

/** Fit a binomial GLM (ML, ridge or Jeffreys-penalised); non-convergence is reported, not thrown. */
export function fitGlm(problem: GlmProblem): GlmFit {
  const what = "fitGlm";
  const { data, constant } = prepare(problem, what);
  const { p } = data.design;
  const tolerance = problem.tolerance ?? 1e-10;
  const a = problem.jeffreysPower;
  if (a !== undefined) {
    if (problem.ridge !== undefined) throw new Error(`${what}: a ridge and the Jeffreys penalty cannot be combined`);
    const jp = jeffreysProblem(data, a);
    const newton = problem.jeffreysAlgorithm === "newton";
    const solution = newton
      ? jeffreysNewton(jp, problem.start, tolerance, problem.maxIterations ?? 200)
      : jeffreysMpl(jp, problem.start, tolerance, problem.maxIterations ?? 1000);
    const logLik = constant + binomialLogLikKernel(data, solution.beta);
    const score = new Float64Array(p);
    penalisedScoreOf(jp, solution.beta, score);
    return finish(data, solution.beta, null, problem.standardErrors !== false, {
      score,
      logLik,
      objective: logLik + jp.penalty.value(solution.beta),
      iterations: solution.iterations,
      maxAbsScore: solution.maxAbsScore,
      converged: solution.maxAbsScore <= tolerance,
      method: newton ? "Jeffreys (Newton)" : "JeffreysMPL",
    });
  }
  return maximumLikelihood(data, constant, problem, null);
}

/** The options of an ML or ridge fit, which `GlmWorkspace` fixes once for all its fits. */
export type GlmWorkspaceProblem = Omit<GlmProblem, "offset" | "start" | "jeffreysPower" | "jeffreysAlgorithm">;

/**
 * Repeated ML (or ridge) fits of one design whose offset and start change between fits — IMSA's β M-step
 * refits the GLM with offset Zb for every chain and iteration. The data, weights, ridge and rank are checked
 * once here, and Fisher scoring reuses one set of n-vectors; each fit is the same arithmetic as `fitGlm` on
 * the same problem, so the results agree to the bit. One fit at a time per workspace.
 */
export class GlmWorkspace {
  private readonly prepared: Prepared;
  private readonly work: ScoringWorkspace;

  constructor(private readonly problem: GlmWorkspaceProblem) {
    this.prepared = prepare(problem, "GlmWorkspace");
    const { n, p } = problem.design;
    const ridge = problem.ridge ?? null;
    checkRidge(ridge, p, "GlmWorkspace");
    this.work = new ScoringWorkspace(n, p, ridge !== null);
  }

  /** The fit with this offset (default none) from this start (default 0); non-convergence is reported. */
  fit(offset?: Float64Array, start?: Float64Array): GlmFit {
    const what = "GlmWorkspace.fit";
    const { data, constant } = this.prepared;
    const { n, p } = data.design;
    if (offset !== undefined) validateOffset(offset, n, what);
    if (start !== undefined && start.length !== p) throw new Error(`${what}: start has length ${start.length}, expected p = ${p}`);
    const withOffset = offset === undefined ? data : { ...data, offset };
    return maximumLikelihood(withOffset, constant, start === undefined ? this.problem : { ...this.problem, start }, this.work);
  }
}

function checkRidge(ridge: Float64Array | null, p: number, what: string): void {
  if (ridge === null) return;
  if (ridge.length !== p) throw new Error(`${what}: ridge has length ${ridge.length}, expected p = ${p}`);
  for (let k = 0; k < p; k++) if (!(ridge[k]! >= 0)) throw new Error(`${what}: ridge strength ${k + 1} is ${ridge[k]}`);
}

/** ML or ridge by Fisher scoring (irls.ts), in `work` when given. */
function maximumLikelihood(data: BinomialData, constant: number, problem: GlmWorkspaceProblem & Pick<GlmProblem, "start">, work: ScoringWorkspace | null): GlmFit {
  const { p } = data.design;
  const ridge = problem.ridge ?? null;
  if (work === null) checkRidge(ridge, p, "fitGlm");
  const scoringOptions = {
    maxIterations: problem.maxIterations ?? 100,
    tolerance: problem.tolerance ?? 1e-10,
    ridge,
    direction: problem.scoringDirection ?? "qr",
  };
  const start = problem.start ?? new Float64Array(p);
  const scoring = work === null ? fisherScoring(data, start, scoringOptions) : fisherScoring(data, start, scoringOptions, work);
  // The objective is the kernel minus the ridge: add the ridge back for the log-likelihood (no extra pass).
  let ridgeValue = 0;
  if (ridge !== null) for (let k = 0; k < p; k++) ridgeValue += 0.5 * ridge[k]! * scoring.beta[k]! * scoring.beta[k]!;
  const logLik = constant + scoring.objective + ridgeValue;
  return finish(data, scoring.beta, ridge, problem.standardErrors !== false, {
    score: scoring.score,
    logLik,
    objective: constant + scoring.objective,
    iterations: scoring.iterations,
    maxAbsScore: scoring.maxAbsScore,
    converged: scoring.converged,
    method: ridge === null ? "ML" : "ridge",
  });
}

function finish(
  data: BinomialData,
  beta: Float64Array,
  ridge: Float64Array | null,
  standardErrors: boolean,
  facts: Pick<GlmFit, "logLik" | "objective" | "iterations" | "maxAbsScore" | "converged" | "method" | "score">,
): GlmFit {
  const p = data.design.p;
  const vcov = standardErrors ? inverseInformation(data, beta, ridge) : new Float64Array(p * p).fill(Number.NaN);
  const se = new Float64Array(p);
  for (let k = 0; k < p; k++) se[k] = Math.sqrt(vcov[k * p + k]!);
  const boundary = standardErrors ? fittedAtBoundary(data, beta) : Number.NaN;
  return { beta, se, vcov, ...facts, fittedAtBoundary: boundary, link: data.link.name };
}

/** ∂l†/∂β = U(β) + a ∇ log det(XᵀWX) (K&F 2021, eq. 5) at β. */
export function jeffreysPenalisedScore(problem: GlmProblem, beta: Float64Array): Float64Array {
  const { data } = prepare(problem, "jeffreysPenalisedScore");
  const out = new Float64Array(data.design.p);
  penalisedScoreOf(jeffreysProblem(data, problem.jeffreysPower ?? 0.5), beta, out);
  return out;
}

/** The adjusted responses and totals of JeffreysMPL (K&F 2021, eq. 6 with Theorem 3's c) at β. */
export function jeffreysAdjustedResponses(problem: GlmProblem, beta: Float64Array): { y: Float64Array; trials: Float64Array } {
  const { data } = prepare(problem, "jeffreysAdjustedResponses");
  const n = data.design.n;
  const y = new Float64Array(n);
  const trials = new Float64Array(n);
  adjustResponses(jeffreysProblem(data, problem.jeffreysPower ?? 0.5), beta, y, trials);
  return { y, trials };
}
