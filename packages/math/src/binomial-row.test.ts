import { describe, expect, it } from "vitest";
import { binomialLink, LINK_NAMES, newLinkEvaluation } from "./binomial-links.js";
import { binomialRow, newBinomialRowDerivatives } from "./binomial-row.js";
import { richardson } from "./test-support/richardson.js";

const CASES = [
  { y: 3, m: 10 },
  { y: 0, m: 4 },
  { y: 7, m: 7 },
  { y: 1, m: 1 },
  { y: 2.5, m: 6.25 },
];

describe("binomialRow", () => {
  it.each(LINK_NAMES)("%s: f′ and −wObserved are the η-derivatives of f and f′, wFisher′ that of wFisher", (name) => {
    const link = binomialLink(name);
    const scratch = newLinkEvaluation();
    const row = newBinomialRowDerivatives();
    const at = (eta: number, y: number, m: number) => {
      binomialRow(link, scratch, eta, y, m, row);
      return { ...row };
    };
    for (const { y, m } of CASES) {
      for (const eta of [-3.2, -0.7, 0, 0.4, 2.1]) {
        const here = at(eta, y, m);
        const close = (got: number, want: number) => expect(Math.abs(got - want)).toBeLessThan(1e-8 * (1 + Math.abs(want)));
        close(here.fPrime, richardson((t) => at(eta + t, y, m).f, 1e-3));
        close(-here.wObserved, richardson((t) => at(eta + t, y, m).fPrime, 1e-3));
        close(here.wFisherPrime, richardson((t) => at(eta + t, y, m).wFisher, 1e-3));
        // Fisher information = E[−f″] = m g² / (μ (1 − μ)): the observed one averaged over y ~ Bin(m, μ).
        const expected = at(eta, m * here.mu, m).wObserved;
        close(here.wFisher, expected);
        close(here.mu, link.mu(eta));
      }
    }
  });

  it("logit is canonical: observed and expected information agree, m μ (1 − μ)", () => {
    const link = binomialLink("logit");
    const row = newBinomialRowDerivatives();
    binomialRow(link, newLinkEvaluation(), 0.8, 2, 5, row);
    const mu = 1 / (1 + Math.exp(-0.8));
    expect(row.wObserved).toBeCloseTo(5 * mu * (1 - mu), 14);
    expect(row.wFisher).toBeCloseTo(5 * mu * (1 - mu), 14);
    expect(row.f).toBeCloseTo(2 * Math.log(mu) + 3 * Math.log(1 - mu), 14);
  });

  it("zero counts contribute nothing even where log μ underflows", () => {
    const row = newBinomialRowDerivatives();
    binomialRow(binomialLink("cloglog"), newLinkEvaluation(), -800, 0, 3, row);
    expect(Number.isFinite(row.f)).toBe(true);
    expect(row.f).toBeCloseTo(0, 12);
    binomialRow(binomialLink("probit"), newLinkEvaluation(), 60, 2, 2, row);
    expect(row.f).toBe(0);
    expect(row.fPrime).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(row.wObserved)).toBe(true);
  });
});
