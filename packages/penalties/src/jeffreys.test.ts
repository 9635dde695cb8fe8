import { describe, expect, it } from "vitest";
import { Matrix, determinant, inverse } from "ml-matrix";
import { jeffreysPenalty } from "./jeffreys.js";
import { binomialLink, LINK_NAMES } from "@glmmkit/math";
import type { LinkName } from "@glmmkit/math";
import { loadEndometrial } from "./test-support/endometrial.js";
import { mulberry32, normalDraws } from "./test-support/rng.js";
import { numericalGradient, numericalHessian, relativeError } from "./test-support/finite-differences.js";

const data = loadEndometrial();
const { n, p, X, trials } = data;
/** θ carries two ψ entries beyond β, which the Jeffreys penalty must ignore. */
const dim = p + 2;

/** Random θ with linear predictors of moderate size on the endometrial covariates. */
function randomTheta(normal: () => number): Float64Array {
  const scales = [1, 1.5, 1 / 20, 1 / 2];
  const theta = new Float64Array(dim);
  for (let k = 0; k < p; k++) theta[k] = normal() * scales[k]!;
  theta[p] = normal();
  theta[p + 1] = normal();
  return theta;
}

/** Finite-difference steps scaled to each column's range (PI runs to 49). */
const steps = [1e-3, 1e-3, 1e-3 / 49, 1e-3 / 3.61, 1e-3, 1e-3];

function rowMatrix(): Matrix {
  const m = new Matrix(n, p);
  for (let i = 0; i < n; i++) for (let k = 0; k < p; k++) m.set(i, k, X[k * n + i]!);
  return m;
}

