/**
 * Issue #11, robustness 3 and 4: a singular covariance that no SD or correlation shows is reported (as
 * lme4's isSingular), and flags that a re-fit or another estimator would not change raise no warnings.
 */
import { describe, expect, it } from "vitest";
import type { Covariance } from "@glmmkit/core";
import { buildModelFrame } from "@glmmkit/core";
import { readCsvFile } from "@glmmkit/core/node";
import { boundaryReport } from "./boundary-flags.js";
import { mlEstimator } from "../ml/ml-estimator.js";
import { fitWithSeparationChecks } from "../separation-check/fit-with-separation-checks.js";
import { repoReference, repoReferenceDir, sharedFrame } from "../test-support/reference.js";

interface SingularEntry {
  logLik: number;
  isSingular: boolean;
  varcorr: Record<string, { sd: number[]; eigen: number[] }>;
}

/** Σ = L Lᵀ (q × q, column-major) as a Covariance. */
function covarianceOf(L: number[][]): Covariance {
  const q = L.length;
  const sigma = new Float64Array(q * q);
  for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) for (let k = 0; k < q; k++) sigma[j * q + i] += (L[i]![k] ?? 0) * (L[j]![k] ?? 0);
  const sd = Float64Array.from({ length: q }, (_, k) => Math.sqrt(sigma[k * q + k]!));
  const correlation = sigma.map((v, idx) => v / (sd[idx % q]! * sd[Math.floor(idx / q)]!));
  return { group: "g", termNames: ["(Intercept)", "x1", "x2"], sigma, sd, correlation };
}

const NO_FLAGS = {
  betaNames: [],
  beta: new Float64Array(0),
  betaStdErrors: new Float64Array(0),
  informationCondition: 10,
  informationMinEigenvalue: 1,
  correlationMinEigenvalue: 0.5,
  clusterSizes: [10],
};

describe("a singular covariance is judged on its Cholesky factor, as lme4's isSingular", () => {
  it("flags Σ of rank 2 whose SDs are ≈ 1 and correlations moderate", () => {
    // Third row of L with a zero diagonal: x2's effect is 0.6·(intercept) + 0.7·(x1), SDs 1.08, 0.73, 0.60.
    const singular = covarianceOf([[1.079, 0, 0], [-0.186, 0.702, 0], [0.413, 0.437, 5e-5]]);
    const report = boundaryReport({ ...NO_FLAGS, covariances: [singular] });
    expect(report.flags.map((f) => f.kind)).toEqual(["singular"]);
    expect(report.flags[0]!.message).toMatch(/smallest eigenvalue is/);
    expect(report.warnings).toHaveLength(1);
    const regular = covarianceOf([[1.079, 0, 0], [-0.186, 0.702, 0], [0.413, 0.437, 0.3]]);
    expect(boundaryReport({ ...NO_FLAGS, covariances: [regular] }).flags).toEqual([]);
  });

  it("on simulated data with a rank-2 truth, where lme4 says isSingular (reference/lme4-model.json)", () => {
    const reference = repoReference<{ robustness: Record<string, SingularEntry> }>("lme4-model.json").robustness["singular_q3"]!;
    expect(reference.isSingular).toBe(true);
    const frame = buildModelFrame(readCsvFile(`${repoReferenceDir}/data/singular-q3.csv`), "y ~ x1 + x2 + (1 + x1 + x2 | g)");
    const fit = mlEstimator.fit(frame, {});
    expect(fit.converged).toBe(true);
    expect(fit.logLik).toBeGreaterThanOrEqual(reference.logLik - 1e-6);
    // Before: "boundary: none" — no SD below 1e-4 and no |ρ| above 0.99.
    const sds = Array.from(fit.covariances[0]!.sd);
    expect(Math.min(...sds)).toBeGreaterThan(0.5);
    const flags = fit.diagnostics.boundary;
    expect(flags.map((f) => f.kind)).toContain("singular");
    expect(flags.find((f) => f.kind === "singular")!.parameter).toBe("Σ(g: (Intercept), x1, x2)");
  });

  it("a clear q = 3 covariance is not flagged (Contraception)", () => {
    const frame = buildModelFrame(
      readCsvFile(`${repoReferenceDir}/data/contraception.csv`),
      "use ~ urban + age + livch + (1 + urban + age | district)",
      {
        success: "Y",
        factors: ["district"],
      },
    );
    expect(mlEstimator.fit(frame, {}).diagnostics.boundary.filter((f) => f.kind === "singular")).toEqual([]);
  });
});

describe("warnings only where a re-fit or another estimator would change the answer", () => {
  it("toenail with a random slope: flags stated on the η scale, and no warnings once the re-fits show them stable", async () => {
    const frame = sharedFrame("toenail.csv", "outcome ~ treatment * time + (1 + time | patientID)", { success: "moderate or severe" });
    const fit = await fitWithSeparationChecks(mlEstimator as never, frame, {});
    expect(fit.converged).toBe(true);
    // Before: "|treatmentterbinafine:time| = 0.457 with standard error 0.35: weakly identified" and "nearly flat".
    const beta = fit.diagnostics.boundary.find((f) => f.parameter === "treatmentterbinafine:time");
    if (beta !== undefined) expect(beta.message).toMatch(/·range = 8\.\d+ on the η scale/);
    expect(fit.diagnostics.separation?.divergence?.verdict).toMatch(/^finite/);
    expect(fit.diagnostics.warnings).toEqual([]);
  });

  it("Culcita without its atypical row keeps the advice that quadrature changes the answer", async () => {
    const { culcitaWithoutAtypicalRow } = await import("../test-support/reference.js");
    const fit = await fitWithSeparationChecks(mlEstimator as never, culcitaWithoutAtypicalRow(), {});
    const text = fit.diagnostics.warnings.join("\n");
    expect(text).toMatch(/--nagq 25/);
    expect(fit.diagnostics.boundary.map((f) => f.kind)).toContain("approximation");
  });
});
