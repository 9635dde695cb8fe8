import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { FitResult } from "./fit-result.js";
import { fitResultToJson, fitStatistics, formatFitJson, formatFitSummary } from "./format-summary.js";
import { sharedReferencePath } from "./test-support/shared-data.js";

interface Lme4Entry {
  logLik: number;
  deviance: number;
  AIC: number;
  BIC: number;
  nobs: number;
  fixef: Record<string, number>;
  se: Record<string, number>;
  varcorr: Record<string, { vcov: number; sdcor: number }>;
}
const lme4 = JSON.parse(readFileSync(sharedReferencePath("lme4.json"), "utf8")) as Record<string, Lme4Entry>;

/** A FitResult built by hand from lme4's culcita Laplace fit (the formatter must not care who fit it). */
function culcitaFit(overrides: Partial<FitResult> = {}): FitResult {
  const ref = lme4["culcita_full_laplace"]!;
  const variance = ref.varcorr["1"]!.vcov;
  const sd = ref.varcorr["1"]!.sdcor;
  return {
    estimator: "ml",
    formula: "predation ~ ttt + (1 | block)",
    n: 80,
    groups: [{ group: "block", levels: 10 }],
    beta: Float64Array.from(Object.values(ref.fixef)),
    betaNames: Object.keys(ref.fixef),
    psi: Float64Array.of(Math.log(sd)),
    covariances: [
      {
        group: "block",
        termNames: ["(Intercept)"],
        sigma: Float64Array.of(variance),
        sd: Float64Array.of(sd),
        correlation: Float64Array.of(1),
      },
    ],
    vcov: null,
    betaStdErrors: Float64Array.from(Object.values(ref.se)),
    psiStdErrors: Float64Array.of(NaN),
    logLik: ref.logLik,
    df: 5,
    objective: ref.logLik,
    ranef: [{ group: "block", termNames: ["(Intercept)"], levels: ["1", "2"], values: Float64Array.of(0.5, -Infinity) }],
    converged: true,
    iterations: 17,
    diagnostics: {
      maxAbsGradient: 3.2e-9,
      hessianMinEigenvalue: 0.01234,
      hessianCondition: Infinity,
      ridgeAdded: 0,
      approximation: "Laplace",
      optimizer: "newton",
      boundary: [],
      separation: null,
      warnings: [],
      extra: { penalty: 1.5, path: "none", ignored: { nested: true } },
    },
    ...overrides,
  };
}

describe("fitStatistics", () => {
  it("reproduces lme4's deviance-scale criteria from logLik, df and n", () => {
    const ref = lme4["culcita_full_laplace"]!;
    const s = fitStatistics(culcitaFit());
    expect(s.deviance).toBeCloseTo(-2 * ref.logLik, 12);
    expect(s.AIC).toBeCloseTo(ref.AIC, 10);
    expect(s.BIC).toBeCloseTo(ref.BIC, 10);
  });
});

describe("formatFitSummary", () => {
  const text = formatFitSummary(culcitaFit(), { dataName: "culcita.csv" });
  const lines = text.split("\n");

  it("has the header, criteria and observation lines", () => {
    expect(lines[0]).toBe('Generalized linear mixed model fit by "ml" (Laplace)');
    expect(text).toContain("Formula: predation ~ ttt + (1 | block)\n   Data: culcita.csv\n");
    // lme4's df.resid = n − df = 80 − 5.
    expect(text).toContain("  logLik deviance   AIC   BIC df df.resid\n  -30.35    60.71 70.71 82.62  5       75\n");
    expect(text).toContain("Number of obs: 80, groups: block, 10\n");
  });

  it("prints the random-effects table like lme4", () => {
    expect(text).toContain("Random effects:\n Groups Name        Variance Std.Dev.\n block  (Intercept) 11.81    3.437\n");
  });

  it("prints the fixed-effects table with Wald z, p-values and stars", () => {
    const start = lines.indexOf("Fixed effects:");
    expect(lines.slice(start + 1, start + 6)).toEqual([
      "            Estimate Std. Error z value Pr(>|z|)",
      "(Intercept)    5.096      1.811   2.814  0.00490 **",
      "tttcrabs      -3.842      1.465  -2.623  0.00871 **",
      "tttshrimp     -4.431      1.551  -2.856  0.00429 **",
      "tttboth       -5.599      1.724  -3.247  0.00116 **",
    ]);
    // p-values independently: Python's math.erfc(|z|/√2) gives 0.0048987, 0.0087088, 0.0042893, 0.0011650.
    expect(text).toContain("---\nSignif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1\n");
    const plain = formatFitSummary(culcitaFit(), { signifStars: false });
    expect(plain).not.toContain("Signif. codes");
    expect(plain).toContain("(Intercept)    5.096      1.811   2.814  0.00490\n");
  });

  it("prints diagnostics, one per line, with extra numbers and strings", () => {
    const start = lines.indexOf("Diagnostics:");
    expect(lines.slice(start, start + 12)).toEqual([
      "Diagnostics:",
      "  converged: yes",
      "  iterations: 17",
      "  optimizer: newton",
      "  max |gradient|: 3.2e-09",
      "  smallest eigenvalue of −Hessian (maximised objective): 0.01234",
      "  condition number of −Hessian: Inf",
      "  ridge added: 0",
      "  boundary: none",
      "  warnings: none",
      "  penalty: 1.5",
      "  path: none",
    ]);
    expect(text).not.toContain("ignored");
    const flagged = formatFitSummary(
      culcitaFit({
        converged: false,
        diagnostics: {
          ...culcitaFit().diagnostics,
          boundary: [{ parameter: "sd(block)", kind: "sd-zero", message: "the standard deviation is near 0" }],
          warnings: ["gradient above tolerance", "Hessian singular"],
        },
      }),
    );
    expect(flagged).toContain("  converged: no\n");
    expect(flagged).toContain("  boundary: sd(block) (sd-zero): the standard deviation is near 0\n");
    expect(flagged).toContain("  warning: gradient above tolerance\n  warning: Hessian singular\n");
  });

  it("prints correlations as a lower triangle and NaN standard errors", () => {
    const q = 3;
    const sd = [2, 0.5, 1];
    const r = [1, -0.873, 0.25, -0.873, 1, 0.1, 0.25, 0.1, 1]; // column-major, symmetric
    const sigma = Float64Array.from(r, (v, idx) => v * sd[idx % q]! * sd[Math.floor(idx / q)]!);
    const fit = culcitaFit({
      groups: [{ group: "patientID", levels: 294 }],
      covariances: [
        {
          group: "patientID",
          termNames: ["(Intercept)", "time", "dose"],
          sigma,
          sd: Float64Array.from(sd),
          correlation: Float64Array.from(r),
        },
      ],
      betaStdErrors: Float64Array.of(NaN, 1.4646640191544, 1.55144528817277, 1.72419424447403),
    });
    const out = formatFitSummary(fit);
    expect(out).toContain(
      [
        " Groups    Name        Variance Std.Dev. Corr",
        " patientID (Intercept) 4.00     2.0",
        "           time        0.25     0.5      -0.87",
        "           dose        1.00     1.0       0.25 0.10",
      ].join("\n"),
    );
    expect(out).toMatch(/\(Intercept\) +5\.096 +NaN +NaN +NaN\n/);
  });
});

