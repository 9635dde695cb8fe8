import { describe, expect, it } from "vitest";
import { CountedObjective } from "./counted-objective.js";
import { backtrackingArmijo, lineSearchAccepted, strongWolfe } from "./line-search.js";
import type { Objective } from "./objective.js";

/** A one-dimensional objective from φ and φ'. */
function line(phi: (t: number) => number, dphi: (t: number) => number): Objective {
  return {
    dim: 1,
    value: (x) => phi(x[0]!),
    gradient: (x, out) => {
      out[0] = dphi(x[0]!);
    },
  };
}

function runWolfe(objective: Objective, x0: number, initialStep: number) {
  const counted = new CountedObjective(objective);
  const x = Float64Array.of(x0);
  const g = new Float64Array(1);
  const value = counted.valueAndGradient(x, g);
  const direction = Float64Array.of(-Math.sign(g[0]!));
  const xTrial = new Float64Array(1);
  const gTrial = new Float64Array(1);
  const result = strongWolfe(counted, x, value, g, direction, xTrial, gTrial, { initialStep });
  return { result, slope0: g[0]! * direction[0]!, value, xTrial, gTrial, direction, counted };
}

// Moré & Thuente (1994) test functions 1 and 2 (φ(α) for α ≥ 0, written here as functions of x = α).
const moreThuente1 = line(
  (a) => -a / (a * a + 2),
  (a) => (a * a - 2) / ((a * a + 2) * (a * a + 2)),
);
const moreThuente2 = line(
  (a) => (a + 0.004) ** 5 - 2 * (a + 0.004) ** 4,
  (a) => 5 * (a + 0.004) ** 4 - 8 * (a + 0.004) ** 3,
);

describe("strongWolfe", () => {
  const c1 = 1e-4;
  const c2 = 0.9;
  for (const [name, objective] of [
    ["Moré–Thuente 1", moreThuente1],
    ["Moré–Thuente 2", moreThuente2],
  ] as const) {
    for (const initialStep of [1e-3, 1e-1, 10, 1000]) {
      it(`${name}: strong Wolfe conditions hold from initial step ${initialStep}`, () => {
        const { result, slope0, value, xTrial, gTrial, direction } = runWolfe(objective, 0, initialStep);
        expect(result.status).toBe("wolfe");
        expect(result.value).toBe(objective.value(xTrial));
        expect(xTrial[0]).toBeCloseTo(result.step * direction[0]!, 14);
        expect(result.value).toBeLessThanOrEqual(value + c1 * result.step * slope0);
        expect(Math.abs(gTrial[0]! * direction[0]!)).toBeLessThanOrEqual(c2 * Math.abs(slope0));
      });
    }
  }

  it("retreats from a NaN region and still meets the conditions", () => {
    let nanCalls = 0;
    const objective = line(
      (t) => {
        if (t >= 2) {
          nanCalls++;
          return Number.NaN;
        }
        return (t - 1.5) ** 2;
      },
      (t) => 2 * (t - 1.5),
    );
    const { result, xTrial } = runWolfe(objective, 0, 50);
    expect(nanCalls).toBeGreaterThan(0);
    expect(result.status).toBe("wolfe");
    expect(xTrial[0]).toBeLessThan(2);
    expect(xTrial[0]).toBeGreaterThan(0);
  });

  it("reports non-finite when every trial is non-finite, and no-decrease for an inconsistent gradient", () => {
    const nanEverywhere = line((t) => (t === 0 ? 0 : Number.NaN), () => 1);
    expect(runWolfe(nanEverywhere, 0, 1).result.status).toBe("non-finite");
    const flat = line(() => 1, () => 1);
    const flatRun = runWolfe(flat, 0, 1);
    expect(flatRun.result.status).toBe("no-decrease");
    expect(lineSearchAccepted(flatRun.result)).toBe(false);
  });

  it("accepts only sufficient decrease when the curvature condition cannot be met before maxAlpha", () => {
    // Unbounded linear decrease: the slope never flattens.
    const linear = line((t) => -t, () => -1);
    const counted = new CountedObjective(linear);
    const x = Float64Array.of(0);
    const g = Float64Array.of(-1);
    const xTrial = new Float64Array(1);
    const gTrial = new Float64Array(1);
    const result = strongWolfe(counted, x, 0, g, Float64Array.of(1), xTrial, gTrial, { maxAlpha: 8 });
    expect(result.status).toBe("armijo");
    expect(result.step).toBe(8);
    expect(xTrial[0]).toBe(8);
    expect(counted.functionEvaluations).toBe(4); // α = 1, 2, 4, 8
  });
});