describe.each(LINK_NAMES)("jeffreys penalty, %s link, endometrial data", (linkName) => {
  it.each([0.1, 0.5, 1])("has exact gradient and Hessian (a = %s) by finite differences", (a) => {
    const normal = normalDraws(mulberry32(1000 + Math.round(a * 10) + LINK_NAMES.indexOf(linkName) * 97));
    const pen = jeffreysPenalty(X, n, p, trials, dim, { a, link: linkName });
    for (let rep = 0; rep < 3; rep++) {
      const theta = randomTheta(normal);
      const g = new Float64Array(dim).fill(123); // overwritten, not added to
      pen.gradient(theta, g);
      const gNum = numericalGradient((x) => pen.value(x), theta, steps);
      expect(relativeError(g, gNum)).toBeLessThan(1e-5);
      expect(g[p]).toBe(0);
      expect(g[p + 1]).toBe(0);

      const h = new Float64Array(dim * dim).fill(7);
      pen.hessian(theta, h);
      const hNum = numericalHessian((x, out) => pen.gradient(x, out), theta, steps);
      expect(relativeError(h, hNum)).toBeLessThan(1e-5);
      for (let r = 0; r < dim; r++) {
        for (let c = 0; c < dim; c++) {
          expect(h[c * dim + r]).toBe(h[r * dim + c]);
          if (r >= p || c >= p) expect(h[c * dim + r]).toBe(0);
        }
      }
    }
  });

  it("has log det(XᵀWX) equal to a direct dense computation", () => {
    const normal = normalDraws(mulberry32(77 + LINK_NAMES.indexOf(linkName)));
    const link = binomialLink(linkName as LinkName);
    const pen = jeffreysPenalty(X, n, p, trials, dim, { a: 0.5, link: linkName });
    const Xm = rowMatrix();
    for (let rep = 0; rep < 3; rep++) {
      const theta = randomTheta(normal);
      const W = Matrix.zeros(n, n);
      for (let i = 0; i < n; i++) {
        let eta = 0;
        for (let k = 0; k < p; k++) eta += X[k * n + i]! * theta[k]!;
        const mu = link.mu(eta);
        const g = link.dmu(eta);
        // A row whose density has underflowed carries no information (and 0/0 here).
        W.set(i, i, g === 0 ? 0 : (trials[i]! * g * g) / (mu * link.muComplement(eta)));
      }
      const F = Xm.transpose().mmul(W).mmul(Xm);
      const direct = Math.log(determinant(F));
      expect(Math.abs(pen.logDetInformation(theta) - direct)).toBeLessThan(1e-10 * Math.max(1, Math.abs(direct)));
      expect(pen.value(theta)).toBeCloseTo(0.5 * direct, 10);
    }
  });

  it("has leverages that sum to p (the trace of the hat matrix)", () => {
    const pen = jeffreysPenalty(X, n, p, trials, dim, { link: linkName });
    const theta = randomTheta(normalDraws(mulberry32(5)));
    const h = new Float64Array(n);
    pen.leverages(theta, h);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      expect(h[i]).toBeGreaterThanOrEqual(0);
      expect(h[i]).toBeLessThanOrEqual(1 + 1e-12);
      sum += h[i]!;
    }
    expect(sum).toBeCloseTo(p, 10);
  });

  it("is invariant under reparameterisation β → Cβ up to the constant −2a log|det C|", () => {
    // With X' = X C⁻¹ and γ = Cβ, X'ᵀWX' = C⁻ᵀ(XᵀWX)C⁻¹, so P'(γ) = P(β) − 2a log|det C|,
    // ∇P'(γ) = C⁻ᵀ∇P(β) and ∇²P'(γ) = C⁻ᵀ∇²P(β)C⁻¹ (MSPL's equivariance; K&F 2021 § 5).
    const a = 0.7;
    const unif = mulberry32(4242 + LINK_NAMES.indexOf(linkName));
    const normal = normalDraws(unif);
    const C = new Matrix(p, p);
    for (let r = 0; r < p; r++) for (let c = 0; c < p; c++) C.set(r, c, (r === c ? 2 : 0) + 0.5 * normal());
    const Cinv = inverse(C);
    const Xm = rowMatrix().mmul(Cinv);
    const X2 = new Float64Array(n * p);
    for (let i = 0; i < n; i++) for (let k = 0; k < p; k++) X2[k * n + i] = Xm.get(i, k);
    const pen = jeffreysPenalty(X, n, p, trials, p, { a, link: linkName });
    const pen2 = jeffreysPenalty(X2, n, p, trials, p, { a, link: linkName });
    const beta = randomTheta(normal).subarray(0, p);
    const gamma = Float64Array.from(C.mmul(Matrix.columnVector(Array.from(beta))).getColumn(0));
    const logAbsDetC = Math.log(Math.abs(determinant(C)));
    expect(pen2.value(gamma)).toBeCloseTo(pen.value(beta) - 2 * a * logAbsDetC, 9);

    const g = new Float64Array(p);
    const g2 = new Float64Array(p);
    pen.gradient(beta, g);
    pen2.gradient(gamma, g2);
    const expectedG2 = Cinv.transpose().mmul(Matrix.columnVector(Array.from(g))).getColumn(0);
    expect(relativeError(g2, expectedG2)).toBeLessThan(1e-9);

    const h = new Float64Array(p * p);
    const h2 = new Float64Array(p * p);
    pen.hessian(beta, h);
    pen2.hessian(gamma, h2);
    const H = new Matrix(p, p);
    for (let r = 0; r < p; r++) for (let c = 0; c < p; c++) H.set(r, c, h[c * p + r]!);
    const expectedH2 = Cinv.transpose().mmul(H).mmul(Cinv);
    const flat: number[] = [];
    for (let c = 0; c < p; c++) for (let r = 0; r < p; r++) flat.push(expectedH2.get(r, c));
    expect(relativeError(h2, flat)).toBeLessThan(1e-9);
  });
});

