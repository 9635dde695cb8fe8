import { describe, expect, it } from "vitest";
import { logChoose, logGamma } from "@glmmkit/math";
import { binomialLink } from "@glmmkit/math";
import type { LinkName } from "@glmmkit/math";
import { binomialLogLikKernel } from "./binomial-likelihood.js";
import { fitGlm, type GlmFit } from "./fit-glm.js";
import { loadEndometrial, loadReference } from "./test-support/test-data.js";

const data = loadEndometrial();

interface MlOptions {
  readonly link?: LinkName;
  readonly maxIter?: number;
  readonly start?: Float64Array;
}

/** The ML fit of a binomial GLM. */
function fitBinomialGlm(X: Float64Array, n: number, p: number, y: Float64Array, trials: Float64Array, o: MlOptions = {}): GlmFit {
  return fitGlm({
    design: { X, n, p },
    y,
    trials,
    ...(o.link === undefined ? {} : { link: o.link }),
    ...(o.maxIter === undefined ? {} : { maxIterations: o.maxIter }),
    ...(o.start === undefined ? {} : { start: o.start }),
  });
}

/** Endometrial without the separating NV column: X = [1, PI, EH], columns 0, 2, 3 of the full design. */
function withoutNV(): { X: Float64Array; p: number } {
  const n = data.n;
  const X = new Float64Array(n * 3);
  X.set(data.X.subarray(0, n), 0);
  X.set(data.X.subarray(2 * n, 3 * n), n);
  X.set(data.X.subarray(3 * n, 4 * n), 2 * n);
  return { X, p: 3 };
}

/**
 * ML fits of HG ~ PI + EH: Newton iterations in mpmath at 40 digits (from a scipy start) on the
 * Table 1 links; [β0, β_PI, β_EH, logLik].
 */
const ML_REFERENCE: Partial<Record<LinkName, number[]>> = {
  logit: [5.439209775848929, -0.019599612311130152, -3.6930643397400975, -32.3754516847809],
  probit: [2.9575675517710693, -0.012395895439939842, -1.9675513362229415, -33.16640208162482],
  cloglog: [3.9816635510122436, -0.029371008977815652, -2.8540082878017867, -31.521125839356213],
  cauchit: [8.282234083979331, -0.013643483936336168, -6.143415845438014, -30.669055402176976],
};

