import { describe, expect, it } from "vitest";
import { finiteDifferenceHessian } from "./finite-difference-hessian.js";
import { mulberry32, rosenbrock } from "./test-support/problems.js";

describe("finiteDifferenceHessian", () => {
  it("matches the analytic Rosenbrock Hessian at random points", () => {
    const dim = 6;
    const objective = rosenbrock(dim);
    const uniform = mulberry32(3);
    for (let trial = 0; trial < 10; trial++) {
      const x = Float64Array.from({ length: dim }, () => 4 * uniform() - 2);
      const analytic = new Float64Array(dim * dim);
      const numeric = new Float64Array(dim * dim);
      objective.hessian!(x, analytic);
      finiteDifferenceHessian((point, out) => objective.gradient(point, out), x, numeric);
      for (let k = 0; k < dim * dim; k++) {
        expect(Math.abs(numeric[k]! - analytic[k]!)).toBeLessThan(1e-6 * (1 + Math.abs(analytic[k]!)));
      }
      // Exactly symmetric after the symmetrisation step.
      for (let i = 0; i < dim; i++) {
        for (let j = 0; j < dim; j++) expect(numeric[j * dim + i]).toBe(numeric[i * dim + j]);
      }
    }
  });

  it("uses 2·dim gradient evaluations and leaves x unchanged", () => {
    const objective = rosenbrock(4);
    const x = Float64Array.from([0.3, -0.2, 1.5, 2]);
    const copy = Float64Array.from(x);
    finiteDifferenceHessian((point, out) => objective.gradient(point, out), x, new Float64Array(16));
    expect(objective.calls.gradient).toBe(8);
    expect(Array.from(x)).toEqual(Array.from(copy));
  });
});