describe("fitResultToJson / formatFitJson", () => {
  it("turns typed arrays into arrays and non-finite numbers into strings", () => {
    const fit = culcitaFit();
    const json = fitResultToJson(fit);
    expect(json["beta"]).toEqual([...fit.beta]);
    expect(json["psiStdErrors"]).toEqual(["NaN"]);
    expect((json["diagnostics"] as Record<string, unknown>)["hessianCondition"]).toBe("Inf");
    expect((json["ranef"] as { values: unknown }[])[0]!.values).toEqual([0.5, "-Inf"]);
    expect(json["vcov"]).toBeNull();
    const text = formatFitJson(fit);
    expect(JSON.parse(text)).toEqual(json);
    expect(text.split("\n")[1]).toBe('  "estimator": "ml",');
  });
});

describe("separation findings in the diagnostics block", () => {
  const separation = {
    fixedEffects: {
      separated: true,
      kind: "quasi-complete" as const,
      columnNames: ["(Intercept)", "NV", "PI", "EH"],
      estimates: [0, Infinity, 0, 0],
      hyperplaneRows: [0, 1, 2],
      notes: [],
    },
    clusters: [
      {
        group: "PIq",
        clusters: 4,
        allFailures: [],
        allSuccesses: ["4"],
        augmented: { separated: true, kind: "quasi-complete" as const, columnNames: [], estimates: [], hyperplaneRows: [], notes: [] },
        notes: [],
      },
    ],
    divergence: {
      verdict: "diverging" as const,
      refits: [],
      parameters: [],
      message: "diverging: NV (+Inf) — the estimates and their standard errors keep growing",
    },
  };

  it("labels each finding with what it proves, after the boundary flags and before the warnings", () => {
    const fit = culcitaFit({ diagnostics: { ...culcitaFit().diagnostics, separation, warnings: ["w"] } });
    const lines = formatFitSummary(fit).split("\n");
    const start = lines.indexOf("  boundary: none");
    expect(lines.slice(start, start + 5)).toEqual([
      "  boundary: none",
      "  separation (X alone, LP certificate): quasi-complete; infinite ML estimates: NV (+Inf); 3 observations on the separating hyperplane",
      "  separation (PIq, risk indicator, not a certificate): 1 of 4 clusters perfectly predicted; [X Z] separated (quasi-complete)",
      "  divergence check: diverging: NV (+Inf) — the estimates and their standard errors keep growing",
      "  warning: w",
    ]);
  });

  it("says plainly when X is not separated, and prints nothing when the checks did not run", () => {
    const none = {
      fixedEffects: { ...separation.fixedEffects, separated: false, kind: "none" as const, estimates: [0, 0, 0, 0], hyperplaneRows: [] },
      clusters: [],
      divergence: null,
    };
    const text = formatFitSummary(culcitaFit({ diagnostics: { ...culcitaFit().diagnostics, separation: none } }));
    expect(text).toContain("  separation (X alone, LP certificate): none (every ML estimate of β is finite for the GLM)\n");
    expect(text).not.toContain("divergence check");
    expect(formatFitSummary(culcitaFit())).not.toContain("separation");
  });

  it('writes infinite LP estimates as "Inf" in JSON', () => {
    const json = fitResultToJson(culcitaFit({ diagnostics: { ...culcitaFit().diagnostics, separation } }));
    const s = (json["diagnostics"] as { separation: { fixedEffects: { estimates: unknown[] } } }).separation;
    expect(s.fixedEffects.estimates).toEqual([0, "Inf", 0, 0]);
  });
});
