import { describe, expect, it } from "vitest";
import { expit, log1mexp, log1pexp, logExpit, logit } from "./logistic.js";
import { mulberry32, relativeError } from "./test-support/mulberry32.js";

// Reference values computed with mpmath 1.3.0 at 60 significant digits from the defining
// formulas (log1p(exp(x)), 1/(1+exp(−x)), log(−expm1(−a)), log(p/(1−p))) evaluated at the exact
// binary value of each double argument, then rounded to the nearest double.
const LOG1PEXP: readonly (readonly [number, number])[] = [
  [-800, 0],
  [-40, 4.248354255291589e-18],
  [-37, 8.533047625744066e-17],
  [-20, 2.061153620314381e-9],
  [-1, 0.3132616875182228],
  [-1e-10, 0.6931471805099453],
  [0, 0.6931471805599453],
  [1e-10, 0.6931471806099453],
  [1, 1.3132616875182228],
  [18, 18.00000001522998],
  [18.5, 18.50000000923745],
  [25, 25.000000000013888],
  [33.3, 33.3],
  [34, 34],
  [50, 50],
  [800, 800],
];
const EXPIT: readonly (readonly [number, number])[] = [
  [-700, 9.85967654375977e-305],
  [-40, 4.248354255291589e-18],
  [-5, 0.0066928509242848554],
  [-1e-10, 0.499999999975],
  [0, 0.5],
  [1, 0.7310585786300049],
  [20, 0.9999999979388464],
  [40, 1],
];
const LOG1MEXP: readonly (readonly [number, number])[] = [
  [1e-300, -690.7755278982137],
  [1e-20, -46.051701859880914],
  [1e-5, -11.512930464966061],
  [0.5, -0.9327521295671886],
  [0.6931471805599453, -0.6931471805599453],
  [0.7, -0.6863410028083852],
  [1, -0.4586751453870819],
  [10, -4.540096037048921e-5],
  [50, -1.9287498479639178e-22],
];
const LOGIT: readonly (readonly [number, number])[] = [
  [1e-300, -690.7755278982137],
  [1e-10, -23.025850929840455],
  [0.1, -2.197224577336219],
  [0.4999999, -4.000000000115076e-7],
  [0.5, 0],
  [0.75, 1.0986122886681098],
  [0.9999999999, 23.025850847100088],
  [0.9999999999999999, 36.7368005696771],
];

describe("log1pexp", () => {
  it.each(LOG1PEXP)("log1pexp(%d) matches the high-precision value", (x, expected) => {
    expect(relativeError(log1pexp(x), expected)).toBeLessThan(4e-16);
  });

  it("is finite and exact far out in both tails (no overflow)", () => {
    expect(log1pexp(1e300)).toBe(1e300);
    expect(log1pexp(710)).toBe(710);
    expect(log1pexp(-1e300)).toBe(0);
    expect(log1pexp(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(log1pexp(Number.NEGATIVE_INFINITY)).toBe(0);
  });

  it("satisfies log1pexp(x) − log1pexp(−x) = x", () => {
    const random = mulberry32(11);
    for (let i = 0; i < 500; i++) {
      const x = (random() - 0.5) * 80;
      expect(log1pexp(x) - log1pexp(-x)).toBeCloseTo(x, 12);
    }
  });

  it("is continuous across the branch points −37, 18 and 33.3", () => {
    for (const t of [-37, 18, 33.3]) {
      const below = log1pexp(t - 1e-12);
      const above = log1pexp(t + 1e-12);
      // The function itself moves by at most 2e−12 relative over the 2e−12 gap.
      expect(relativeError(above, below)).toBeLessThan(3e-12);
    }
  });
});

describe("expit and logExpit", () => {
  it.each(EXPIT)("expit(%d) matches the high-precision value", (x, expected) => {
    expect(relativeError(expit(x), expected)).toBeLessThan(4e-16);
  });

  it("never overflows or produces NaN", () => {
    expect(expit(-1000)).toBe(0);
    expect(expit(1000)).toBe(1);
    expect(expit(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(expit(Number.POSITIVE_INFINITY)).toBe(1);
  });

  it("is symmetric: expit(x) + expit(−x) = 1", () => {
    const random = mulberry32(12);
    for (let i = 0; i < 500; i++) {
      const x = (random() - 0.5) * 60;
      expect(expit(x) + expit(-x)).toBeCloseTo(1, 15);
    }
  });

  it("logExpit is log σ(x) and stays exact where σ under- or overflows", () => {
    for (const [x] of EXPIT) {
      if (x > -700) expect(logExpit(x)).toBeCloseTo(Math.log(expit(x)), 13);
    }
    expect(logExpit(-1000)).toBe(-1000);
    expect(relativeError(logExpit(40), -4.248354255291589e-18)).toBeLessThan(4e-16);
    expect(logExpit(0)).toBe(-Math.LN2);
  });
});

describe("log1mexp", () => {
  it.each(LOG1MEXP)("log1mexp(%d) matches the high-precision value", (a, expected) => {
    expect(relativeError(log1mexp(a), expected)).toBeLessThan(4e-16);
  });

  it("handles the end points and rejects a < 0", () => {
    expect(log1mexp(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(log1mexp(800)).toBe(-0);
    expect(log1mexp(Number.POSITIVE_INFINITY)).toBe(-0);
    expect(log1mexp(-1)).toBeNaN();
    expect(log1mexp(Number.NaN)).toBeNaN();
  });
});

describe("logit", () => {
  it.each(LOGIT)("logit(%d) matches the high-precision value", (p, expected) => {
    expect(relativeError(logit(p), expected)).toBeLessThan(4e-16);
  });

  it("inverts expit", () => {
    const random = mulberry32(13);
    for (let i = 0; i < 500; i++) {
      // |x| ≤ 10: beyond, σ(x) rounds to within 1 ulp of 1 and the inverse is ill-conditioned.
      const x = (random() - 0.5) * 20;
      expect(logit(expit(x))).toBeCloseTo(x, 10);
    }
  });

  it("maps the end points to ±∞ and rejects p outside [0, 1]", () => {
    expect(logit(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(logit(1)).toBe(Number.POSITIVE_INFINITY);
    expect(logit(-0.1)).toBeNaN();
    expect(logit(1.1)).toBeNaN();
    expect(logit(Number.NaN)).toBeNaN();
  });
});
