import { describe, expect, it } from "vitest";
import { formatSeparationTable } from "./format-separation-table.js";
import type { SeparationReport } from "./detect-separation.js";

const INF = Number.POSITIVE_INFINITY;

function report(overrides: Partial<SeparationReport>): SeparationReport {
  return {
    separated: true,
    kind: "quasi-complete",
    columnNames: ["(Intercept)", "NV", "PI", "EH"],
    estimates: [0, INF, 0, 0],
    aliased: [false, false, false, false],
    direction: Float64Array.from([0, 1, 0, 0]),
    objective: 13,
    hyperplaneRows: [0, 1, 2],
    tolerance: 1e-6,
    notes: [],
    ...overrides,
  };
}

describe("formatSeparationTable", () => {
  it("prints detectseparation's table of 0 / Inf / -Inf", () => {
    expect(formatSeparationTable(report({}))).toBe(
      [
        "Separation: TRUE (quasi-complete)",
        "Existence of maximum likelihood estimates",
        "(Intercept)          NV          PI          EH",
        "          0         Inf           0           0",
        "0: finite value, Inf: infinity, -Inf: -infinity",
        "Rows on the separating hyperplane (0-based, 3): 0, 1, 2",
      ].join("\n"),
    );
  });

  it("wraps like R's named-vector print and marks aliased columns NA", () => {
    const names = Array.from({ length: 9 }, (_, j) => `team${j}`);
    const text = formatSeparationTable(
      report({
        columnNames: names,
        estimates: [0, 0, -INF, 0, 0, 0, 0, 0, Number.NaN],
        aliased: [false, false, false, false, false, false, false, false, true],
        hyperplaneRows: [],
        kind: "complete",
      }),
      { width: 30 },
    );
    expect(text.split("\n")).toEqual([
      "Separation: TRUE (complete)",
      "Existence of maximum likelihood estimates",
      "team0 team1 team2 team3 team4",
      "    0     0  -Inf     0     0",
      "team5 team6 team7 team8",
      "    0     0     0    NA",
      "0: finite value, Inf: infinity, -Inf: -infinity, NA: aliased",
    ]);
  });

  it("reports no separation", () => {
    const text = formatSeparationTable(
      report({ separated: false, kind: "none", estimates: [0, 0, 0, 0], direction: null, hyperplaneRows: [] }),
    );
    expect(text.split("\n")[0]).toBe("Separation: FALSE");
    expect(text).not.toMatch(/hyperplane/);
  });
});
