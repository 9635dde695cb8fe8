/**
 * The five binomial links of Kosmidis & Firth (2021, Table 1): μ = G(η) with its derivatives and
 * the working-weight function ω(η) = g(η)² / {G(η)(1 − G(η))}, g = dG/dη.
 *
 * Each link supplies one kernel, `evaluate`, working in log space and with ratios that stay
 * finite far into both tails (ω itself underflows there; log ω and its derivatives do not):
 *   log μ, log(1 − μ), log g, L1 = (log g)′ = g′/g, L2 = (log g)″,
 *   r0 = g/μ, r1 = g/(1 − μ)  (so ω = r0 · r1).
 * Everything else follows exactly:
 *   g′ = g L1,  g″ = g (L1² + L2),
 *   log ω = 2 log g − log μ − log(1 − μ),
 *   (log ω)′ = 2 L1 − r0 + r1,                      [since (g/μ)′ = r0 L1 − r0², (g/(1−μ))′ = r1 L1 + r1²]
 *   (log ω)″ = 2 L2 − r0 (L1 − r0) + r1 (L1 + r1),
 *   ω′ = ω (log ω)′,  ω″ = ω {(log ω)″ + (log ω)′²}.
 * Links whose generic forms cancel badly in a tail (logit, cloglog, log-log) override them with
 * closed forms.
 */
import { expit, log1mexp, log1pexp } from "./logistic.js";
import { logNormalCdf, logNormalPdf, normalCdf } from "./normal.js";
import { normalHazard } from "./normal-hazard.js";

const LOG_PI = Math.log(Math.PI);

/** logit, probit, cloglog, loglog or cauchit. */
export type LinkName = "logit" | "probit" | "cloglog" | "loglog" | "cauchit";
/** The links jeffreys-glm takes. */
export const LINK_NAMES: readonly LinkName[] = ["logit", "probit", "cloglog", "loglog", "cauchit"];

/** True when `name` is one of the five binomial links. */
export function isLinkName(name: string): name is LinkName {
  return (LINK_NAMES as readonly string[]).includes(name);
}

/** All link quantities at one η (see the module comment for the notation). */
export interface LinkEvaluation {
  /** μ = G(η). */
  mu: number;
  /** 1 − μ, accurate when μ is close to 1. */
  muComplement: number;
  logMu: number;
  logMuComplement: number;
  /** log g(η), g = dμ/dη. */
  logDmu: number;
  /** (log g)′ = g′/g. */
  dlogDmu: number;
  /** (log g)″. */
  d2logDmu: number;
  /** g/μ. */
  dmuOverMu: number;
  /** g/(1 − μ). */
  dmuOverMuComplement: number;
  /** log ω. */
  logOmega: number;
  /** (log ω)′ = ω′/ω. */
  dlogOmega: number;
  /** (log ω)″. */
  d2logOmega: number;
}

/** Scratch space for one link evaluation. */
export function newLinkEvaluation(): LinkEvaluation {
  return {
    mu: NaN,
    muComplement: NaN,
    logMu: NaN,
    logMuComplement: NaN,
    logDmu: NaN,
    dlogDmu: NaN,
    d2logDmu: NaN,
    dmuOverMu: NaN,
    dmuOverMuComplement: NaN,
    logOmega: NaN,
    dlogOmega: NaN,
    d2logOmega: NaN,
  };
}

/** A binomial link: μ(η) and its derivatives, evaluated stably. */
export interface BinomialLink {
  readonly name: LinkName;
  /** Fill `out` with every link quantity at η; returns `out`. The hot-loop entry point. */
  evaluate(eta: number, out: LinkEvaluation): LinkEvaluation;
  /** μ = G(η). */
  mu(eta: number): number;
  /** 1 − G(η). */
  muComplement(eta: number): number;
  /** dμ/dη. */
  dmu(eta: number): number;
  /** d²μ/dη². */
  d2mu(eta: number): number;
  /** d³μ/dη³. */
  d3mu(eta: number): number;
  /** ω(η) = (dμ/dη)² / {μ(1 − μ)}. */
  omega(eta: number): number;
  /** dω/dη. */
  domega(eta: number): number;
  /** d²ω/dη². */
  d2omega(eta: number): number;
  /** log ω(η), computed without forming ω (stable in the tails). */
  logOmega(eta: number): number;
  /** ω′/ω. */
  dlogOmega(eta: number): number;
  /** (log ω)″. */
  d2logOmega(eta: number): number;
}

