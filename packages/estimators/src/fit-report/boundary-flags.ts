/**
 * Boundary and flatness findings for a fitted GLMM, in the words a user needs: which parameter, what is
 * wrong, and what to do. Thresholds follow common practice: lme4 calls a fit singular when a relative
 * Cholesky diagonal is below 1e-4; a random-effect SD above 5 on the η scale means clusters are almost
 * perfectly predicted (odds ratios between clusters beyond e^10); a coefficient that moves η by more than 8
 * across its covariate's range (fitted probabilities within 3e-4 of 0 or 1) with |z| < 3 is not pinned
 * down by the data. Sizes are stated and judged on the η scale (|β|·range(x), SD·max |z|), so the flags do
 * not change when a covariate is rescaled. Whether a warning is warranted is decided with the evidence the
 * fit has: the post-fit divergence check clears weak identification that re-fits show to be stable
 * (separation-findings.ts), and for one scalar term fitted by Laplace the gap to adaptive quadrature at the
 * estimate says whether another approximation would change the answer.
 * "Flat" needs such weakly identified coefficients together with a very large SD or a near-singular
 * information (smallest eigenvalue of the estimates' correlation matrix below 0.1): the signature of the
 * Culcita data without its atypical row, whose likelihood is nearly flat along a diverging direction.
 */
import type { BoundaryFlag, Covariance } from "@glmmkit/core";
import { choleskyInPlace, symmetricEigenvalues } from "@glmmkit/linalg";

/** A quadrature Newton step longer than this many standard errors means another approximation would change the answer. */
const QUADRATURE_SHIFT = 0.25;

/** How the flat-likelihood warning begins (the divergence check recognises it). */
export const FLAT_WARNING_START = "the likelihood is nearly flat at this estimate";

export const FLAT_ADVICE =
  "use adaptive quadrature (--nagq 25 or more, for a single scalar random effect, and check that the estimates agree at a larger nAGQ) or a penalised estimator (--estimator mspl or entropy) for finite, stable estimates";

export interface BoundaryInput {
  readonly betaNames: readonly string[];
  readonly beta: Float64Array;
  readonly betaStdErrors: Float64Array;
  readonly covariances: readonly Covariance[];
  readonly informationCondition: number;
  readonly informationMinEigenvalue: number;
  /** Smallest eigenvalue of the correlation matrix of the estimates (scale-free; NaN when vcov is missing). */
  readonly correlationMinEigenvalue: number;
  readonly clusterSizes: readonly number[];
  /** A penalised estimate: finite by construction, so weak identification is reported without flatness advice. */
  readonly penalised?: boolean;
  /** max |x_ik| of each X column: |β_k|·scale_k is the coefficient's largest contribution to η. */
  readonly betaScales?: readonly number[];
  /** Per term, max |z_ik| of each Z column: σ_k·scale_k is the effect's largest SD on the η scale. */
  readonly sdScales?: readonly (readonly number[])[];
  /** SDs whose maximum is at σ = 0 (probed on the likelihood). */
  readonly zeroVariance?: readonly string[];
  /** For one scalar term fitted by Laplace: quadrature's Newton step from the estimate, in standard errors. */
  readonly quadratureShift?: (() => number) | undefined;
  /** Terms whose Σ is singular at the maximum (probed on the likelihood). */
  readonly singularTerms?: readonly number[];
}

export interface BoundaryReport {
  readonly flags: BoundaryFlag[];
  readonly warnings: string[];
  /** True when the likelihood is nearly flat at the estimate (weak identification). */
  readonly flat: boolean;
}

