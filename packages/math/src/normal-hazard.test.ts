import { describe, expect, it } from "vitest";
import { logNormalCdf, normalCcdf as normalUpperTail, normalCdf, normalPdf } from "./normal.js";
import { normalHazard } from "./normal-hazard.js";

/** [x, Φ(x), log Φ(x), φ(x)/(1 − Φ(x))] from mpmath at 50 significant digits. */
const REFERENCE = [
  [-40.0, 0.0, -804.6084420137538, 0.0],
  [-10.0, 7.619853024160525e-24, -53.23128515051247, 7.694598626706419e-23],
  [-5.7, 5.9903714010635345e-9, -18.933112423224742, 3.513955115870334e-8],
  [-3.0, 0.0013498980316300946, -6.607726221510349, 0.004437839042125664],
  [-0.5, 0.3085375387259869, -1.1759117615936185, 0.5091604338370335],
  [0.0, 0.5, -0.6931471805599453, 0.7978845608028654],
  [0.3, 0.6179114221889527, -0.4814101615884812, 0.9981659688584833],
  [1.0, 0.8413447460685429, -0.17275377902344988, 1.525135276160981],
  [4.0, 0.9999683287581669, -3.167174337748927e-5, 4.225607144489471],
  [8.0, 0.9999999999999993, -6.220960574271786e-16, 8.121368112236112],
  [40.0, 1.0, 0.0, 40.02496884720726],
];

function close(got: number, want: number, rel: number): void {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.abs(want) + 1e-300);
}

describe("normal distribution (Cody)", () => {
  it("matches high-precision Φ, log Φ and the hazard, far tails included", () => {
    for (const [x, cdf, logCdf, hazard] of REFERENCE) {
      if (x! > -40) close(normalCdf(x!), cdf!, 1e-14);
      close(logNormalCdf(x!), logCdf!, 1e-14);
      if (x! > -40) close(normalHazard(x!), hazard!, 1e-14);
    }
  });

  it("is symmetric: Q(y) = Φ(−y), and φ is even", () => {
    for (const y of [-7, -2, -0.6, 0.2, 0.7, 3, 12, 30]) {
      expect(normalUpperTail(y)).toBe(normalCdf(-y));
      expect(normalPdf(y)).toBe(normalPdf(-y));
    }
  });

  it("has no discontinuity where Cody's ranges meet", () => {
    for (const edge of [0.67448975, 5.656854249492380195]) {
      for (const s of [-1, 1]) {
        const x = s * edge;
        const lo = x - 1e-9;
        const hi = x + 1e-9;
        // The jump across the seam must be what the slope φ predicts, to rounding.
        const jump = normalCdf(hi) - normalCdf(lo);
        expect(Math.abs(jump - normalPdf(x) * (hi - lo))).toBeLessThan(5e-15 * Math.max(normalCdf(x), 1e-300) + 1e-24);
      }
    }
  });

  it("gives the hazard on both sides of the continued-fraction seam and far out, never 0/0", () => {
    // [x, φ(x)/(1 − Φ(x))] from mpmath at 50 digits.
    const hazards = [
      [6, 6.158482604544599],
      [8.000001, 8.12136909791123],
      [12.5, 12.579007304406977],
      [30, 30.033259667433676],
      [37.6, 37.62655825292355],
      [60, 60.016657420241124],
      [1e4, 10000.000099999997],
    ];
    for (const [x, hazard] of hazards) close(normalHazard(x!), hazard!, 1e-14);
    expect(normalHazard(1e100)).toBe(1e100);
    expect(normalHazard(Infinity)).toBe(Infinity);
    expect(normalHazard(-Infinity)).toBe(0);
    expect(normalHazard(NaN)).toBeNaN();
  });
});