/** The generic log ω derivatives from the kernel fields (module comment). */
function fillOmegaGeneric(v: LinkEvaluation): void {
  const l1 = v.dlogDmu;
  const r0 = v.dmuOverMu;
  const r1 = v.dmuOverMuComplement;
  v.logOmega = 2 * v.logDmu - v.logMu - v.logMuComplement;
  v.dlogOmega = 2 * l1 - r0 + r1;
  v.d2logOmega = 2 * v.d2logDmu - r0 * (l1 - r0) + r1 * (l1 + r1);
}

/** logit: G = e^η/(1 + e^η), ω = g = μ(1 − μ), (log ω)′ = 1 − 2μ, (log ω)″ = −2μ(1 − μ). */
function evaluateLogit(eta: number, v: LinkEvaluation): LinkEvaluation {
  const mu = expit(eta);
  const muc = expit(-eta);
  v.mu = mu;
  v.muComplement = muc;
  v.logMu = -log1pexp(-eta);
  v.logMuComplement = -log1pexp(eta);
  v.logDmu = v.logMu + v.logMuComplement;
  v.dlogDmu = muc - mu;
  v.d2logDmu = -2 * mu * muc;
  v.dmuOverMu = muc;
  v.dmuOverMuComplement = mu;
  v.logOmega = v.logDmu;
  v.dlogOmega = muc - mu;
  v.d2logOmega = -2 * mu * muc;
  return v;
}

/** probit: G = Φ, g = φ, (log g)′ = −η, (log g)″ = −1; r0, r1 are normal hazards. */
function evaluateProbit(eta: number, v: LinkEvaluation): LinkEvaluation {
  v.mu = normalCdf(eta);
  v.muComplement = normalCdf(-eta);
  v.logMu = logNormalCdf(eta);
  v.logMuComplement = logNormalCdf(-eta);
  v.logDmu = logNormalPdf(eta);
  v.dlogDmu = -eta;
  v.d2logDmu = -1;
  v.dmuOverMu = normalHazard(-eta);
  v.dmuOverMuComplement = normalHazard(eta);
  fillOmegaGeneric(v);
  return v;
}

/** t / (e^t − 1), → 1 as t → 0 (including t underflowed to 0). */
function tOverExpm1(t: number): number {
  return t === 0 ? 1 : t / Math.expm1(t);
}

/** 1 − t/(e^t − 1) without cancellation for small t (Bernoulli series t/2 − t²/12 + t⁴/720). */
function oneMinusTOverExpm1(t: number): number {
  if (t < 1e-3) {
    const t2 = t * t;
    return t / 2 - t2 / 12 + (t2 * t2) / 720;
  }
  return 1 - t / Math.expm1(t);
}

/**
 * complementary log-log: G = 1 − exp(−e^η), with t = e^η: g = t e^{−t}, log g = η − t,
 * L1 = 1 − t, L2 = −t, r0 = t/(e^t − 1), r1 = t; (log ω)′ = 2 − t − r0 and
 * (log ω)″ = −t − r0 (1 − t − r0) (the generic forms, simplified so they don't cancel for huge t).
 */
function evaluateCloglog(eta: number, v: LinkEvaluation): LinkEvaluation {
  const t = Math.exp(eta);
  v.mu = -Math.expm1(-t);
  v.muComplement = Math.exp(-t);
  // log(1 − e^{−t}); once t underflows, μ = t(1 − t/2 + …) so log μ = η to double precision.
  v.logMu = t > 1e-300 ? log1mexp(t) : eta;
  v.logMuComplement = -t;
  v.logDmu = eta - t;
  v.dlogDmu = 1 - t;
  v.d2logDmu = -t;
  const r0 = tOverExpm1(t);
  v.dmuOverMu = r0;
  v.dmuOverMuComplement = t;
  v.logOmega = 2 * v.logDmu - v.logMu - v.logMuComplement;
  const oneMinusR0 = oneMinusTOverExpm1(t);
  v.dlogOmega = 1 + oneMinusR0 - t;
  v.d2logOmega = -t - r0 * (oneMinusR0 - t);
  return v;
}

