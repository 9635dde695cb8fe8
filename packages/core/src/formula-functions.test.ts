import { describe, expect, it } from "vitest";
import { GlmmInputError } from "./errors.js";
import { buildModelFrame, type ModelFrameOptions } from "./model-frame-builder.js";
import { xColumn, type ModelFrame } from "./model-frame.js";
import { parseCsv } from "./read-csv.js";
import { readCsvFile } from "./read-csv-file.js";
import { columnTexts } from "./data-table.js";
import { sharedDataPath } from "./test-support/shared-data.js";

const toenail = readCsvFile(sharedDataPath("toenail.csv"));
const cbpp = readCsvFile(sharedDataPath("cbpp.csv"));
const success = { success: "moderate or severe" };

function column(frame: ModelFrame, name: string): Float64Array {
  const k = frame.betaNames.indexOf(name);
  if (k < 0) throw new Error(`no column ${name} in ${frame.betaNames.join(", ")}`);
  return xColumn(frame, k);
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function csvError(csv: string, formula: string, options?: ModelFrameOptions): string {
  try {
    buildModelFrame(parseCsv(csv, "t.csv"), formula, options);
  } catch (e) {
    if (e instanceof GlmmInputError) return e.message;
    throw e;
  }
  throw new Error(`expected "${formula}" to be rejected`);
}

describe("formula functions in the model matrix", () => {
  it("names columns as R prints them (poly, log, factor, comparisons)", () => {
    const frame = buildModelFrame(toenail, "outcome ~ treatment + poly(time, 2) + log(time + 1) + factor(visit) + I(time > 6) + (1 | patientID)", success);
    expect(frame.betaNames).toEqual([
      "(Intercept)",
      "treatmentterbinafine",
      "poly(time, 2)1",
      "poly(time, 2)2",
      "log(time + 1)",
      "factor(visit)2",
      "factor(visit)3",
      "factor(visit)4",
      "factor(visit)5",
      "factor(visit)6",
      "factor(visit)7",
      "I(time > 6)TRUE",
    ]);
    const time = columnTexts(toenail.column("time")).map(Number);
    const logged = column(frame, "log(time + 1)");
    time.forEach((t, i) => expect(logged[i]).toBe(Math.log(t + 1)));
    const above = column(frame, "I(time > 6)TRUE");
    time.forEach((t, i) => expect(above[i]).toBe(t > 6 ? 1 : 0));
  });

  it("orthogonal poly columns are orthonormal, orthogonal to the constant, and span the raw powers", () => {
    const frame = buildModelFrame(toenail, "outcome ~ poly(time, 3) + (1 | patientID)", success);
    const z = [1, 2, 3].map((k) => column(frame, `poly(time, 3)${k}`));
    for (let a = 0; a < 3; a++) {
      expect(Math.abs(dot(z[a]!, new Float64Array(frame.n).fill(1)))).toBeLessThan(1e-10);
      for (let b = 0; b < 3; b++) expect(Math.abs(dot(z[a]!, z[b]!) - (a === b ? 1 : 0))).toBeLessThan(1e-10);
    }
    // x^k minus its projection on (1, z1, z2, z3) vanishes: the columns span the same space as 1, x, x², x³.
    const time = Float64Array.from(columnTexts(toenail.column("time")), Number);
    const basis = [new Float64Array(frame.n).fill(1 / Math.sqrt(frame.n)), ...z];
    for (let k = 1; k <= 3; k++) {
      const power = time.map((t) => t ** k);
      const residual = power.slice();
      for (const q of basis) {
        const c = dot(q, power);
        for (let i = 0; i < frame.n; i++) residual[i]! -= c * q[i]!;
      }
      expect(Math.sqrt(dot(residual, residual)) / Math.sqrt(dot(power, power))).toBeLessThan(1e-12);
    }
    expect(frame.design?.transforms.poly["poly(time, 3)"]?.alpha).toHaveLength(3);
  });

  it("poly(x, 2, raw = TRUE) has exactly the columns of I(x) + I(x^2)", () => {
    const raw = buildModelFrame(toenail, "outcome ~ poly(time, 2, raw = TRUE) + (1 | patientID)", success);
    const powers = buildModelFrame(toenail, "outcome ~ I(time) + I(time^2) + (1 | patientID)", success);
    expect(raw.betaNames).toEqual(["(Intercept)", "poly(time, 2, raw = TRUE)1", "poly(time, 2, raw = TRUE)2"]);
    expect(powers.betaNames).toEqual(["(Intercept)", "I(time)", "I(time^2)"]);
    expect(Array.from(raw.X)).toEqual(Array.from(powers.X));
  });

  it("scale() centres and scales by the SD and keeps both for new data; exp, sqrt, abs and arithmetic", () => {
    const frame = buildModelFrame(toenail, "outcome ~ scale(time) + exp(-time/10) + sqrt(time) + abs(time - 6) + I(2 * time^2 - 1) + (1 | patientID)", success);
    const s = column(frame, "scale(time)");
    const mean = dot(s, new Float64Array(frame.n).fill(1)) / frame.n;
    expect(Math.abs(mean)).toBeLessThan(1e-12);
    expect(dot(s, s) / (frame.n - 1)).toBeCloseTo(1, 12);
    const { center, scale } = frame.design!.transforms.scale["scale(time)"]!;
    const time = columnTexts(toenail.column("time")).map(Number);
    time.forEach((t, i) => {
      expect(s[i]).toBeCloseTo((t - center!) / scale!, 14);
      expect(column(frame, "exp(-time/10)")[i]).toBe(Math.exp(-t / 10));
      expect(column(frame, "sqrt(time)")[i]).toBe(Math.sqrt(t));
      expect(column(frame, "abs(time - 6)")[i]).toBe(Math.abs(t - 6));
      expect(column(frame, "I(2 * time^2 - 1)")[i]).toBe(2 * t ** 2 - 1);
    });
  });

  it("a comparison with a text level and factor() of a numeric column", () => {
    const frame = buildModelFrame(toenail, 'outcome ~ I(treatment == "terbinafine") + factor(visit) + (1 | patientID)', success);
    expect(frame.betaNames.slice(0, 3)).toEqual(["(Intercept)", 'I(treatment == "terbinafine")TRUE', "factor(visit)2"]);
    expect(frame.design?.transforms.levels["factor(visit)"]).toEqual(["1", "2", "3", "4", "5", "6", "7"]);
  });

  it("offsets are summed into the frame's offset", () => {
    const frame = buildModelFrame(cbpp, "cbind(incidence, size - incidence) ~ period + offset(log(size)/10) + offset(herd * 0) + (1 | herd)", {
      factors: ["period", "herd"].slice(0, 1),
    });
    expect(frame.betaNames).toEqual(["(Intercept)", "period2", "period3", "period4"]);
    const size = columnTexts(cbpp.column("size")).map(Number);
    size.forEach((m, i) => expect(frame.offset![i]).toBe(Math.log(m) / 10));
    expect(buildModelFrame(cbpp, "cbind(incidence, size - incidence) ~ period + (1 | herd)", { factors: ["period"] }).offset).toBeUndefined();
  });

  it("a proportion with --weights gives the counts of the cbind response", () => {
    const counts = buildModelFrame(cbpp, "cbind(incidence, size - incidence) ~ period + (1 | herd)", { factors: ["period"] });
    const proportion = buildModelFrame(cbpp, "incidence / size ~ period + (1 | herd)", { factors: ["period"], weights: "size" });
    expect(Array.from(proportion.trials)).toEqual(Array.from(counts.trials));
    for (let i = 0; i < counts.n; i++) expect(proportion.y[i]).toBeCloseTo(counts.y[i]!, 12);
    expect(proportion.binary).toBe(false);
    expect(proportion.design?.weights).toBe("size");
    // A proportion column, and non-integer counts from non-integer weights (allowed as in R).
    const frame = buildModelFrame(parseCsv("p,w,x\n0.5,3,1\n0.25,2.5,2\n1,1,3\n0,4,4\n", "t.csv"), "p ~ x", { weights: "w" });
    expect(Array.from(frame.y)).toEqual([1.5, 0.625, 1, 0]);
    expect(Array.from(frame.trials)).toEqual([3, 2.5, 1, 4]);
    // A 0/1 response with weights is that many trials, all successes or all failures.
    const binary = buildModelFrame(parseCsv("y,w,x\n1,3,1\n0,2,2\n1,1,3\n0,4,4\n", "t.csv"), "y ~ x", { weights: "w * 2" });
    expect(Array.from(binary.y)).toEqual([6, 0, 2, 0]);
  });
});

describe("formula functions: bad input names the row, the expression or the option", () => {
  it.each([
    ["y,x\n0,1\n1,0\n0,2\n", "y ~ log(x)", '"t.csv", row 2: log(x) is -Infinity; every value the formula computes must be finite'],
    ["y,x\n0,1\n1,0\n0,2\n", "y ~ I(1/x)", '"t.csv", row 2: 1/x is Infinity'],
    ["y,x\n0,1\n1,-4\n0,2\n", "y ~ sqrt(x)", '"t.csv", row 2: sqrt(x) is NaN'],
    ["y,g\n0,a\n1,b\n0,a\n", "y ~ I(g + 1)", "g is a factor (levels, not numbers), so the arithmetic g + 1 cannot use it"],
    ["y,x\n0,1\n1,2\n0,1\n", "y ~ poly(x, 2)", "poly(x, 2): the degree (2) must be less than the number of distinct values of x (2)"],
    ["y,x\n0,1\n1,1\n0,1\n", "y ~ scale(x)", "scale(x): the values are constant, so they cannot be scaled"],
    ["y,x\n0,1\n1,2\n0,3\n", "y ~ log(z)", 'column "z" not found in "t.csv"; available columns: "y", "x"'],
    // As R's model.matrix: a logical is the factor (FALSE, TRUE) even when one value never occurs.
    ["y,x\n0,1\n1,2\n0,3\n", "y ~ I(x > 5)", 'the fixed-effects model matrix is rank deficient: "I(x > 5)TRUE" is identically zero'],
    ["y,x,g\n0,1,a\n1,2,a\n0,3,a\n", "y ~ factor(g)", 'factor(g) is a factor with a single level ("a")'],
    ["y,x\n0,1\n1,2\n0,3\n", "y ~ x + offset(g)", 'column "g" not found'],
    ["y,x,g\n0,1,a\n1,2,b\n0,3,a\n", "y ~ x + offset(g)", "offset(g) must give numbers, not a factor"],
    ["y,x\n0.5,1\n1,2\n0,3\n", "y ~ x", '"t.csv", row 1, column "y": response must be 0 or 1 (or true/false), found "0.5"'],
    ["s,n,x\n1,3,1\n2,4,2\n0,3,3\n", "s/n ~ x", '"t.csv", row 1: the response s/n is 0.333'],
  ])("%s with %s", (csv, formula, message) => {
    expect(csvError(csv, formula)).toContain(message);
  });

  it("--weights: non-positive, missing, text, and with cbind counts", () => {
    const csv = "p,w,x,s,f\n0.5,2,1,1,1\n0.25,4,2,1,3\n1,0,3,0,1\n";
    expect(csvError(csv, "p ~ x", { weights: "w" })).toBe(
      '"t.csv", row 3: the weight w is 0; prior weights must be positive numbers (remove a row rather than give it weight 0)',
    );
    expect(csvError(csv, "p ~ x", { weights: "v" })).toContain('column "v" not found');
    expect(csvError(csv, "p ~ x", { weights: "w +" })).toContain('--weights "w +": position 4: expected a value but found end of formula');
    // A numeric column with a text cell is that cell's error (never a silent factor).
    expect(csvError(csv.replace("0.25,4", "0.25,four"), "p ~ x", { weights: "w" })).toContain('row 2, column "w": "four" is not a number');
    expect(csvError(csv, "cbind(s, f) ~ x", { weights: "w + 1" })).toContain("--weights w + 1 with a cbind(successes, failures) response");
    expect(csvError("p,w,x\n0.5,2,1\n1.5,4,2\n", "p ~ x", { weights: "w" })).toBe(
      '"t.csv", row 2: the response "p" is 1.5; with --weights it must be a proportion of successes between 0 and 1',
    );
  });
});
