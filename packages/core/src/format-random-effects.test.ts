import { describe, expect, it } from "vitest";
import type { FitResult } from "./fit-result.js";
import { formatRandomEffects } from "./format-random-effects.js";

function fitWith(ranef: FitResult["ranef"]): FitResult {
  return { ranef } as unknown as FitResult;
}

describe("formatRandomEffects", () => {
  it("prints one table per term: each effect's mode, then its conditional SD", () => {
    const lines = formatRandomEffects(
      fitWith([
        {
          group: "herd",
          termNames: ["(Intercept)"],
          levels: ["1", "2", "10"],
          values: Float64Array.of(0.59002, -0.2989, 0.04),
          conditionalSd: Float64Array.of(0.34827, 0.36556, 0.41639),
        },
        {
          group: "herd",
          termNames: ["(Intercept)", "time"],
          levels: ["a", "b"],
          values: Float64Array.of(1, 2, 3, 4),
        },
      ]),
    );
    expect(lines).toEqual([
      "Conditional modes of the random effects, with conditional SDs (lme4's ranef(condVar = TRUE)):",
      "",
      "herd (3 levels):",
      " level (Intercept) cond.sd((Intercept))",
      " 1          0.5900               0.3483",
      " 2         -0.2989               0.3656",
      " 10         0.0400               0.4164",
      "",
      "herd.1 (2 levels):",
      " level (Intercept) cond.sd((Intercept)) time cond.sd(time)",
      " a               1                   NA    2            NA",
      " b               3                   NA    4            NA",
    ]);
  });

  it("says so when there are no random effects", () => {
    expect(formatRandomEffects(fitWith([]))).toEqual(["Conditional modes: the model has no random effects"]);
  });
});
