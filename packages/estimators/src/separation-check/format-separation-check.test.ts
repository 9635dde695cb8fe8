import { describe, expect, it } from "vitest";
import { formatSeparationCheck, formatSeparationCheckJson } from "./format-separation-check.js";
import { separationCheck } from "./separation-check.js";
import {
  CULCITA_FORMULA,
  CULCITA_LEVEL_ORDER,
  ENDOMETRIAL_GROUPED_FORMULA,
  culcitaCsv,
  endometrialGroupedCsv,
  frameFromCsv,
  sharedCsv,
} from "./test-support/fixtures.js";

describe("formatSeparationCheck", () => {
  it("a separated GLM: the detectseparation-style table, hyperplane rows as data rows, the conclusion and the advice", async () => {
    const report = await separationCheck(frameFromCsv(sharedCsv("endometrial.csv"), "HG ~ NV + PI + EH"));
    const text = formatSeparationCheck(report, { maxItems: 5 });
    expect(text).toContain(
      [
        "Separation: TRUE (quasi-complete)",
        "Existence of maximum likelihood estimates",
        "(Intercept)          NV          PI          EH",
        "          0         Inf           0           0",
        "0: finite value, Inf: infinity, -Inf: -infinity",
      ].join("\n"),
    );
    // Data rows 1..5 are the first patients with NV = 0 (report rows 0..4).
    expect(report.fixedEffects.hyperplaneRows.slice(0, 5)).toEqual([0, 1, 2, 3, 4]);
    expect(text).toContain("Observations on the separating hyperplane (66 of 79; data rows): 1, 2, 3, 4, 5, … (61 more)");
    expect(text).toMatch(/Conclusion: X is quasi-completely separated, so the ML estimates of NV \(\+Inf\) are infinite\./);
    expect(text).toMatch(/Advice: .*mspl.*entropy/);
    expect(text).not.toContain("Cluster level");
  });

  it("a GLMM with a separated X: the certificate extends to the GLMM's β", async () => {
    const report = await separationCheck(frameFromCsv(endometrialGroupedCsv(), ENDOMETRIAL_GROUPED_FORMULA));
    expect(report.certificate).toBe(true);
    const text = formatSeparationCheck(report);
    expect(text).toMatch(/NV \(\+Inf\) are infinite — for the GLMM too: along the separating direction every conditional likelihood increases/);
    expect(text).toContain("Cluster level — risk indicators, NOT certificates:");
  });

  it("Culcita: no separation in X, said clearly; the cluster findings are labelled as risk indicators and why", async () => {
    const report = await separationCheck(frameFromCsv(culcitaCsv(false), CULCITA_FORMULA, { levelOrders: CULCITA_LEVEL_ORDER }));
    const text = formatSeparationCheck(report);
    expect(text).toContain("Separation: FALSE");
    expect(text).toMatch(/Conclusion: no separation in X — every ML estimate of the GLM is finite; there is no certificate/);
    expect(text).toContain("block: 3 of 10 clusters perfectly predicted (all failures: none; all successes: 7, 8, 9)");
    expect(text).toMatch(/\[X Z\] \(X with the block indicator columns\): separated \(quasi-complete\); infinite for the GLM with fixed cluster effects: block7 \(\+Inf\), block8 \(\+Inf\), block9 \(\+Inf\)/);
    expect(text).toMatch(/NOT certificates: .*on the full Culcita data \[X Z\] is separated, yet lme4's ML estimates are finite/);
  });

  it("no separation anywhere: says so", async () => {
    const report = await separationCheck(
      frameFromCsv(sharedCsv("cbpp.csv"), "cbind(incidence, size - incidence) ~ period + (1 | herd)", { factors: ["period"] }),
    );
    const text = formatSeparationCheck(report);
    expect(text).toMatch(/Conclusion: no separation in X/);
    expect(text).toMatch(/herd: 0 of 15 clusters perfectly predicted/);
    expect(text).toMatch(/\[X Z\] \(X with the herd indicator columns\): not separated/);
    expect(text).toContain("No cluster is perfectly predicted and [X Z] is not separated: no risk indicator either.");
  });

  it("JSON writes infinite estimates as \"Inf\" and keeps the structure", async () => {
    const report = await separationCheck(frameFromCsv(endometrialGroupedCsv(), ENDOMETRIAL_GROUPED_FORMULA));
    const json = JSON.parse(formatSeparationCheckJson(report));
    expect(json.certificate).toBe(true);
    expect(json.fixedEffects.estimates).toEqual([0, "Inf", 0, 0]);
    expect(json.infinite).toEqual([{ name: "NV", direction: 1 }]);
    expect(json.clusters[0].group).toBe("PIq");
    expect(json.fixedEffects.direction).toEqual([0, 1, 0, 0]);
  });
});