describe("fitBinomialGlm", () => {
  it.each(Object.keys(ML_REFERENCE) as LinkName[])("finds the ML estimate for the %s link", (link) => {
    const { X, p } = withoutNV();
    const ref = ML_REFERENCE[link]!;
    const fit = fitBinomialGlm(X, data.n, p, data.y, data.trials, { link });
    expect(fit.converged).toBe(true);
    expect(fit.maxAbsScore).toBeLessThanOrEqual(1e-10);
    for (let k = 0; k < p; k++) expect(Math.abs(fit.beta[k]! - ref[k]!)).toBeLessThan(1e-9 * (1 + Math.abs(ref[k]!)));
    expect(fit.logLik).toBeCloseTo(ref[3]!, 10);
    expect(fit.fittedAtBoundary).toBe(0);
    expect(fit.link).toBe(link);
  });

  it("matches R's glm on the endometrial data where the ML estimate exists, and shows the separation", () => {
    const ref = loadReference("endometrial_glm_ml");
    const fit = fitBinomialGlm(data.X, data.n, data.p, data.y, data.trials);
    // NV is quasi-separated: its estimate is really +∞. The others converge to finite limits,
    // which R's glm (stopped at NV ≈ 18) had already reached.
    for (const name of ["(Intercept)", "PI", "EH"]) {
      const k = data.names.indexOf(name);
      expect(fit.beta[k]).toBeCloseTo(ref.coef[name]!, 7);
      expect(Math.abs(fit.se[k]! - ref.se[name]!) / ref.se[name]!).toBeLessThan(1e-6);
    }
    const nv = data.names.indexOf("NV");
    expect(fit.beta[nv]).toBeGreaterThan(ref.coef["NV"]!);
    expect(fit.se[nv]).toBeGreaterThan(1e3);
    expect(fit.fittedAtBoundary).toBeGreaterThan(0);
  });

  it("has the maximum-likelihood score equations: Σ μ_i = Σ y_i with a logit intercept", () => {
    const { X, p } = withoutNV();
    const fit = fitBinomialGlm(X, data.n, p, data.y, data.trials);
    const logit = binomialLink("logit");
    let sumMu = 0;
    let sumY = 0;
    for (let i = 0; i < data.n; i++) {
      let eta = 0;
      for (let k = 0; k < p; k++) eta += X[k * data.n + i]! * fit.beta[k]!;
      sumMu += logit.mu(eta);
      sumY += data.y[i]!;
    }
    expect(sumMu).toBeCloseTo(sumY, 9);
  });

  it("handles binomial counts, with log C(m, y) in the log-likelihood", () => {
    // Grouped data: identical-covariate Bernoulli rows collapse into counts with the same β̂.
    const n = 4;
    const X = Float64Array.from([1, 1, 1, 1, -1.5, -0.5, 0.5, 1.5]);
    const y = Float64Array.from([1, 3, 6, 8]);
    const trials = Float64Array.from([10, 10, 10, 10]);
    const grouped = fitBinomialGlm(X, n, 2, y, trials, { link: "probit" });
    const rowsX: number[][] = [[], []];
    const rowsY: number[] = [];
    for (let g = 0; g < n; g++) {
      for (let j = 0; j < trials[g]!; j++) {
        rowsX[0]!.push(1);
        rowsX[1]!.push(X[n + g]!);
        rowsY.push(j < y[g]! ? 1 : 0);
      }
    }
    const N = rowsY.length;
    const bernoulli = fitBinomialGlm(Float64Array.from([...rowsX[0]!, ...rowsX[1]!]), N, 2, Float64Array.from(rowsY), new Float64Array(N).fill(1), {
      link: "probit",
    });
    expect(grouped.beta[0]).toBeCloseTo(bernoulli.beta[0]!, 10);
    expect(grouped.beta[1]).toBeCloseTo(bernoulli.beta[1]!, 10);
    expect(grouped.se[1]).toBeCloseTo(bernoulli.se[1]!, 10);
    let constant = 0;
    for (let g = 0; g < n; g++) constant += logChoose(trials[g]!, y[g]!);
    expect(constant).toBeCloseTo(Math.log(10) + Math.log(120) + Math.log(210) + Math.log(45), 12);
    expect(grouped.logLik).toBeCloseTo(bernoulli.logLik + constant, 10);
    const kernel = binomialLogLikKernel({ design: { X, n, p: 2 }, y, trials, offset: new Float64Array(n), link: binomialLink("probit") }, grouped.beta);
    expect(kernel + constant).toBeCloseTo(grouped.logLik, 12);
  });

  it("reports non-convergence instead of throwing", () => {
    const fit = fitBinomialGlm(data.X, data.n, data.p, data.y, data.trials, { maxIter: 3 });
    expect(fit.converged).toBe(false);
    expect(fit.iterations).toBe(3);
    expect(fit.maxAbsScore).toBeGreaterThan(1e-10);
  });

  it("rejects malformed data with the row named", () => {
    const y = Float64Array.from(data.y);
    y[4] = 2;
    expect(() => fitBinomialGlm(data.X, data.n, data.p, y, data.trials)).toThrow(/row 5 has y = 2, trials = 1/);
    expect(() => fitBinomialGlm(data.X, data.n, data.p, data.y, data.trials, { start: new Float64Array(2) })).toThrow(/start/);
  });
});

