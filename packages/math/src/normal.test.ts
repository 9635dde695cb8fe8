import { describe, expect, it } from "vitest";
import {
  logNormalCcdf,
  logNormalCdf,
  logNormalPdf,
  normalCcdf,
  normalCdf,
  normalPdf,
  normalQuantile,
} from "./normal.js";
import { mulberry32, relativeError } from "./test-support/mulberry32.js";

// Reference values computed with mpmath 1.3.0 (mp.dps = 60–80): ncdf(x) for Φ, ncdf(−x) for the
// upper tail, log(ncdf(x)) and log1p(−ncdf(−x)) for log Φ, exp(−x²/2)/√(2π) for φ, and for Φ⁻¹
// the root of log ncdf(x) = log p found by findroot to 50 digits. Every argument is the exact
// binary value of the double shown; results are rounded to the nearest double.
const CDF: readonly (readonly [number, number])[] = [
  [-37.5, 4.605353009581955e-308],
  [-37, 5.725571222524577e-300],
  [-35, 1.1249107064724062e-268],
  [-30, 4.906713927148187e-198],
  [-20, 2.7536241186062337e-89],
  [-10, 7.619853024160525e-24],
  [-8, 6.220960574271784e-16],
  [-5.65, 8.022391850663497e-9],
  [-5.7, 5.990371401063528e-9],
  [-5, 2.866515718791939e-7],
  [-3, 0.0013498980316300946],
  [-2, 0.02275013194817921],
  [-1, 0.15865525393145705],
  [-0.67, 0.2514288950953101],
  [-0.68, 0.2482522304535705],
  [-0.5, 0.3085375387259869],
  [-0.1, 0.460172162722971],
  [-1e-8, 0.4999999960105772],
  [0, 0.5],
  [1e-8, 0.5000000039894228],
  [0.3, 0.6179114221889527],
  [0.6744, 0.7499714786270594],
  [1, 0.8413447460685429],
  [2.5, 0.9937903346742238],
  [5, 0.9999997133484281],
];
const UPPER_TAIL: readonly (readonly [number, number])[] = [
  [0.5, 0.3085375387259869],
  [1, 0.15865525393145705],
  [3, 0.0013498980316300946],
  [6, 9.86587645037698e-10],
  [8.5, 9.479534822203318e-18],
  [10, 7.619853024160525e-24],
  [20, 2.7536241186062337e-89],
  [30, 4.906713927148187e-198],
  [37.5, 4.605353009581955e-308],
];
const LOG_CDF: readonly (readonly [number, number])[] = [
  [-1e5, -5000000012.431864],
  [-1e4, -50000010.12927891],
  [-1000, -500007.82669481216],
  [-100, -5005.524208694205],
  [-40, -804.6084420137538],
  [-38.5, -745.695270290411],
  [-37, -689.0305855768906],
  [-10, -53.23128515051247],
  [-3, -6.607726221510349],
  [-1, -1.8410216450092636],
  [-0.3, -0.9621028181688507],
  [0, -0.6931471805599453],
  [0.3, -0.4814101615884812],
  [1, -0.17275377902344988],
  [3, -0.0013508099647481938],
  [5, -2.866516129637636e-7],
  [10, -7.619853024160525e-24],
  [20, -2.7536241186062337e-89],
  [30, -4.906713927148187e-198],
  [37, -5.725571222524577e-300],
];
const PDF: readonly (readonly [number, number])[] = [
  [0, 0.3989422804014327],
  [0.5, 0.35206532676429947],
  [1, 0.24197072451914334],
  [2, 0.05399096651318805],
  [3.3, 0.0017225689390536812],
  [5, 1.4867195147342977e-6],
  [10, 7.694598626706419e-23],
  [20, 5.520948362159764e-88],
  [30, 1.4736461348785476e-196],
  [37, 2.1200065515246056e-298],
];
const QUANTILE: readonly (readonly [number, number])[] = [
  [1e-300, -37.0470962993612],
  [1e-250, -33.79958617269484],
  [1e-200, -30.20559417957964],
  [1e-100, -21.273453560965326],
  [1e-50, -14.933337534788489],
  [1e-20, -9.262340089798407],
  [1e-11, -6.706023155495136],
  [1e-10, -6.361340902404057],
  [1e-5, -4.264890793922825],
  [0.001, -3.0902323061678136],
  [0.01, -2.326347874040841],
  [0.05, -1.6448536269514726],
  [0.074, -1.4466320671589785],
  [0.076, -1.4325027208258116],
  [0.1, -1.2815515655446004],
  [0.3, -0.5244005127080408],
  [0.45, -0.12566134685507402],
  [0.5, 0],
  [0.5000000001, 2.506628482030354e-10],
  [0.7, 0.5244005127080407],
  [0.9, 1.2815515655446006],
  [0.924, 1.4325027208258119],
  [0.926, 1.4466320671589787],
  [0.99, 2.3263478740408408],
  [0.999999, 4.753424308817087],
  [0.9999999999, 6.361340889697422],
];

