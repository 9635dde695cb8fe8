import { describe, expect, it } from "vitest";
import { binomialLink, LINK_NAMES, newLinkEvaluation } from "./binomial-links.js";
import type { LinkName } from "./binomial-links.js";
import { richardson } from "./test-support/richardson.js";

/**
 * [η, log μ, log(1 − μ), log ω, (log ω)′, (log ω)″], computed with mpmath at 60 significant digits
 * (derivatives by mpmath.diff at that precision) from the Table 1 forms of Kosmidis & Firth (2021).
 */
const REFERENCE: Record<LinkName, number[][]> = {
  logit: [
    [-35.0, -35.0, -6.305116760146987e-16, -35.0, 0.9999999999999988, -1.2610233520293963e-15],
    [-8.0, -8.000335406372896, -0.00033540637289576885, -8.000670812745792, 0.999329299739067, -0.0006704753415129485],
    [-1.3, -1.5410084538329922, -0.24100845383299221, -1.7820169076659844, 0.5716699660851172, -0.3365967249381205],
    [0.4, -0.5130152523999526, -0.9130152523999526, -1.4260305047999053, -0.197375320224904, -0.4805214914830583],
    [2.5, -0.07888973429254963, -2.5788897342925496, -2.6577794685850993, -0.8482836399575129, -0.14020743309021633],
    [8.0, -0.00033540637289576885, -8.000335406372896, -8.000670812745792, -0.999329299739067, -0.0006704753415129485],
    [35.0, -6.305116760146987e-16, -35.0, -35.0, -0.9999999999999988, -1.2610233520293963e-15],
  ],
  probit: [
    [-35.0, -616.9751012619225, 0.0, -609.8627758044869, 34.971475029403315, -1.0008123551683827],
    [-8.0, -35.01343715991455, -6.220960574271786e-16, -30.824439906494796, 7.878631887763892, -1.0143248834433005],
    [-1.3, -2.3351032786624426, -0.10181180266765504, -1.090961985079248, 1.0194072030596086, -0.8847106183297404],
    [0.4, -0.42247637022777607, -1.0654340491895766, -0.5099666469919928, -0.293126532051342, -0.7447974597089226],
    [2.5, -0.006229025485860002, -5.08164827727869, -2.999999763644795, -2.1948930278230097, -1.0445681448159168],
    [8.0, -6.220960574271786e-16, -35.01343715991455, -30.824439906494796, -7.878631887763892, -1.0143248834433005],
    [35.0, 0.0, -616.9751012619225, -609.8627758044869, -34.971475029403315, -1.0008123551683827],
  ],
  cloglog: [
    [-35.0, -35.0, -6.305116760146989e-16, -35.0, 0.9999999999999997, -3.1525583800734956e-16],
    [-8.0, -8.000167726624985, -0.00033546262790251185, -8.000167736002917, 0.9998322593081176, -0.00016775006981363877],
    [-1.3, -1.4331730773100668, -0.2725317930340126, -1.4393587157239456, 0.857552287002503, -0.14861425973510053],
    [0.4, -0.2548429521986619, -1.4918246976412703, -0.4369817454426085, 0.07515979828362769, -1.0913545515061365],
    [2.5, -5.119307402302512e-06, -12.182493960703473, -7.182488841396071, -10.18255632679462, -12.18179654837634],
    [8.0, 0.0, -2980.9579870417283, -2964.9579870417283, -2978.9579870417283, -2980.9579870417283],
    [35.0, 0.0, -1586013452313430.8, -1586013452313360.8, -1586013452313428.8, -1586013452313430.8],
  ],
  loglog: [
    [-35.0, -1586013452313430.8, 0.0, -1586013452313360.8, 1586013452313428.8, -1586013452313430.8],
    [-8.0, -2980.9579870417283, 0.0, -2964.9579870417283, 2978.9579870417283, -2980.9579870417283],
    [-1.3, -3.669296667619244, -0.025825008050781154, -1.043471659568463, 1.7652904689021787, -3.4038459238578556],
    [0.4, -0.6703200460356393, -0.7165075899896719, -0.7538124560459674, -0.6276733418581496, -0.40894427015665147],
    [2.5, -0.0820849986238988, -2.5407617672824996, -2.541323231341399, -0.9583960681501373, -0.042165238317312906],
    [8.0, -0.00033546262790251185, -8.000167726624985, -8.000167736002917, -0.9998322593081176, -0.00016775006981363877],
    [35.0, -6.305116760146989e-16, -35.0, -35.0, -0.9999999999999997, -3.1525583800734956e-16],
  ],
  cauchit: [
    [-35.0, -4.700349959974297, -0.009133680025651845, -11.803000364691165, 0.08589862056077438, 0.0024573537318511923],
    [-8.0, -3.22934483015542, -0.04038815547594649, -7.368501325858708, 0.37369130027444286, 0.04577856346521609],
    [-1.3, -1.5667884679494137, -0.2340963146371551, -2.467657376339727, 1.51567710466285, 0.3217741242693304],
    [0.4, -0.47623268303623273, -0.9705329532096636, -1.1395341456894506, -1.0968506190025078, -1.9721075714050318],
    [2.5, -0.1291057051181662, -2.110982227847994, -4.011374776465807, -1.0667723377020886, 0.317877894451315],
    [8.0, -0.04038815547594649, -3.22934483015542, -7.368501325858708, -0.37369130027444286, 0.04577856346521609],
    [35.0, -0.009133680025651845, -4.700349959974297, -11.803000364691165, -0.08589862056077438, 0.0024573537318511923],
  ],};

