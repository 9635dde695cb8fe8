import { describe, expect, it } from "vitest";
import { binomialLink, LINK_NAMES } from "@glmmkit/math";
import type { LinkName } from "@glmmkit/math";
import { jeffreysPenalty } from "@glmmkit/penalties";
import { fitGlm, jeffreysAdjustedResponses, jeffreysPenalisedScore, type GlmFit } from "./fit-glm.js";
import { loadEndometrial, loadNbaBradleyTerry, loadReference } from "./test-support/test-data.js";

interface JeffreysOptions {
  readonly a?: number;
  readonly link?: LinkName;
  readonly start?: Float64Array;
}

/** The Jeffreys-penalised GLM by JeffreysMPL (or, for the cross-check, by Newton on l†). */
function jeffreysFit(X: Float64Array, n: number, p: number, y: Float64Array, trials: Float64Array, o: JeffreysOptions = {}, newton = false): GlmFit {
  return fitGlm({
    design: { X, n, p },
    y,
    trials,
    jeffreysPower: o.a ?? 0.5,
    ...(o.link === undefined ? {} : { link: o.link }),
    ...(o.start === undefined ? {} : { start: o.start }),
    ...(newton ? { jeffreysAlgorithm: "newton" as const } : {}),
  });
}
const fitJeffreysGlm = (X: Float64Array, n: number, p: number, y: Float64Array, trials: Float64Array, o: JeffreysOptions = {}) =>
  jeffreysFit(X, n, p, y, trials, o);
const fitJeffreysGlmNewton = (X: Float64Array, n: number, p: number, y: Float64Array, trials: Float64Array, o: JeffreysOptions = {}) =>
  jeffreysFit(X, n, p, y, trials, o, true);

const endometrial = loadEndometrial();
const { n, p, X, y, trials, names } = endometrial;

const BRGLM2_CASES: { key: string; a: number; link: LinkName }[] = [
  { key: "endometrial_jeffreys_logit_a0.5", a: 0.5, link: "logit" },
  { key: "endometrial_jeffreys_logit_a1", a: 1, link: "logit" },
  { key: "endometrial_jeffreys_logit_a0.1", a: 0.1, link: "logit" },
  { key: "endometrial_jeffreys_probit_a0.5", a: 0.5, link: "probit" },
  { key: "endometrial_jeffreys_cloglog_a0.5", a: 0.5, link: "cloglog" },
];

/** A small seeded generator (mulberry32). */
function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let k = 0; k < b.length; k++) m = Math.max(m, Math.abs(a[k]! - b[k]!));
  return m;
}