// The brief is 1e−14 relative; the implementation achieves a few ulps (≈ 4e−16), so a failure here
// means a real regression, not noise.
const TOLERANCE = 1e-14;

describe("normalCdf and normalCcdf", () => {
  it.each(CDF)("Φ(%d) matches the high-precision value", (x, expected) => {
    expect(relativeError(normalCdf(x), expected)).toBeLessThan(TOLERANCE);
  });

  it.each(UPPER_TAIL)("1 − Φ(%d) is computed without cancellation", (x, expected) => {
    expect(relativeError(normalCcdf(x), expected)).toBeLessThan(TOLERANCE);
    expect(normalCcdf(x)).toBe(normalCdf(-x));
  });

  it("is symmetric, Φ(x) + Φ(−x) = 1, and monotone", () => {
    const random = mulberry32(21);
    for (let i = 0; i < 2000; i++) {
      const x = (random() - 0.5) * 20;
      expect(Math.abs(normalCdf(x) + normalCdf(-x) - 1)).toBeLessThan(2.5e-16);
      expect(normalCdf(x + 1e-6)).toBeGreaterThanOrEqual(normalCdf(x));
    }
  });

  it("has density φ: central difference of Φ ≈ φ", () => {
    for (const x of [-6, -3, -1.5, -0.7, -0.6, 0, 0.6, 0.7, 2, 5.6, 5.7]) {
      const h = 1e-5;
      // Difference the smaller tail: Φ near 1 has only absolute accuracy.
      const slope =
        x <= 0
          ? (normalCdf(x + h) - normalCdf(x - h)) / (2 * h)
          : (normalCcdf(x - h) - normalCcdf(x + h)) / (2 * h);
      expect(relativeError(slope, normalPdf(x))).toBeLessThan(1e-8);
    }
  });

  it("handles infinities, NaN and the subnormal far tail", () => {
    expect(normalCdf(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(normalCdf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(normalCdf(Number.NaN)).toBeNaN();
    // Φ(−38.4) ≈ 6.4e−323 is subnormal: still positive and of the right size.
    expect(normalCdf(-38.4)).toBeGreaterThan(5e-323);
    expect(normalCdf(-38.4)).toBeLessThan(8e-323);
    expect(normalCdf(-40)).toBe(0);
  });
});

describe("logNormalCdf", () => {
  it.each(LOG_CDF)("log Φ(%d) matches the high-precision value", (x, expected) => {
    expect(relativeError(logNormalCdf(x), expected)).toBeLessThan(TOLERANCE);
  });

  it("agrees with log Φ(x) = log1p(−Φ(−x)) where Φ is representable", () => {
    const random = mulberry32(22);
    for (let i = 0; i < 1000; i++) {
      const x = -37 + random() * 45;
      // log(Φ(x)) is a faithful reference only while Φ(x) is not close to 1.
      const reference = x <= 0 ? Math.log(normalCdf(x)) : Math.log1p(-normalCcdf(x));
      expect(relativeError(logNormalCdf(x), reference)).toBeLessThan(1e-14);
    }
  });

  it("is finite down to x = −1e150 and handles the ends", () => {
    expect(relativeError(logNormalCdf(-1e150), -5e299)).toBeLessThan(1e-14);
    expect(logNormalCdf(-1e200)).toBe(Number.NEGATIVE_INFINITY);
    expect(logNormalCdf(Number.NEGATIVE_INFINITY)).toBe(Number.NEGATIVE_INFINITY);
    expect(Math.abs(logNormalCdf(Number.POSITIVE_INFINITY))).toBe(0);
    expect(logNormalCdf(Number.NaN)).toBeNaN();
  });

  it("logNormalCcdf(x) = logNormalCdf(−x)", () => {
    for (const [x, expected] of LOG_CDF) {
      expect(logNormalCcdf(-x)).toBe(logNormalCdf(x));
      expect(relativeError(logNormalCcdf(-x), expected)).toBeLessThan(TOLERANCE);
    }
  });
});

describe("normalPdf and logNormalPdf", () => {
  it.each(PDF)("φ(%d) matches the high-precision value", (x, expected) => {
    expect(relativeError(normalPdf(x), expected)).toBeLessThan(4e-16);
    expect(normalPdf(-x)).toBe(normalPdf(x));
    expect(relativeError(logNormalPdf(x), Math.log(expected))).toBeLessThan(4e-16);
  });

  it("underflows cleanly", () => {
    expect(normalPdf(40)).toBe(0);
    expect(normalPdf(Number.POSITIVE_INFINITY)).toBe(0);
    expect(normalPdf(Number.NaN)).toBeNaN();
  });
});

describe("normalQuantile", () => {
  it.each(QUANTILE)("Φ⁻¹(%d) matches the high-precision value", (p, expected) => {
    expect(relativeError(normalQuantile(p), expected)).toBeLessThan(TOLERANCE);
  });

  it("inverts Φ: Φ⁻¹(Φ(x)) = x from x = −37.5 to 0.5", () => {
    // Above the median Φ(x) rounds towards 1 and the inverse is ill-conditioned, so the upper
    // half is checked through the symmetry test below instead.
    const random = mulberry32(23);
    for (let i = 0; i < 3000; i++) {
      const x = -37.5 + random() * 37.9;
      if (Math.abs(x) < 0.1) continue; // Φ(x) − ½ loses relative digits of x near 0
      expect(relativeError(normalQuantile(normalCdf(x)), x)).toBeLessThan(TOLERANCE);
    }
  });

  it("Φ(Φ⁻¹(p)) = p across the whole lower tail", () => {
    for (const exponent of [-1, -5, -20, -60, -150, -250, -307]) {
      const p = 10 ** exponent;
      const z = normalQuantile(p);
      // Φ amplifies a relative error δ in z to ≈ z²·δ in Φ(z): allow a few ulps of z.
      expect(relativeError(normalCdf(z), p)).toBeLessThan(1e-15 * (1 + z * z));
    }
  });

  it("is antisymmetric: Φ⁻¹(1 − p) = −Φ⁻¹(p) when 1 − p is exact", () => {
    for (let k = 1; k < 64; k++) {
      const p = k / 128; // exactly representable, and so is 1 − p
      expect(normalQuantile(1 - p)).toBe(-normalQuantile(p));
    }
  });

  it("handles the end points and invalid input", () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(1.5)).toBeNaN();
    expect(normalQuantile(Number.NaN)).toBeNaN();
    // Subnormal probabilities still give a finite, sensible deviate.
    expect(normalQuantile(5e-324)).toBeLessThan(-38.4);
    expect(normalQuantile(5e-324)).toBeGreaterThan(-38.5);
  });
});