describe("backtrackingArmijo", () => {
  it("returns the first halving that gives sufficient decrease", () => {
    const quadratic = line((t) => t * t, (t) => 2 * t);
    const counted = new CountedObjective(quadratic);
    const x = Float64Array.of(1);
    const g = Float64Array.of(2);
    const direction = Float64Array.of(-5); // overshoots: needs α ≤ (2 − 2e-4)/5 ≈ 0.4
    const xTrial = new Float64Array(1);
    const gTrial = new Float64Array(1);
    const result = backtrackingArmijo(counted, x, 1, g, direction, xTrial, gTrial);
    expect(result.status).toBe("armijo");
    expect(result.step).toBe(0.25);
    expect(xTrial[0]).toBe(1 - 1.25);
    expect(gTrial[0]).toBe(2 * xTrial[0]!);
    expect(counted.functionEvaluations).toBe(3); // α = 1, ½, ¼
    expect(counted.gradientEvaluations).toBe(1); // only at the accepted point
  });

  it("backs off from non-finite values and rejects a point with a non-finite gradient", () => {
    const objective = line(
      (t) => (t < 0 ? Number.NaN : (t - 1) ** 2),
      (t) => (t < 0.3 ? Number.NaN : 2 * (t - 1)),
    );
    const counted = new CountedObjective(objective);
    const xTrial = new Float64Array(1);
    const gTrial = new Float64Array(1);
    // From t = 3 along d = −3.5: α = 1 → −0.5 (NaN), ½ → 1.25, accepted.
    const r1 = backtrackingArmijo(counted, Float64Array.of(3), 4, Float64Array.of(4), Float64Array.of(-3.5), xTrial, gTrial);
    expect(r1.status).toBe("armijo");
    expect(r1.step).toBe(0.5);
    // From t = 3 along d = −2.8: α = 1 → 0.2 has a finite value but NaN gradient, so ½ → 1.6.
    const r2 = backtrackingArmijo(counted, Float64Array.of(3), 4, Float64Array.of(4), Float64Array.of(-2.8), xTrial, gTrial);
    expect(r2.step).toBe(0.5);
    expect(xTrial[0]).toBeCloseTo(1.6, 14);
  });

  it("stops at a machine-precision step when no decrease is possible", () => {
    const flat = line(() => 1, () => 1);
    const counted = new CountedObjective(flat);
    const result = backtrackingArmijo(
      counted, Float64Array.of(1), 1, Float64Array.of(1), Float64Array.of(-1), new Float64Array(1), new Float64Array(1),
    );
    expect(result.status).toBe("no-decrease");
    // 1 − 2^−k differs from 1 for k ≤ 53, so about 54 trials before x + αd == x.
    expect(counted.functionEvaluations).toBeGreaterThan(50);
    expect(counted.functionEvaluations).toBeLessThan(60);
  });

  it("refuses an ascent direction without evaluating", () => {
    const counted = new CountedObjective(line((t) => t, () => 1));
    const result = backtrackingArmijo(
      counted, Float64Array.of(0), 0, Float64Array.of(1), Float64Array.of(1), new Float64Array(1), new Float64Array(1),
    );
    expect(result.status).toBe("no-decrease");
    expect(counted.functionEvaluations).toBe(0);
  });
});