describe("jeffreys penalty edge cases", () => {
  it("stays finite as a coefficient diverges (the separated NV direction) and decreases", () => {
    for (const link of LINK_NAMES) {
      const pen = jeffreysPenalty(X, n, p, trials, p, { link });
      let previous = Infinity;
      for (const bNV of [5, 10, 20, 40]) {
        const beta = Float64Array.from([0.5, bNV, -0.02, -1]);
        const v = pen.value(beta);
        expect(Number.isFinite(v)).toBe(true);
        expect(v).toBeLessThan(previous);
        previous = v;
        const g = new Float64Array(p);
        pen.gradient(beta, g);
        for (const gk of g) expect(Number.isFinite(gk)).toBe(true);
        // Theorem 1 of K&F (2021): log det(XᵀWX) → −∞, so the penalty pulls NV back.
        expect(g[1]).toBeLessThan(0);
      }
    }
  });

  it("keeps log det(XᵀWX) exact when whole columns' weights underflow (column equilibration)", () => {
    // References: Cholesky log-determinant in mpmath at 80 digits, ω from Table 1 of K&F (2021).
    // At these β every NV = 1 row has ω far below the double range (cloglog: ω ≈ e^{−22000}).
    const cases = [
      { link: "cloglog" as const, bNV: 10, want: -4986.226371628876 },
      { link: "probit" as const, bNV: 40, want: -727.9366914458402 },
      { link: "logit" as const, bNV: 40, want: -26.787737713726944 },
    ];
    for (const c of cases) {
      const pen = jeffreysPenalty(X, n, p, trials, p, { link: c.link, a: 1 });
      const got = pen.logDetInformation(Float64Array.from([0.5, c.bNV, -0.02, -1]));
      expect(Math.abs(got - c.want)).toBeLessThan(1e-12 * Math.abs(c.want));
    }
  });

  it("keeps an exact Hessian when whole columns' weights underflow", () => {
    // The rows with NV = 1 have weights below the double range: the cross-leverage sums then run on the
    // log-space scaled rows (the direct path), checked here against differences of the exact gradient.
    for (const c of [
      { link: "cloglog" as const, bNV: 10 },
      { link: "probit" as const, bNV: 40 },
      { link: "logit" as const, bNV: 40 },
    ]) {
      const pen = jeffreysPenalty(X, n, p, trials, p, { link: c.link, a: 0.5 });
      const beta = Float64Array.from([0.5, c.bNV, -0.02, -1]);
      const exact = new Float64Array(p * p);
      pen.hessian(beta, exact);
      const plus = new Float64Array(p);
      const minus = new Float64Array(p);
      let worst = 0;
      let scale = 0;
      for (let k = 0; k < p; k++) {
        const h = 1e-5 * Math.max(1, Math.abs(beta[k]!));
        const bp = beta.slice();
        const bm = beta.slice();
        bp[k] += h;
        bm[k] -= h;
        pen.gradient(bp, plus);
        pen.gradient(bm, minus);
        for (let r = 0; r < p; r++) {
          worst = Math.max(worst, Math.abs(exact[k * p + r]! - (plus[r]! - minus[r]!) / (2 * h)));
          scale = Math.max(scale, Math.abs(exact[k * p + r]!));
        }
      }
      expect(worst / scale).toBeLessThan(1e-5);
    }
  });

  it("is −Infinity for a rank-deficient X, with NaN derivatives and a throwing leverages()", () => {
    const Xbad = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      Xbad[i] = 1;
      Xbad[n + i] = 2;
    }
    const pen = jeffreysPenalty(Xbad, n, 2, trials, 2);
    const beta = Float64Array.from([0.1, 0.2]);
    expect(pen.value(beta)).toBe(-Infinity);
    const g = new Float64Array(2);
    pen.gradient(beta, g);
    expect(Number.isNaN(g[0]) && Number.isNaN(g[1])).toBe(true);
    const h = new Float64Array(4);
    pen.hessian(beta, h);
    expect(h.every((v) => Number.isNaN(v))).toBe(true);
    expect(() => pen.leverages(beta, new Float64Array(n))).toThrow(/not positive definite/);
  });

  it("weights rows by their binomial totals", () => {
    // Two copies of a row with m = 1 give the same information as one row with m = 2.
    const Xs = Float64Array.from([1, 1, 1, 0.3, 0.3, -1.2]);
    const Xd = Float64Array.from([1, 1, 0.3, -1.2]);
    const a = jeffreysPenalty(Xs, 3, 2, Float64Array.from([1, 1, 1]), 2, { link: "probit" });
    const b = jeffreysPenalty(Xd, 2, 2, Float64Array.from([2, 1]), 2, { link: "probit" });
    const beta = Float64Array.from([0.2, -0.7]);
    expect(a.value(beta)).toBeCloseTo(b.value(beta), 12);
  });

  it("rejects bad arguments", () => {
    expect(() => jeffreysPenalty(X, n, p, trials, p, { a: -1 })).toThrow(/a must be/);
    expect(() => jeffreysPenalty(X, n, p, trials, p - 1)).toThrow(/dim/);
    expect(() => jeffreysPenalty(X, n, p, new Float64Array(n).fill(-1), p)).toThrow(/trials/);
  });
});