describe("fitJeffreysGlm on the endometrial data (brglm2 references)", () => {
  it.each(BRGLM2_CASES)("$key: JeffreysMPL matches brglm2 and the direct Newton solve", ({ key, a, link }) => {
    const ref = loadReference(key);
    expect(ref.a).toBe(a);
    expect(ref.link).toBe(link);
    const mpl = fitJeffreysGlm(X, n, p, y, trials, { a, link });
    expect(mpl.converged).toBe(true);
    expect(mpl.maxAbsScore).toBeLessThan(1e-10);
    expect(mpl.method).toBe("JeffreysMPL");
    names.forEach((name, k) => {
      expect(Math.abs(mpl.beta[k]! - ref.coef[name]!)).toBeLessThan(1e-5);
      expect(Math.abs(mpl.se[k]! - ref.se[name]!) / ref.se[name]!).toBeLessThan(1e-4);
    });

    const newton = fitJeffreysGlmNewton(X, n, p, y, trials, { a, link });
    expect(newton.converged).toBe(true);
    expect(newton.maxAbsScore).toBeLessThan(1e-10);
    expect(maxAbsDiff(mpl.beta, newton.beta)).toBeLessThan(1e-8);
    expect(maxAbsDiff(mpl.se, newton.se)).toBeLessThan(1e-8);

    // logLik is the unpenalised binomial log-likelihood; the penalty adds a log det(XᵀWX).
    const penalty = jeffreysPenalty(X, n, p, trials, p, { a, link });
    expect(mpl.objective - mpl.logLik).toBeCloseTo(penalty.value(mpl.beta), 12);
    expect(mpl.objective).toBeCloseTo(newton.objective, 10);
  });

  it("reproduces Firth's bias-reduced logistic fit for a = 1/2", () => {
    const firth = loadReference("endometrial_firth_logit");
    const fit = fitJeffreysGlm(X, n, p, y, trials);
    names.forEach((name, k) => expect(Math.abs(fit.beta[k]! - firth.coef[name]!)).toBeLessThan(1e-5));
  });

  it("gives a finite NV estimate that shrinks as a grows (K&F 2021, § 2.2)", () => {
    const nv = names.indexOf("NV");
    const estimates = [0.1, 0.5, 1, 2].map((a) => fitJeffreysGlm(X, n, p, y, trials, { a }).beta[nv]!);
    for (const b of estimates) expect(Number.isFinite(b)).toBe(true);
    for (let j = 1; j < estimates.length; j++) expect(estimates[j]).toBeLessThan(estimates[j - 1]!);
  });

  it.each(["loglog", "cauchit"] as LinkName[])("agrees with the Newton solve for the %s link too", (link) => {
    const mpl = fitJeffreysGlm(X, n, p, y, trials, { a: 0.5, link });
    const newton = fitJeffreysGlmNewton(X, n, p, y, trials, { a: 0.5, link });
    expect(mpl.converged && newton.converged).toBe(true);
    expect(maxAbsDiff(mpl.beta, newton.beta)).toBeLessThan(1e-8);
  });

  it("is a maximum of the penalised log-likelihood", () => {
    const fit = fitJeffreysGlm(X, n, p, y, trials, { a: 0.5, link: "probit" });
    const u = mulberry32(3);
    const penalty = jeffreysPenalty(X, n, p, trials, p, { a: 0.5, link: "probit" });
    const probit = binomialLink("probit");
    const lDagger = (b: Float64Array) => {
      let ll = 0;
      for (let i = 0; i < n; i++) {
        let eta = 0;
        for (let k = 0; k < p; k++) eta += X[k * n + i]! * b[k]!;
        ll += y[i] === 1 ? Math.log(probit.mu(eta)) : Math.log(probit.muComplement(eta));
      }
      return ll + penalty.value(b);
    };
    const best = lDagger(fit.beta);
    expect(best).toBeCloseTo(fit.objective, 10);
    for (let rep = 0; rep < 20; rep++) {
      const b = Float64Array.from(fit.beta, (v, k) => v + (u() - 0.5) * (k === 2 ? 0.002 : 0.05));
      expect(lDagger(b)).toBeLessThan(best);
    }
  });
});

describe("fitJeffreysGlmNewton from far starts", () => {
  it("ridges the indefinite negative Hessian and still reaches the JeffreysMPL estimate", () => {
    for (const link of ["logit", "cauchit"] as const) {
      const ref = fitJeffreysGlm(X, n, p, y, trials, { link });
      // From these starts J − ∇²P is indefinite on the first steps, so the ridge loop is exercised.
      for (const start of [[10, -10, 1, -10], [-6, 8, 0.3, 6]]) {
        const fit = fitJeffreysGlmNewton(X, n, p, y, trials, { link, start: Float64Array.from(start) });
        expect(fit.converged).toBe(true);
        for (let k = 0; k < p; k++) expect(Math.abs(fit.beta[k]! - ref.beta[k]!)).toBeLessThan(1e-8 * (1 + Math.abs(ref.beta[k]!)));
      }
    }
  });
});