describe("log Γ and log C(m, y)", () => {
  it("agree with known values", () => {
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(logGamma(0.1)).toBeCloseTo(2.252712651734206, 13);
    // lgamma(1001) − 2 lgamma(501) from Python's math.lgamma.
    expect(logChoose(1000, 500)).toBeCloseTo(689.467261567851, 9);
    expect(logChoose(5000, 2)).toBeCloseTo(Math.log((5000 * 4999) / 2), 9);
    expect(logChoose(7, 0)).toBe(0);
    expect(logChoose(1, 1)).toBe(0);
  });
});

describe("offsets, prior weights and the ridge", () => {
  const n = 40;
  const X = new Float64Array(2 * n);
  const offset = new Float64Array(n);
  const y = new Float64Array(n);
  const trials = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    X[i] = 1;
    X[n + i] = -2 + (4 * i) / (n - 1);
    offset[i] = 0.3 * Math.sin(i);
    trials[i] = 3 + (i % 4);
    y[i] = Math.round(trials[i]! / (1 + Math.exp(0.4 - 0.8 * X[n + i]! - offset[i]!)));
  }
  const design = { X, n, p: 2 };

  it.each(["logit", "probit", "cloglog", "loglog", "cauchit"] as LinkName[])("an offset equals a third column with its coefficient held at 1 (%s)", (link) => {
    const fit = fitGlm({ design, y, trials, offset, link });
    expect(fit.converged).toBe(true);
    // The score of the model with the offset as a free column vanishes in β and, at coefficient 1, is
    // not zero in the offset's direction in general — the fit with the column fixed is this one.
    const X3 = new Float64Array(3 * n);
    X3.set(X);
    X3.set(offset, 2 * n);
    const data = { design: { X: X3, n, p: 3 }, y, trials, offset: new Float64Array(n), link: binomialLink(link) };
    const kernel = binomialLogLikKernel(data, [...fit.beta, 1]);
    let constant = 0;
    for (let i = 0; i < n; i++) constant += logChoose(trials[i]!, y[i]!);
    expect(kernel + constant).toBeCloseTo(fit.logLik, 10);
    expect(Math.max(...Array.from(fit.score, Math.abs))).toBeLessThan(1e-8);
  });

  it("prior weights: w·y successes of w·m trials in the kernel, Σ w log C(m, y) in the constant", () => {
    const weights = Float64Array.from({ length: n }, (_, i) => 0.5 + (i % 3));
    const weighted = fitGlm({ design, y, trials, weights, link: "probit" });
    const scaled = fitGlm({ design, y: y.map((v, i) => v * weights[i]!), trials: trials.map((v, i) => v * weights[i]!), link: "probit" });
    weighted.beta.forEach((b, k) => expect(b).toBeCloseTo(scaled.beta[k]!, 10));
    let constantWeighted = 0;
    let constantScaled = 0;
    for (let i = 0; i < n; i++) {
      constantWeighted += weights[i]! * logChoose(trials[i]!, y[i]!);
      constantScaled += logChoose(trials[i]! * weights[i]!, y[i]! * weights[i]!);
    }
    expect(weighted.logLik - constantWeighted).toBeCloseTo(scaled.logLik - constantScaled, 9);
  });

  it("the ridge: the penalised score vanishes, and a huge λ pulls the penalised coefficient to 0", () => {
    const ridge = Float64Array.from([0, 0.5]);
    const fit = fitGlm({ design, y, trials, ridge });
    expect(fit.method).toBe("ridge");
    expect(Math.max(...Array.from(fit.score, Math.abs))).toBeLessThan(1e-9);
    const ml = fitGlm({ design, y, trials });
    expect(Math.abs(fit.beta[1]!)).toBeLessThan(Math.abs(ml.beta[1]!));
    const strong = fitGlm({ design, y, trials, ridge: Float64Array.from([0, 1e9]) });
    expect(Math.abs(strong.beta[1]!)).toBeLessThan(1e-6);
    expect(() => fitGlm({ design, y, trials, ridge, jeffreysPower: 0.5 })).toThrow(/cannot be combined/);
  });
});
