import { EigenvalueDecomposition, Matrix, solve } from "ml-matrix";
import { describe, expect, it } from "vitest";
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

function eigenvalues(h: Float64Array, n: number): number[] {
  return new EigenvalueDecomposition(Matrix.from1DArray(n, n, Array.from(h))).realEigenvalues;
}

function standardStart(dim: number): Float64Array {
  return Float64Array.from({ length: dim }, (_, i) => (i % 2 === 0 ? -1.2 : 1));
}

describe("minimizeNewton", () => {
  it("minimises the 2-d Rosenbrock function from (−1.2, 1) with consistent counters", () => {
    const objective = rosenbrock(2);
    const trace: IterationInfo[] = [];
    const result = minimizeNewton(objective, standardStart(2), { onIteration: (info) => trace.push(info) });
    expect(result.converged).toBe(true);
    expect(result.message).toBe(stopMessages.converged);
    expect(result.maxAbsGradient).toBeLessThan(1e-6);
    for (const v of result.x) expect(Math.abs(v - 1)).toBeLessThan(1e-6);
    // Counters agree with the calls the objective actually received.
    expect(result.functionEvaluations).toBe(objective.calls.value);
    expect(result.gradientEvaluations).toBe(objective.calls.gradient);
    expect(result.hessianEvaluations).toBe(objective.calls.hessian);
    // One gradient and one Hessian at the start and at every accepted iterate.
    expect(result.gradientEvaluations).toBe(result.iterations + 1);
    expect(result.hessianEvaluations).toBe(result.iterations + 1);
    expect(result.functionEvaluations).toBeGreaterThanOrEqual(result.iterations + 1);
    expect(result.iterations).toBeGreaterThan(5);
    expect(result.iterations).toBeLessThan(50);
    // Monotone decrease, one callback per iteration, steps in (0, 1].
    expect(trace.length).toBe(result.iterations);
    for (let k = 1; k < trace.length; k++) expect(trace[k]!.value).toBeLessThan(trace[k - 1]!.value);
    for (const info of trace) expect(info.step > 0 && info.step <= 1).toBe(true);
    expect(trace.at(-1)!.value).toBe(result.value);
    // The reported Hessian is the one at the returned x.
    const expected = new Float64Array(4);
    objective.hessian!(result.x, expected);
    expect(Array.from(result.hessian!)).toEqual(Array.from(expected));
    // Quadratic convergence: the last steps are full Newton steps.
    expect(trace.at(-1)!.step).toBe(1);
  });

  it("minimises the 10-d chained Rosenbrock function", () => {
    const result = minimizeNewton(rosenbrock(10), new Float64Array(10));
    expect(result.converged).toBe(true);
    for (const v of result.x) expect(Math.abs(v - 1)).toBeLessThan(1e-6);
    expect(result.value).toBeLessThan(1e-12);
  });

  it("differences the gradient when the objective has no Hessian", () => {
    const dim = 4;
    const objective = rosenbrock(dim, false);
    const result = minimizeNewton(objective, standardStart(dim));
    expect(result.converged).toBe(true);
    for (const v of result.x) expect(Math.abs(v - 1)).toBeLessThan(1e-6);
    expect(result.hessianEvaluations).toBe(result.iterations + 1);
    // Each finite-difference Hessian costs 2·dim gradients, on top of one per iterate.
    expect(result.gradientEvaluations).toBe((result.iterations + 1) * (1 + 2 * dim));
    expect(objective.calls.gradient).toBe(result.gradientEvaluations);
  });

  it("solves a strictly convex quadratic in exactly one step", () => {
    const dim = 6;
    const objective = convexQuadratic(11, dim);
    const steps: number[] = [];
    const result = minimizeNewton(objective, new Float64Array(dim), {
      onIteration: (info) => steps.push(info.step),
    });
    const exact = solve(
      Matrix.from1DArray(dim, dim, Array.from(objective.a)),
      Matrix.columnVector(Array.from(objective.b)),
    ).to1DArray();
    expect(result.converged).toBe(true);
    expect(result.iterations).toBe(1);
    expect(steps).toEqual([1]);
    for (let i = 0; i < dim; i++) expect(result.x[i]).toBeCloseTo(exact[i]!, 12);
    expect(result.functionEvaluations).toBe(2);
    expect(result.gradientEvaluations).toBe(2);
    expect(result.hessianEvaluations).toBe(2);
    expect(result.maxRidge).toBe(0);
  });

  it("returns at once, converged, when the start already satisfies the tolerance", () => {
    const objective = rosenbrock(3);
    const result = minimizeNewton(objective, Float64Array.of(1, 1, 1));
    expect(result.converged).toBe(true);
    expect(result.iterations).toBe(0);
    expect(result.functionEvaluations).toBe(1);
    expect(result.value).toBe(0);
  });

  it("ridges an indefinite Hessian at the start and still converges to a minimum", () => {
    const objective = doubleWell();
    const x0 = Float64Array.of(0.1, 1);
    const h0 = new Float64Array(4);
    objective.hessian!(x0, h0);
    expect(Math.min(...eigenvalues(h0, 2))).toBeLessThan(0);
    const result = minimizeNewton(objective, x0);
    expect(result.converged).toBe(true);
    expect(result.maxRidge).toBeGreaterThan(0);
    // A minimum, not the saddle at the origin: the final Hessian is positive definite.
    expect(Math.min(...eigenvalues(result.hessian!, 2))).toBeGreaterThan(0.5);
    expect(Math.abs(result.x[0]!)).toBeGreaterThan(0.9);
    expect(result.value).toBeLessThan(objective.value(x0));
  });

  it("backs off from a NaN region in the line search", () => {
    const objective = logBarrier(2);
    // The Newton step −x(x − 1) from (10, 20) is (−90, −380): with maxStep 100 it lands at x < 0.
    const result = minimizeNewton(objective, Float64Array.of(10, 20), { maxStep: 100 });
    expect(objective.outsideDomain).toBeGreaterThan(0);
    expect(result.converged).toBe(true);
    for (const v of result.x) expect(v).toBeCloseTo(1, 8);
    expect(result.value).toBeCloseTo(2, 12);
  });

  it("falls back to steepest descent when the Newton direction fails", () => {
    const objective = boundaryWithInexactHessian();
    const result = minimizeNewton(objective, Float64Array.of(-3, 0));
    // Newton trials were made and all landed outside the domain.
    expect(objective.outsideDomain).toBeGreaterThan(10);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 12);
    expect(result.x[1]).toBe(0);
  });

  it("caps every step at maxStep and reports non-convergence at maxIterations", () => {
    // f(x) = x₀ + ½x₁² is unbounded below; the Hessian diag(0, 1) is singular.
    const unbounded: Objective = {
      dim: 2,
      value: (x) => x[0]! + 0.5 * x[1]! * x[1]!,
      gradient: (x, out) => {
        out[0] = 1;
        out[1] = x[1]!;
      },
      hessian: (_x, out) => {
        out.set([0, 0, 0, 1]);
      },
    };
    const result = minimizeNewton(unbounded, Float64Array.of(0, 1), { maxIterations: 25, maxStep: 4 });
    expect(result.converged).toBe(false);
    expect(result.message).toBe(stopMessages.maxIterations);
    expect(result.iterations).toBe(25);
    expect(result.maxRidge).toBeGreaterThan(0);
    expect(result.x[0]).toBeCloseTo(-100, 10);

    const rosen = minimizeNewton(rosenbrock(2), standardStart(2), { maxIterations: 3 });
    expect(rosen.converged).toBe(false);
    expect(rosen.message).toBe(stopMessages.maxIterations);
    expect(rosen.iterations).toBe(3);
    expect(rosen.maxAbsGradient).toBeGreaterThan(1e-6);
  });

  it("reports a non-finite start without iterating", () => {
    const objective = logBarrier(2);
    const result = minimizeNewton(objective, Float64Array.of(-1, 1));
    expect(result.converged).toBe(false);
    expect(result.message).toBe(stopMessages.nonFiniteStart);
    expect(result.iterations).toBe(0);
    expect(result.functionEvaluations).toBe(1);
    expect(result.gradientEvaluations).toBe(0);
    expect(result.hessian).toBeUndefined();
  });

  it("stops with a message when no direction decreases the value", () => {
    // Gradient inconsistent with a constant value: neither Newton nor steepest descent can decrease f.
    const inconsistent: Objective = {
      dim: 1,
      value: () => 1,
      gradient: (_x, out) => {
        out[0] = 1;
      },
      hessian: (_x, out) => {
        out[0] = 1;
      },
    };
    const result = minimizeNewton(inconsistent, Float64Array.of(1));
    expect(result.converged).toBe(false);
    expect(result.message).toBe(stopMessages.noProgress);
    expect(result.iterations).toBe(0);
    // Two backtracking sequences down to a machine-precision step.
    expect(result.functionEvaluations).toBeGreaterThan(100);
    expect(result.functionEvaluations).toBeLessThan(120);

    const nanAway: Objective = { ...inconsistent, value: (x) => (x[0] === 1 ? 0 : Number.NaN) };
    const nanResult = minimizeNewton(nanAway, Float64Array.of(1));
    expect(nanResult.message).toBe(stopMessages.nonFiniteLineSearch);
    expect(nanResult.converged).toBe(false);
  });

  it("reaches the gradient tolerance when the last decrease is below the rounding of f", () => {
    const objective = flatAtRounding(0.3);
    const x0 = Float64Array.of(0.3 + 1e-6);
    // The start and the minimiser have the same floating-point value.
    expect(objective.value(x0)).toBe(objective.value(Float64Array.of(0.3)));
    const result = minimizeNewton(objective, x0, { gradientTolerance: 1e-9 });
    expect(result.converged).toBe(true);
    expect(Math.abs(result.x[0]! - 0.3)).toBeLessThan(1e-9);
  });

  it("uses the fused valueAndGradient when present", () => {
    const data = logisticData(5, 200, [0.3, -1, 0.5]);
    const fused = logisticNegativeLogLikelihood(data, true);
    const result = minimizeNewton(fused, new Float64Array(3));
    expect(result.converged).toBe(true);
    expect(fused.calls.value).toBe(0);
    expect(fused.calls.gradient).toBe(0);
    expect(fused.calls.valueAndGradient).toBe(result.functionEvaluations);
    expect(result.gradientEvaluations).toBe(result.functionEvaluations);
    // Same answer as the unfused objective.
    const plain = minimizeNewton(logisticNegativeLogLikelihood(data), new Float64Array(3));
    for (let j = 0; j < 3; j++) expect(result.x[j]).toBeCloseTo(plain.x[j]!, 12);
  });

  it("rejects a starting point of the wrong length", () => {
    expect(() => minimizeNewton(rosenbrock(2), new Float64Array(3))).toThrow(RangeError);
  });
});