/** Table 1 of Kosmidis & Firth (2021), written naively: fine for moderate η. */
function omegaTable1(link: LinkName, eta: number): number {
  switch (link) {
    case "logit":
      return Math.exp(eta) / (1 + Math.exp(eta)) ** 2;
    case "probit": {
      const phi = Math.exp(-0.5 * eta * eta) / Math.sqrt(2 * Math.PI);
      // 1 − Φ(η) = Φ(−η): the naive 1 − Φ would lose the upper tail, not test it.
      const Phi = binomialLink("probit").mu(eta);
      return (phi * phi) / (Phi * binomialLink("probit").mu(-eta));
    }
    case "cloglog":
      return Math.exp(2 * eta) / (Math.exp(Math.exp(eta)) - 1);
    case "loglog":
      return Math.exp(-2 * eta) / (Math.exp(Math.exp(-eta)) - 1);
    case "cauchit":
      return 1 / ((1 + eta * eta) ** 2 * ((Math.PI * Math.PI) / 4 - Math.atan(eta) ** 2));
  }
}

const GRID = [-4.7, -2.2, -0.9, -0.15, 0.3, 1.1, 2.6, 4.4];

function close(got: number, want: number, rel: number, abs = 0): void {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.abs(want) + abs);
}

describe.each(LINK_NAMES)("%s link", (name) => {
  const link = binomialLink(name);

  it("has derivatives of μ that match finite differences", () => {
    for (const eta of GRID) {
      close(link.dmu(eta), richardson((t) => link.mu(eta + t), 1e-3), 1e-8, 1e-13);
      close(link.d2mu(eta), richardson((t) => link.dmu(eta + t), 1e-3), 1e-8, 1e-13);
      close(link.d3mu(eta), richardson((t) => link.d2mu(eta + t), 1e-3), 1e-7, 1e-12);
    }
  });

  it("has ω as in Table 1 and derivatives of ω that match finite differences", () => {
    for (const eta of GRID) {
      close(link.omega(eta), omegaTable1(name, eta), 1e-12);
      close(link.domega(eta), richardson((t) => link.omega(eta + t), 1e-3), 1e-8, 1e-13);
      close(link.d2omega(eta), richardson((t) => link.domega(eta + t), 1e-3), 1e-8, 1e-13);
      close(link.dlogOmega(eta), richardson((t) => link.logOmega(eta + t), 1e-3), 1e-8, 1e-12);
      close(link.d2logOmega(eta), richardson((t) => link.dlogOmega(eta + t), 1e-3), 1e-7, 1e-12);
    }
  });

  it("agrees with high-precision values, tails included", () => {
    const v = newLinkEvaluation();
    for (const row of REFERENCE[name]) {
      link.evaluate(row[0]!, v);
      const got = [v.logMu, v.logMuComplement, v.logOmega, v.dlogOmega, v.d2logOmega];
      got.forEach((g, j) => close(g, row[j + 1]!, 1e-11, 1e-200));
    }
  });

  it("keeps μ + (1 − μ) = 1 and the ratios g/μ, g/(1 − μ) consistent", () => {
    const v = newLinkEvaluation();
    for (const eta of GRID) {
      link.evaluate(eta, v);
      close(v.mu + v.muComplement, 1, 1e-15);
      close(v.dmuOverMu, Math.exp(v.logDmu - v.logMu), 1e-12);
      close(v.dmuOverMuComplement, Math.exp(v.logDmu - v.logMuComplement), 1e-12);
      // ω = (g/μ)(g/(1 − μ)).
      close(Math.exp(v.logOmega), v.dmuOverMu * v.dmuOverMuComplement, 1e-12);
    }
  });

  it("stays finite (no NaN) far into both tails, where ω underflows but log ω does not", () => {
    const v = newLinkEvaluation();
    for (const eta of [-700, -300, -40, 40, 300, 700]) {
      link.evaluate(eta, v);
      for (const [key, value] of Object.entries(v)) {
        expect(Number.isNaN(value), `${name} ${key} at η = ${eta}`).toBe(false);
      }
      expect(Number.isFinite(v.logOmega)).toBe(true);
      expect(Number.isFinite(v.dlogOmega)).toBe(true);
      expect(v.logOmega).toBeLessThan(-3);
      expect(v.mu).toBeGreaterThanOrEqual(0);
      expect(v.mu).toBeLessThanOrEqual(1);
    }
  });
});

describe("link registry", () => {
  it("rejects unknown names with the list of known ones", () => {
    expect(() => binomialLink("identity" as LinkName)).toThrow(/known links: logit, probit, cloglog, loglog, cauchit/);
  });

  it("log-log is the reflection of the complementary log-log", () => {
    const c = binomialLink("cloglog");
    const l = binomialLink("loglog");
    for (const eta of GRID) {
      close(l.mu(eta), c.muComplement(-eta), 1e-15);
      close(l.omega(eta), c.omega(-eta), 1e-13);
      close(l.dlogOmega(eta), -c.dlogOmega(-eta), 1e-13, 1e-15);
    }
  });
});
