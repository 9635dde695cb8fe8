/**
 * Several random-effects terms beyond the glmmTMB references: nesting written with "/" equals the explicit
 * terms, every penalised estimator takes multi-term models with penalties on every term's ψ, and the
 * reported conditional modes are the modes (they satisfy the PIRLS stationarity equations of every term).
 */
import { describe, expect, it } from "vitest";
import { buildModelFrame, parseCsv, type FitResult, type ModelFrame } from "@glmmkit/core";
import { createRng, expit } from "@glmmkit/math";
import { mlEstimator } from "./ml-estimator.js";
import { msplEstimator } from "../mspl/mspl-estimator.js";
import { entropyEstimator } from "../entropy/entropy-estimator.js";
import { ridgeEstimator } from "../ridge/ridge-estimator.js";
import { sharedDataFrame } from "../test-support/glmmtmb-reference.js";

/** Pupils in classes in schools; class labels 1..k repeat across schools. */
function pupilsCsv(seed: string, schools: number, classesPerSchool: number, pupilsPerClass: number): string {
  const rng = createRng(seed);
  const rows = ["y,x,school,class"];
  for (let s = 1; s <= schools; s++) {
    const schoolEffect = 0.8 * rng.normal();
    const schoolSlope = 0.4 * rng.normal();
    for (let c = 1; c <= classesPerSchool; c++) {
      const classEffect = 0.6 * rng.normal();
      for (let k = 0; k < pupilsPerClass; k++) {
        const x = rng.normal();
        const y = rng.bernoulli(expit(-0.3 + 0.7 * x + schoolEffect + schoolSlope * x + classEffect));
        rows.push(`${y},${x.toFixed(4)},S${s},${c}`);
      }
    }
  }
  return rows.join("\n");
}

function expectSameFit(a: FitResult, b: FitResult): void {
  expect(a.converged && b.converged).toBe(true);
  expect(Math.abs(a.logLik - b.logLik)).toBeLessThan(1e-8);
  for (let k = 0; k < a.beta.length; k++) expect(Math.abs(a.beta[k]! - b.beta[k]!)).toBeLessThan(1e-6);
  const sds = (f: FitResult) => f.covariances.flatMap((c) => [...c.sd]);
  const sa = sds(a);
  const sb = sds(b);
  expect(sa.length).toBe(sb.length);
  for (let k = 0; k < sa.length; k++) expect(Math.abs(sa[k]! - sb[k]!)).toBeLessThan(1e-6);
}

describe("nested grouping factors", () => {
  const table = parseCsv(pupilsCsv("pupils-1", 12, 4, 12), "pupils.csv");

  it('(1 | school/class) fits exactly as (1 | school) + (1 | school:class)', () => {
    const slash = mlEstimator.fit(buildModelFrame(table, "y ~ x + (1 | school/class)"), {});
    const explicit = mlEstimator.fit(buildModelFrame(table, "y ~ x + (1 | school) + (1 | school:class)"), {});
    expectSameFit(slash, explicit);
    expect(slash.groups).toEqual([
      { group: "class:school", levels: 48 },
      { group: "school", levels: 12 },
    ]);
    expect(slash.diagnostics.maxAbsGradient).toBeLessThan(1e-6);
  });

  it("a correlated school term with a nested class term: (1 + x | school) + (1 | school:class)", () => {
    const fit = mlEstimator.fit(buildModelFrame(table, "y ~ x + (1 + x | school) + (1 | school:class)"), {});
    expect(fit.converged).toBe(true);
    expect(fit.diagnostics.maxAbsGradient).toBeLessThan(1e-6);
    expect(fit.covariances.map((c) => [c.group, c.termNames.length])).toEqual([
      ["school:class", 1],
      ["school", 2],
    ]);
    // Nesting is the same model whether the school SDs are written with "/" or not.
    const slash = mlEstimator.fit(buildModelFrame(table, "y ~ x + (1 | school/class) + (0 + x | school)"), {});
    expect(slash.converged).toBe(true);
  });
});