/** log-log: G(η) = exp(−e^{−η}), the reflection 1 − G_cloglog(−η); with t = e^{−η}. */
function evaluateLoglog(eta: number, v: LinkEvaluation): LinkEvaluation {
  const t = Math.exp(-eta);
  v.mu = Math.exp(-t);
  v.muComplement = -Math.expm1(-t);
  v.logMu = -t;
  v.logMuComplement = t > 1e-300 ? log1mexp(t) : -eta;
  v.logDmu = -eta - t;
  v.dlogDmu = t - 1;
  v.d2logDmu = -t;
  const r1 = tOverExpm1(t);
  v.dmuOverMu = t;
  v.dmuOverMuComplement = r1;
  v.logOmega = 2 * v.logDmu - v.logMu - v.logMuComplement;
  const oneMinusR1 = oneMinusTOverExpm1(t);
  v.dlogOmega = t - 1 - oneMinusR1;
  v.d2logOmega = -t - r1 * (oneMinusR1 - t);
  return v;
}

/**
 * cauchit: G = 1/2 + atan(η)/π. Written as μ = atan2(1, −η)/π and 1 − μ = atan2(1, η)/π so
 * both tails keep full relative accuracy; g = u/π with u = 1/(1 + η²).
 */
function evaluateCauchit(eta: number, v: LinkEvaluation): LinkEvaluation {
  const big = Math.abs(eta) > 1;
  const u = 1 / (1 + eta * eta);
  // s = η²/(1 + η²), formed without overflow.
  const s = big ? 1 / (1 + 1 / (eta * eta)) : eta * eta * u;
  const angleMu = Math.atan2(1, -eta);
  const angleMuc = Math.atan2(1, eta);
  v.mu = angleMu / Math.PI;
  v.muComplement = angleMuc / Math.PI;
  v.logMu = Math.log(angleMu) - LOG_PI;
  v.logMuComplement = Math.log(angleMuc) - LOG_PI;
  v.logDmu = Math.abs(eta) > 1e100 ? -LOG_PI - 2 * Math.log(Math.abs(eta)) : -LOG_PI - Math.log1p(eta * eta);
  v.dlogDmu = big ? -2 / (eta + 1 / eta) : -2 * eta * u;
  v.d2logDmu = 2 * (s - u) * u;
  v.dmuOverMu = u / angleMu;
  v.dmuOverMuComplement = u / angleMuc;
  fillOmegaGeneric(v);
  return v;
}

function makeLink(name: LinkName, evaluate: (eta: number, v: LinkEvaluation) => LinkEvaluation): BinomialLink {
  const scratch = newLinkEvaluation();
  const at = (eta: number): LinkEvaluation => evaluate(eta, scratch);
  return {
    name,
    evaluate,
    mu: (eta) => at(eta).mu,
    muComplement: (eta) => at(eta).muComplement,
    dmu: (eta) => Math.exp(at(eta).logDmu),
    d2mu: (eta) => {
      const v = at(eta);
      return Math.exp(v.logDmu) * v.dlogDmu;
    },
    d3mu: (eta) => {
      const v = at(eta);
      return Math.exp(v.logDmu) * (v.dlogDmu * v.dlogDmu + v.d2logDmu);
    },
    omega: (eta) => Math.exp(at(eta).logOmega),
    domega: (eta) => {
      const v = at(eta);
      return Math.exp(v.logOmega) * v.dlogOmega;
    },
    d2omega: (eta) => {
      const v = at(eta);
      return Math.exp(v.logOmega) * (v.d2logOmega + v.dlogOmega * v.dlogOmega);
    },
    logOmega: (eta) => at(eta).logOmega,
    dlogOmega: (eta) => at(eta).dlogOmega,
    d2logOmega: (eta) => at(eta).d2logOmega,
  };
}

/** The logit link. */
export const logitLink: BinomialLink = makeLink("logit", evaluateLogit);
/** The probit link. */
export const probitLink: BinomialLink = makeLink("probit", evaluateProbit);
/** The complementary log-log link. */
export const cloglogLink: BinomialLink = makeLink("cloglog", evaluateCloglog);
/** The log-log link. */
export const loglogLink: BinomialLink = makeLink("loglog", evaluateLoglog);
/** The cauchit link. */
export const cauchitLink: BinomialLink = makeLink("cauchit", evaluateCauchit);

const LINKS: Record<LinkName, BinomialLink> = {
  logit: logitLink,
  probit: probitLink,
  cloglog: cloglogLink,
  loglog: loglogLink,
  cauchit: cauchitLink,
};

/** The link called `name`; throws, listing the known names, on anything else. */
export function binomialLink(name: LinkName | BinomialLink): BinomialLink {
  if (typeof name !== "string") return name;
  const link = LINKS[name];
  if (link === undefined) {
    throw new Error(`unknown binomial link "${String(name)}"; known links: ${LINK_NAMES.join(", ")}`);
  }
  return link;
}