export function boundaryReport(input: BoundaryInput): BoundaryReport {
  const flags: BoundaryFlag[] = [];
  const warnings: string[] = [];
  let weaklyIdentified = 0;
  // Loops, not forEach with arrows made per call (a fresh closure loses its optimised code at each full GC).
  for (let k = 0; k < input.beta.length; k++) {
    const b = input.beta[k]!;
    const se = input.betaStdErrors[k]!;
    const name = input.betaNames[k]!;
    const scale = input.betaScales?.[k] ?? 1;
    if (Math.abs(b) * scale > 8 && (!Number.isFinite(se) || se > Math.abs(b) / 3)) {
      weaklyIdentified++;
      const size = `|${name}|·range = ${fmt(Math.abs(b) * scale)} on the η scale (estimate ${fmt(b)}, standard error ${fmt(se)}, z = ${fmt(b / se)})`;
      flags.push({
        parameter: name,
        kind: "large-beta",
        message: input.penalised ? `${size}: weakly identified by the data` : `${size}: weakly identified (possible separation)`,
      });
    }
  }
  let largeSd = false;
  for (let t = 0; t < input.covariances.length; t++) {
    const cov = input.covariances[t]!;
    const q = cov.termNames.length;
    for (let k = 0; k < q; k++) {
      const sd = cov.sd[k]!;
      const name = `sd(${cov.group}: ${cov.termNames[k]})`;
      const scale = input.sdScales?.[t]?.[k] ?? 1;
      if (sd < 1e-4 || (input.zeroVariance ?? []).includes(name)) {
        flags.push({
          parameter: name,
          kind: "sd-zero",
          message: `${name} = ${fmt(sd)}: the maximum is on the boundary σ = 0 (the likelihood at σ = 0 is as high to 1e-6): a singular fit`,
        });
      } else if (sd * scale > 5) {
        largeSd = true;
        const typical = median(input.clusterSizes);
        flags.push({
          parameter: name,
          kind: "sd-infinite",
          message: `${name} = ${fmt(sd)}: SD·max|z| = ${fmt(sd * scale)} is very large on the logit scale for clusters of about ${typical} observations: clusters are almost perfectly predicted`,
        });
      }
      for (let r = k + 1; r < q; r++) {
        const rho = cov.correlation[k * q + r]!;
        if (Math.abs(rho) > 0.99) {
          const cname = `cor(${cov.group}: ${cov.termNames[r]}, ${cov.termNames[k]})`;
          flags.push({ parameter: cname, kind: "correlation-one", message: `${cname} = ${fmt(rho)}: on the boundary |ρ| = 1` });
        }
      }
    }
    const singular = singularCovariance(cov, (input.singularTerms ?? []).includes(t));
    if (singular !== null && !flags.some((f) => f.kind === "sd-zero" && f.parameter.startsWith(`sd(${cov.group}:`))) flags.push(singular);
  }
  const nearSingular = !(input.correlationMinEigenvalue >= 0.1);
  const flat = !input.penalised && weaklyIdentified > 0 && (largeSd || nearSingular);
  if (flat) {
    flags.push({
      parameter: "(likelihood)",
      kind: "flat",
      message: `nearly flat likelihood: information condition number ${fmt(input.informationCondition)}, smallest eigenvalue ${fmt(input.informationMinEigenvalue)}, smallest eigenvalue of the estimates' correlation matrix ${fmt(input.correlationMinEigenvalue)}`,
    });
    warnings.push(
      `${FLAT_WARNING_START} (near-singular information: condition number ${fmt(input.informationCondition)}, smallest eigenvalue ${fmt(input.informationMinEigenvalue)}; standard errors of the size of the estimates${largeSd ? "; very large random-effect SD" : ""}): the estimates are weakly identified and this optimum may be only local; ${FLAT_ADVICE}`,
    );
  }
  const shift = (flat || weaklyIdentified > 0 || largeSd) && input.quadratureShift !== undefined ? input.quadratureShift() : 0;
  if (shift > QUADRATURE_SHIFT) {
    const message = `adaptive Gauss–Hermite quadrature (nAGQ = 25) would move this Laplace estimate by ${Number.isFinite(shift) ? `${fmt(shift)} standard errors` : "more than its information can measure"} in one Newton step: the Laplace approximation is poor here; refit with --nagq 25 or more (and check that a larger nAGQ agrees)`;
    flags.push({ parameter: "(likelihood)", kind: "approximation", message });
  }
  for (const f of flags) if (f.kind !== "flat") warnings.push(f.message);
  return { flags, warnings, flat };
}

/**
 * A singular Σ that the SDs and pairwise correlations need not show: lme4's isSingular (a diagonal entry of
 * the Cholesky factor of Σ below 1e-4), or a maximum the likelihood probe found at such an entry's 0.
 * Judged on the Cholesky factor and reported with Σ's smallest eigenvalue.
 */
function singularCovariance(cov: Covariance, probed: boolean): BoundaryFlag | null {
  const q = cov.termNames.length;
  if (q < 2) return null;
  const factor = cov.sigma.slice();
  const factored = choleskyInPlace(factor, q);
  let smallestDiagonal = Infinity;
  if (factored) for (let k = 0; k < q; k++) smallestDiagonal = Math.min(smallestDiagonal, factor[k * q + k]!);
  if (!probed && factored && smallestDiagonal >= 1e-4) return null;
  const eigenvalues = symmetricEigenvalues(cov.sigma.slice(), q);
  const name = `Σ(${cov.group}: ${cov.termNames.join(", ")})`;
  const why = probed ? "the likelihood at that 0 is as high to 1e-6" : "below lme4's isSingular tolerance 1e-4";
  return {
    parameter: name,
    kind: "singular",
    message: `${name} is singular: its smallest eigenvalue is ${fmt(eigenvalues[0]!)} (largest ${fmt(eigenvalues[q - 1]!)}) and the smallest diagonal entry of its Cholesky factor is ${fmt(factored ? smallestDiagonal : 0)}, ${why}; some combination of the effects does not vary between the ${cov.group} groups (lme4: isSingular), though no SD is 0 and no correlation is ±1`,
  };
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 1e5 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(3) : x.toPrecision(4);
}