/** Σ_t⁻¹ b_tj = Σ_{i ∈ level j of term t} z_i (y_i − m_i μ_i), μ from all terms' modes: PIRLS stationarity. */
function stationarityResidual(frame: ModelFrame, fit: FitResult): number {
  const eta = new Float64Array(frame.n);
  for (let i = 0; i < frame.n; i++) for (let k = 0; k < frame.p; k++) eta[i] += frame.X[k * frame.n + i]! * fit.beta[k]!;
  frame.terms.forEach((term, t) => {
    const b = fit.ranef[t]!.values;
    for (let i = 0; i < frame.n; i++) for (let c = 0; c < term.q; c++) eta[i] += term.Z[i * term.q + c]! * b[term.groupIndex[i]! * term.q + c]!;
  });
  let worst = 0;
  frame.terms.forEach((term, t) => {
    const q = term.q;
    const score = new Float64Array(term.levels.length * q);
    for (let i = 0; i < frame.n; i++) {
      const r = frame.y[i]! - frame.trials[i]! * expit(eta[i]!);
      for (let c = 0; c < q; c++) score[term.groupIndex[i]! * q + c] += term.Z[i * q + c]! * r;
    }
    // q = 1 here: Σ⁻¹ b = b / σ².
    const variance = fit.covariances[t]!.sigma[0]!;
    const b = fit.ranef[t]!.values;
    for (let j = 0; j < term.levels.length; j++) worst = Math.max(worst, Math.abs(score[j]! - b[j]! / variance));
  });
  return worst;
}

describe("conditional modes of crossed terms", () => {
  it("salamander: ranef holds every term's modes keyed by factor and level, and they are the modes", () => {
    const frame = sharedDataFrame("salamander.csv", "Mate ~ TypeF * TypeM + (1 | Female) + (1 | Male)");
    const fit = mlEstimator.fit(frame, {});
    expect(fit.ranef.map((r) => [r.group, r.levels.length, r.values.length])).toEqual([
      ["Female", 60, 60],
      ["Male", 60, 60],
    ]);
    expect(fit.ranef[0]!.levels).toEqual(frame.terms[0]!.levels);
    expect(stationarityResidual(frame, fit)).toBeLessThan(1e-8);
  });
});

describe("penalised estimators with several terms", () => {
  const frame = sharedDataFrame("salamander.csv", "Mate ~ TypeF * TypeM + (1 | Female) + (1 | Male)");
  const ml = mlEstimator.fit(frame, {});

  it("mspl puts the negative-Huber penalty on every term's ψ", () => {
    const fit = msplEstimator.fit(frame, {});
    expect(fit.converged).toBe(true);
    expect(fit.diagnostics.maxAbsGradient).toBeLessThan(1e-6);
    // A heavier Huber multiplier pulls both log σ towards 0 (Σ towards I), and both move.
    const heavy = msplEstimator.fit(frame, { c2: 5 });
    for (let t = 0; t < 2; t++) {
      const light = Math.abs(Math.log(fit.covariances[t]!.sd[0]!));
      expect(Math.abs(Math.log(heavy.covariances[t]!.sd[0]!))).toBeLessThan(light);
    }
    // Soft: the default estimate stays within a standard error of ML.
    for (let k = 0; k < 4; k++) expect(Math.abs(fit.beta[k]! - ml.beta[k]!)).toBeLessThan(ml.betaStdErrors[k]!);
  });

  it("entropy and ridge fit multi-term models", () => {
    const entropy = entropyEstimator.fit(frame, {});
    expect(entropy.converged).toBe(true);
    expect(entropy.covariances.length).toBe(2);
    const ridge = ridgeEstimator.fit(frame, { lambda: 0.5 });
    expect(ridge.converged).toBe(true);
    expect(ridge.diagnostics.maxAbsGradient).toBeLessThan(1e-6);
  });

  it("nAGQ > 1 with several terms is an input error naming the terms", () => {
    expect(() => mlEstimator.fit(frame, { nAGQ: 5 })).toThrow(/nAGQ = 5 .* single scalar random-effects term.* 2 random-effects terms \(Female, Male\)/);
  });
});
