import { Matrix, inverse, solve } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { minimizeBfgs } from "./bfgs.js";
import { minimizeNewton } from "./newton.js";
import type { IterationInfo, Objective } from "./objective.js";
import { stopMessages } from "./objective.js";
import {
  boundaryWithInexactHessian,
  convexQuadratic,
  doubleWell,
  flatAtRounding,
  logBarrier,
} from "./test-support/more-problems.js";
import { logisticData, logisticNegativeLogLikelihood, rosenbrock } from "./test-support/problems.js";

function standardStart(dim: number): Float64Array {
  return Float64Array.from({ length: dim }, (_, i) => (i % 2 === 0 ? -1.2 : 1));
}

describe("minimizeBfgs", () => {
  for (const dim of [2, 10]) {
    it(`minimises the ${dim}-d Rosenbrock function from (−1.2, 1, …) with consistent counters`, () => {
      const objective = rosenbrock(dim);
      const trace: IterationInfo[] = [];
      const result = minimizeBfgs(objective, standardStart(dim), { onIteration: (info) => trace.push(info) });
      expect(result.converged).toBe(true);
      expect(result.message).toBe(stopMessages.converged);
      expect(result.maxAbsGradient).toBeLessThan(1e-6);
      for (const v of result.x) expect(Math.abs(v - 1)).toBeLessThan(1e-5);
      expect(result.functionEvaluations).toBe(objective.calls.value);
      expect(result.gradientEvaluations).toBe(objective.calls.gradient);
      // The Wolfe search needs value and gradient at every trial point.
      expect(result.gradientEvaluations).toBe(result.functionEvaluations);
      expect(result.functionEvaluations).toBeGreaterThanOrEqual(result.iterations + 1);
      expect(result.functionEvaluations).toBeLessThan(4 * result.iterations);
      expect(result.hessianEvaluations).toBe(0);
      expect(objective.calls.hessian).toBe(0);
      expect(result.maxRidge).toBe(0);
      expect(result.hessian).toBeUndefined();
      expect(result.iterations).toBeLessThan(150);
      expect(trace.length).toBe(result.iterations);
      for (let k = 1; k < trace.length; k++) expect(trace[k]!.value).toBeLessThan(trace[k - 1]!.value);
      // Superlinear convergence: the final steps are unit quasi-Newton steps.
      expect(trace.at(-1)!.step).toBe(1);
    });
  }

  it("converges on a strictly convex quadratic, and in one step from the exact inverse Hessian", () => {
    const dim = 6;
    const objective = convexQuadratic(11, dim);
    const a = Matrix.from1DArray(dim, dim, Array.from(objective.a));
    const exact = solve(a, Matrix.columnVector(Array.from(objective.b))).to1DArray();
    const result = minimizeBfgs(objective, new Float64Array(dim));
    expect(result.converged).toBe(true);
    for (let i = 0; i < dim; i++) expect(result.x[i]).toBeCloseTo(exact[i]!, 6);

    const inverseHessian = Float64Array.from(inverse(a).to1DArray());
    const oneStep = minimizeBfgs(objective, new Float64Array(dim), { initialInverseHessian: inverseHessian });
    expect(oneStep.converged).toBe(true);
    expect(oneStep.iterations).toBe(1);
    for (let i = 0; i < dim; i++) expect(oneStep.x[i]).toBeCloseTo(exact[i]!, 10);
  });

  it("agrees with Newton to 1e-8 on a logistic-regression likelihood", () => {
    const data = logisticData(42, 300, [-0.5, 1, -0.7, 0.3, 0]);
    const fused = logisticNegativeLogLikelihood(data, true);
    const bfgs = minimizeBfgs(fused, new Float64Array(5));
    const newton = minimizeNewton(logisticNegativeLogLikelihood(data), new Float64Array(5));
    expect(bfgs.converged).toBe(true);
    expect(newton.converged).toBe(true);
    expect(bfgs.maxAbsGradient).toBeLessThan(1e-6);
    expect(newton.maxAbsGradient).toBeLessThan(1e-6);
    for (let j = 0; j < 5; j++) expect(Math.abs(bfgs.x[j]! - newton.x[j]!)).toBeLessThan(1e-8);
    expect(Math.abs(bfgs.value - newton.value)).toBeLessThan(1e-10);
    // Newton needs few iterations on this smooth convex problem; BFGS a handful more.
    expect(newton.iterations).toBeLessThanOrEqual(8);
    expect(bfgs.iterations).toBeGreaterThan(newton.iterations);
    expect(bfgs.iterations).toBeLessThan(40);
    // Only the fused evaluation was used.
    expect(fused.calls.value).toBe(0);
    expect(fused.calls.gradient).toBe(0);
    expect(fused.calls.valueAndGradient).toBe(bfgs.functionEvaluations);
  });

  it("converges from a start where the Hessian is indefinite", () => {
    const objective = doubleWell();
    const result = minimizeBfgs(objective, Float64Array.of(0.1, 1));
    expect(result.converged).toBe(true);
    expect(Math.abs(result.x[0]!)).toBeGreaterThan(0.9);
    expect(result.maxRidge).toBe(0);
  });

  it("backs off from a NaN region in the line search", () => {
    const objective = logBarrier(1);
    // After the first step from 50 the scaled quasi-Newton step is ≈ −2450, far into x < 0.
    const result = minimizeBfgs(objective, Float64Array.of(50), { maxStep: 1e4 });
    expect(objective.outsideDomain).toBeGreaterThan(0);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
  });

  it("restarts from steepest descent when the quasi-Newton direction fails", () => {
    const objective = boundaryWithInexactHessian();
    // H₀ = [[2, 1], [1, 2]]⁻¹ sends the first direction into the NaN half-plane.
    const initialInverseHessian = Float64Array.from([2, -1, -1, 2].map((v) => v / 3));
    const result = minimizeBfgs(objective, Float64Array.of(-3, 0), { initialInverseHessian });
    expect(objective.outsideDomain).toBeGreaterThan(0);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBe(0);
  });

  it("reports non-convergence at maxIterations and a non-finite start", () => {
    const limited = minimizeBfgs(rosenbrock(2), standardStart(2), { maxIterations: 5 });
    expect(limited.converged).toBe(false);
    expect(limited.message).toBe(stopMessages.maxIterations);
    expect(limited.iterations).toBe(5);

    const unbounded: Objective = {
      dim: 1,
      value: (x) => x[0]!,
      gradient: (_x, out) => {
        out[0] = 1;
      },
    };
    const runaway = minimizeBfgs(unbounded, Float64Array.of(0), { maxIterations: 10, maxStep: 3 });
    expect(runaway.converged).toBe(false);
    expect(runaway.message).toBe(stopMessages.maxIterations);
    // Each step extrapolates α = 1, 2, 3 but never beyond ‖αd‖∞ = maxStep, and sᵀy = 0 skips every update.
    expect(runaway.x[0]).toBe(-30);
    expect(runaway.functionEvaluations).toBe(1 + 3 * 10);

    const start = minimizeBfgs(logBarrier(1), Float64Array.of(-2));
    expect(start.converged).toBe(false);
    expect(start.message).toBe(stopMessages.nonFiniteStart);
    expect(start.functionEvaluations).toBe(1);
  });

  it("stops with a message when no direction decreases the value", () => {
    const inconsistent: Objective = {
      dim: 1,
      value: () => 1,
      gradient: (_x, out) => {
        out[0] = 1;
      },
    };
    const result = minimizeBfgs(inconsistent, Float64Array.of(1));
    expect(result.converged).toBe(false);
    expect(result.message).toBe(stopMessages.noProgress);
    // H is still the identity, so steepest descent is not retried: one bracketing + zoom only.
    expect(result.functionEvaluations).toBeLessThan(70);
  });

  it("reaches the gradient tolerance when the last decrease is below the rounding of f", () => {
    const result = minimizeBfgs(flatAtRounding(0.3), Float64Array.of(0.3 + 1e-6), { gradientTolerance: 1e-9 });
    expect(result.converged).toBe(true);
    expect(Math.abs(result.x[0]! - 0.3)).toBeLessThan(1e-9);
  });

  it("validates the sizes of x0 and the initial inverse Hessian", () => {
    expect(() => minimizeBfgs(rosenbrock(2), new Float64Array(3))).toThrow(RangeError);
    expect(() =>
      minimizeBfgs(rosenbrock(2), new Float64Array(2), { initialInverseHessian: new Float64Array(3) }),
    ).toThrow(RangeError);
  });
});
