import { buildModelFrame, createDataTable } from "@glmmkit/core";
import { describe, expect, it } from "vitest";
import { betaFromNames, covariancesFromNames, parametersFromNames, sdNames } from "./named-parameters.js";
import { checkParameters, covarianceFactor, covarianceMatrix } from "./true-parameters.js";

const table = createDataTable(
  "design.csv",
  new Map<string, string[]>([
    ["y", ["0", "1", "1", "0", "1", "0"]],
    ["x", ["0.1", "0.4", "-1", "2", "0.3", "1"]],
    ["g", ["a", "a", "b", "b", "c", "c"]],
    ["h", ["u", "v", "u", "v", "u", "v"]],
  ]),
);
const frame = buildModelFrame(table, "y ~ x + (1 + x | g) + (1 | h)", { checkEstimable: false });

describe("parameters by name", () => {
  it("maps β, SDs and correlations onto the frame's order", () => {
    expect(sdNames(frame)).toEqual([["g:(Intercept)", "g:x"], ["h"]]);
    const p = parametersFromNames(frame, {
      beta: { x: 0.5, "(Intercept)": -1 },
      sd: { "g:(Intercept)": 1.2, "g:x": 0.3, h: 0.8 },
      correlation: { "g:x:(Intercept)": -0.4 },
    });
    expect(Array.from(p.beta)).toEqual([-1, 0.5]);
    expect(Array.from(p.covariances[0]!.sd)).toEqual([1.2, 0.3]);
    expect(Array.from(p.covariances[0]!.correlation)).toEqual([1, -0.4, -0.4, 1]);
    expect(Array.from(covarianceMatrix(p.covariances[0]!)).map((v) => Number(v.toFixed(12)))).toEqual([1.44, -0.144, -0.144, 0.09]);
    // L Lᵀ = Σ
    const L = covarianceFactor(p.covariances[0]!);
    expect(L[0]! * L[0]!).toBeCloseTo(1.44, 12);
    expect(L[1]! * L[0]!).toBeCloseTo(-0.144, 12);
    expect(L[1]! * L[1]! + L[3]! * L[3]!).toBeCloseTo(0.09, 12);
    expect(L[2]).toBe(0);
    expect(() => checkParameters(frame, p)).not.toThrow();
    // "h:(Intercept)" also names the scalar term.
    expect(covariancesFromNames(frame, { "g:(Intercept)": 1, "g:x": 1, "h:(Intercept)": 2 })[1]!.sd[0]).toBe(2);
  });

  it("names what is wrong: unknown or missing coefficient, unknown or missing SD, bad values", () => {
    expect(() => betaFromNames(frame, { "(Intercept)": 1, x: 1, z: 2 })).toThrow(
      '--beta names "z", which is not a coefficient of "y ~ x + (1 + x | g) + (1 | h)"; its coefficients are "(Intercept)", "x"',
    );
    expect(() => betaFromNames(frame, { x: 1 })).toThrow(/--beta must give every coefficient .* missing "\(Intercept\)"/);
    expect(() => covariancesFromNames(frame, { g: 1, h: 1 })).toThrow(/--sd names "g", which is not a random effect .* "g:\(Intercept\)", "g:x", "h"/);
    expect(() => covariancesFromNames(frame, { "g:(Intercept)": 1, h: 1 })).toThrow(/--sd must give the SD of every random effect; missing "g:x"/);
    expect(() => covariancesFromNames(frame, { "g:(Intercept)": 1, "g:x": 1, h: -0.5 })).toThrow("--sd h=-0.5: a standard deviation must be a finite number >= 0");
    const sd = { "g:(Intercept)": 1, "g:x": 1, h: 1 };
    expect(() => covariancesFromNames(frame, sd, { "g:x:y": 0.2 })).toThrow(/--cor names "g:x:y", .* its correlations are "g:\(Intercept\):x"/);
    expect(() => covariancesFromNames(frame, sd, { "g:(Intercept):x": 1.5 })).toThrow(/must lie in \[-1, 1\]/);
    expect(() => covariancesFromNames(frame, sd, {}, { sd: "fit.json" })).not.toThrow();
    expect(() => covariancesFromNames(frame, { h: 1 }, {}, { sd: "fit.json" })).toThrow(/^fit.json must give/);
  });

  it("a zero SD is legal (that effect is 0); a correlation of ±1 with both SDs positive is refused as not positive definite", () => {
    const zero = parametersFromNames(frame, { beta: { "(Intercept)": 0, x: 0 }, sd: { "g:(Intercept)": 0, "g:x": 1, h: 0 } });
    expect(() => checkParameters(frame, zero)).not.toThrow();
    expect(covarianceFactor(zero.covariances[1]!)[0]).toBe(0);
    const one = parametersFromNames(frame, {
      beta: { "(Intercept)": 0, x: 0 },
      sd: { "g:(Intercept)": 1, "g:x": 1, h: 1 },
      correlation: { "g:(Intercept):x": 1 },
    });
    expect(() => checkParameters(frame, one)).toThrow(/correlations of the random effects of "g" \(\(Intercept\), x\) do not form a positive-definite matrix/);
  });
});
