/**
 * The minimisers poll a stop signal (FitContext.signal: a deadline or an iteration budget for the whole
 * fit) before every iteration and evaluation, and return the last accepted point, not converged, saying why.
 */
import { describe, expect, it } from "vitest";
import { minimizeBfgs } from "./bfgs.js";
import { minimizeNewton } from "./newton.js";
import { stopMessages } from "./objective.js";
import { rosenbrock } from "./test-support/problems.js";

describe.each([
  ["newton", minimizeNewton],
  ["bfgs", minimizeBfgs],
] as const)("%s with a stop signal", (_name, minimise) => {
  const start = Float64Array.from([-1.2, 1]);

  it("stops after the iteration the signal was raised in, at an accepted point, not converged", () => {
    const counting = rosenbrock(2);
    let iterations = 0;
    const signal = {
      get aborted() {
        return iterations >= 3;
      },
      reason: "the time limit of 1 s was reached",
    };
    const result = minimise(counting, start, { signal, onIteration: () => iterations++ });
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(3);
    expect(result.message).toBe(`${stopMessages.stopped}: the time limit of 1 s was reached`);
    expect(result.value).toBe(rosenbrock(2).value(result.x));
    const full = minimise(rosenbrock(2), start, {});
    expect(full.converged).toBe(true);
    expect(full.iterations).toBeGreaterThan(3);
  });

  it("an already aborted signal returns the start untouched", () => {
    const result = minimise(rosenbrock(2), start, { signal: { aborted: true, reason: "stop" } });
    expect(result.converged).toBe(false);
    expect([...result.x]).toEqual([...start]);
    expect(result.message).toBe(`${stopMessages.stopped}: stop`);
    expect(result.hessian).toBeUndefined();
  });
});
