import { describe, expect, it } from "vitest";
import { minimizeNewton } from "./newton.js";
import { logisticData, logisticNegativeLogLikelihood, rosenbrock } from "./test-support/problems.js";

describe("Newton with Hessian updates between evaluations", () => {
  it("reaches the same minimiser with fewer Hessian evaluations, and returns the full Hessian at its point", () => {
    const data = logisticData(7, 400, [0.5, -1, 0.8, 0.3, -0.2]);
    const full = logisticNegativeLogLikelihood(data);
    const plain = minimizeNewton(full, new Float64Array(5), { gradientTolerance: 1e-10 });
    const carried = logisticNegativeLogLikelihood(data);
    const updated = minimizeNewton(carried, new Float64Array(5), { gradientTolerance: 1e-10, hessianUpdates: { refreshEvery: 100 } });
    expect(updated.converged).toBe(true);
    for (let k = 0; k < 5; k++) expect(updated.x[k]).toBeCloseTo(plain.x[k]!, 8);
    expect(carried.calls.hessian).toBeLessThan(full.calls.hessian);
    // The returned Hessian is the objective's own at the returned point.
    const fresh = new Float64Array(25);
    carried.hessian!(updated.x, fresh);
    expect([...updated.hessian!]).toEqual([...fresh]);
  });

  it("uses the cheaper step Hessian inside the iteration and the full Hessian only at the end", () => {
    const objective = rosenbrock(6);
    let stepCalls = 0;
    let fullCalls = 0;
    const full = objective.hessian!.bind(objective);
    objective.hessian = (x, out) => {
      fullCalls++;
      full(x, out);
    };
    objective.stepHessian = (x, out) => {
      stepCalls++;
      full(x, out);
      // A step Hessian with the error of one-sided differences: the diagonal off by 1e-4 relative.
      for (let i = 0; i < 6; i++) out[i * 6 + i] = (1 + 1e-4) * out[i * 6 + i]!;
    };
    const result = minimizeNewton(objective, Float64Array.from([-1.2, 1, -1.2, 1, -1.2, 1]), {
      gradientTolerance: 1e-8,
      maxIterations: 500,
      hessianUpdates: { refreshEvery: 4 },
    });
    expect(result.converged, `${result.message} after ${result.iterations}`).toBe(true);
    for (let k = 0; k < 6; k++) expect(result.x[k]).toBeCloseTo(1, 6);
    expect(stepCalls).toBeGreaterThan(0);
    expect(fullCalls).toBe(1);
    const exact = new Float64Array(36);
    full(result.x, exact);
    expect([...result.hessian!]).toEqual([...exact]);
  });
});