describe("the adjusted score and adjusted responses (K&F 2021, eq. 5–6, Theorem 3)", () => {
  /** Eq. (5) written out with the naive Table 1 quantities (fine at moderate η). */
  function eq5Score(beta: Float64Array, a: number, linkName: LinkName): Float64Array {
    const link = binomialLink(linkName);
    const penalty = jeffreysPenalty(X, n, p, trials, p, { a, link: linkName });
    const h = new Float64Array(n);
    penalty.leverages(beta, h);
    const out = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      let eta = 0;
      for (let k = 0; k < p; k++) eta += X[k * n + i]! * beta[k]!;
      const pi = link.mu(eta);
      const g = link.dmu(eta);
      const gPrime = link.d2mu(eta);
      const w = (trials[i]! * g * g) / (pi * (1 - pi));
      const d = trials[i]! * g;
      const q = (trials[i]! * gPrime) / w + pi;
      const bracket = y[i]! + 2 * a * h[i]! * (q - 0.5) - trials[i]! * pi;
      for (let k = 0; k < p; k++) out[k] = out[k]! + (w / d) * bracket * X[k * n + i]!;
    }
    return out;
  }

  it.each(LINK_NAMES.map((l) => [l] as [LinkName]))("penalisedScore equals eq. (5) and Theorem 3 keeps 0 ≤ ỹ ≤ m̃ (%s)", (link) => {
    const u = mulberry32(11 + LINK_NAMES.indexOf(link));
    for (const a of [0.1, 0.5, 1]) {
      for (let rep = 0; rep < 3; rep++) {
        const beta = Float64Array.from([u() * 2 - 1, u() * 4 - 2, (u() - 0.5) * 0.1, (u() - 0.5) * 2]);
        const score = jeffreysPenalisedScore({ design: { X, n, p }, y, trials, jeffreysPower: a, link }, beta);
        const expected = eq5Score(beta, a, link);
        expect(maxAbsDiff(score, expected)).toBeLessThan(1e-9 * Math.max(1, ...Array.from(expected, Math.abs)));

        const adjusted = jeffreysAdjustedResponses({ design: { X, n, p }, y, trials, jeffreysPower: a, link }, beta);
        const l = binomialLink(link);
        const penalty = jeffreysPenalty(X, n, p, trials, p, { a, link });
        const h = new Float64Array(n);
        penalty.leverages(beta, h);
        for (let i = 0; i < n; i++) {
          const yt = adjusted.y[i]!;
          const mt = adjusted.trials[i]!;
          expect(yt).toBeGreaterThanOrEqual(0);
          expect(yt).toBeLessThanOrEqual(mt);
          // Eq. (6): ỹ − m̃π = y + 2ah(q − 1/2) − mπ whatever c is.
          let eta = 0;
          for (let k = 0; k < p; k++) eta += X[k * n + i]! * beta[k]!;
          const pi = l.mu(eta);
          const g = l.dmu(eta);
          const q = (l.d2mu(eta) * pi * (1 - pi)) / (g * g) + pi;
          const want = y[i]! + 2 * a * h[i]! * (q - 0.5) - trials[i]! * pi;
          expect(yt - mt * pi).toBeCloseTo(want, 10);
        }
      }
    }
  });
});

describe("NBA Bradley–Terry model (K&F 2021, Example 1)", () => {
  const nba = loadNbaBradleyTerry();

  it("gives the winless Philadelphia 76ers a finite ability, below every other team's", () => {
    expect(nba.n).toBe(262);
    expect(nba.p).toBe(29);
    const sixers = nba.names.indexOf("Philadelphia 76ers");
    expect(sixers).toBeGreaterThanOrEqual(0);
    // 0–17: every 76ers game is a loss, which separates the data.
    for (let i = 0; i < nba.n; i++) {
      const x = nba.X[sixers * nba.n + i]!;
      if (x !== 0) expect(x === 1 ? nba.y[i] : 1 - nba.y[i]!).toBe(0);
    }
    const mpl = fitJeffreysGlm(nba.X, nba.n, nba.p, nba.y, nba.trials, { a: 0.5 });
    expect(mpl.converged).toBe(true);
    const b = mpl.beta[sixers]!;
    expect(Number.isFinite(b)).toBe(true);
    expect(Number.isFinite(mpl.se[sixers]!)).toBe(true);
    expect(b).toBeLessThan(0); // the Spurs' ability is 0
    nba.names.forEach((_, k) => {
      if (k !== sixers) expect(b).toBeLessThan(mpl.beta[k]!);
    });

    const newton = fitJeffreysGlmNewton(nba.X, nba.n, nba.p, nba.y, nba.trials, { a: 0.5 });
    expect(newton.converged).toBe(true);
    expect(maxAbsDiff(mpl.beta, newton.beta)).toBeLessThan(1e-8);
  });
});

describe("argument checks", () => {
  it("rejects a rank-deficient X, naming the aliased column", () => {
    const Xbad = new Float64Array(n * 3);
    Xbad.set(X.subarray(0, 2 * n));
    for (let i = 0; i < n; i++) Xbad[2 * n + i] = 2 * X[i]! - 3 * X[n + i]!;
    expect(() => fitJeffreysGlm(Xbad, n, 3, y, trials)).toThrow(/rank deficient; column\(s\) 3/);
  });

  it("rejects a ≤ 0 and a start of the wrong length", () => {
    expect(() => fitJeffreysGlm(X, n, p, y, trials, { a: 0 })).toThrow(/a must be/);
    expect(() => fitJeffreysGlmNewton(X, n, p, y, trials, { start: new Float64Array(3) })).toThrow(/start/);
  });
});
