/**
 * The true parameters of a simulated GLMM, aligned with a model frame: β in the order of the frame's
 * coefficient names, and per random-effects term its SDs and correlation matrix. Checked once per
 * cell, so a negative SD or an impossible correlation is an input error naming the parameter rather
 * than NaNs in the data.
 */
import { GlmmInputError, type ModelFrame } from "@glmmkit/core";
import { choleskyInPlace } from "@glmmkit/linalg";

export interface TermCovariance {
  readonly group: string;
  readonly termNames: readonly string[];
  /** Standard deviations, one per term column (≥ 0). */
  readonly sd: Float64Array;
  /** Correlations, q × q column-major with a unit diagonal. */
  readonly correlation: Float64Array;
}

export interface TrueParameters {
  /** In the order of the frame's `betaNames`. */
  readonly beta: Float64Array;
  /** One per random-effects term, in formula order. */
  readonly covariances: readonly TermCovariance[];
}

/** A scalar term's covariance: one SD, correlation [1]. */
export function scalarCovariance(group: string, termName: string, sd: number): TermCovariance {
  return { group, termNames: [termName], sd: Float64Array.of(sd), correlation: Float64Array.of(1) };
}

/** Σ = D R D (q × q, column-major). */
export function covarianceMatrix(term: TermCovariance): Float64Array {
  const q = term.sd.length;
  const sigma = new Float64Array(q * q);
  for (let c = 0; c < q; c++) {
    for (let r = 0; r < q; r++) sigma[c * q + r] = term.sd[r]! * term.correlation[c * q + r]! * term.sd[c]!;
  }
  return sigma;
}

/**
 * A factor L with Σ = L Lᵀ: L = D chol(R). Factoring the correlation matrix rather than Σ keeps a zero
 * SD legal (that effect is then identically 0) while an R that is not positive definite is refused.
 */
export function covarianceFactor(term: TermCovariance): Float64Array {
  const q = term.sd.length;
  const L = Float64Array.from(term.correlation);
  if (!choleskyInPlace(L, q)) {
    throw new GlmmInputError(
      "option",
      `the correlations of the random effects of "${term.group}" (${term.termNames.join(", ")}) do not form a positive-definite matrix`,
    );
  }
  for (let c = 0; c < q; c++) for (let r = c; r < q; r++) L[c * q + r] = L[c * q + r]! * term.sd[r]!;
  return L;
}

/** Checks parameters against a frame: lengths, finite β, SDs ≥ 0, |ρ| ≤ 1 and symmetric R. */
export function checkParameters(frame: ModelFrame, parameters: TrueParameters): void {
  if (parameters.beta.length !== frame.p) {
    throw new RangeError(`expected ${frame.p} coefficients (${frame.betaNames.join(", ")}), got ${parameters.beta.length}`);
  }
  parameters.beta.forEach((b, k) => {
    if (!Number.isFinite(b)) throw new GlmmInputError("option", `coefficient "${frame.betaNames[k]}" must be a finite number, got ${b}`);
  });
  if (parameters.covariances.length !== frame.terms.length) {
    throw new RangeError(`expected ${frame.terms.length} random-effects terms, got ${parameters.covariances.length}`);
  }
  frame.terms.forEach((term, t) => {
    const cov = parameters.covariances[t]!;
    const q = term.q;
    if (cov.sd.length !== q || cov.correlation.length !== q * q) {
      throw new RangeError(`term "${term.group}" has ${q} columns; its covariance has ${cov.sd.length}`);
    }
    cov.sd.forEach((sd, k) => {
      if (!(sd >= 0 && Number.isFinite(sd))) {
        throw new GlmmInputError(
          "option",
          `the SD of "${term.group}: ${term.termNames[k]}" must be a finite number ≥ 0, got ${sd}`,
        );
      }
    });
    for (let c = 0; c < q; c++) {
      for (let r = 0; r < q; r++) {
        const rho = cov.correlation[c * q + r]!;
        const ok = r === c ? rho === 1 : Math.abs(rho) <= 1 && rho === cov.correlation[r * q + c];
        if (!ok) {
          throw new GlmmInputError(
            "option",
            `the correlation of "${term.group}: ${term.termNames[r]}" and "${term.termNames[c]}" must lie in [-1, 1] (and the matrix be symmetric with a unit diagonal), got ${rho}`,
          );
        }
      }
    }
    covarianceFactor(cov);
  });
}
