import { describe, expect, it } from "vitest";
import { buildModelFrame } from "./model-frame-builder.js";
import { parseCsv } from "./read-csv.js";
import { differentDataReason, nestingViolation } from "./model-nesting.js";

// 4 groups × 5 rows: y, x, a two-level factor f, grouping g, a coarser grouping h, and x2 = 2x + 1.
const rows: string[] = ["y,x,x2,f,g,h"];
for (let j = 0; j < 4; j++) {
  for (let r = 0; r < 5; r++) {
    const x = ((j * 5 + r) * 37) % 11 / 5 - 1;
    rows.push(`${(j + r) % 2},${x.toFixed(3)},${(2 * x + 1).toFixed(3)},${r % 2 === 0 ? "a" : "b"},g${j},h${j % 2}`);
  }
}
const table = parseCsv(rows.join("\n"), "nesting.csv");
const frame = (formula: string) => buildModelFrame(table, formula);

describe("nestingViolation", () => {
  it("accepts fewer fixed effects, reparameterised columns and nested random-effects structures", () => {
    expect(nestingViolation(frame("y ~ 1 + (1 | g)"), frame("y ~ x + (1 | g)"))).toBeNull();
    expect(nestingViolation(frame("y ~ x2 + (1 | g)"), frame("y ~ x + (1 | g)"))).toBeNull(); // x2 = 2x + 1
    expect(nestingViolation(frame("y ~ x + (1 | g)"), frame("y ~ x + (1 + x | g)"))).toBeNull();
    expect(nestingViolation(frame("y ~ x + (x || g)"), frame("y ~ x + (1 + x | g)"))).toBeNull();
    expect(nestingViolation(frame("y ~ x + (1 | g)"), frame("y ~ x + (1 | g) + (1 | h)"))).toBeNull();
    expect(nestingViolation(frame("y ~ x + (1 | h)"), frame("y ~ x + (1 | h/g)"))).toBeNull();
    expect(nestingViolation(frame("y ~ f + x + (1 | g)"), frame("y ~ f * x + (1 | g)"))).toBeNull();
  });

  it("names what is missing from the larger model", () => {
    expect(nestingViolation(frame("y ~ f + (1 | g)"), frame("y ~ x + (1 | g)"))).toMatch(/fixed-effects column "fb"/);
    expect(nestingViolation(frame("y ~ x + (1 + x | g)"), frame("y ~ x + (x || g)"))).toMatch(/\(\(Intercept\) \+ x \| g\)/);
    expect(nestingViolation(frame("y ~ x + (1 | g)"), frame("y ~ x + (1 | h)"))).toMatch(/\(\(Intercept\) \| g\) has no term/);
    expect(nestingViolation(frame("y ~ x + (1 | g) + (1 | h)"), frame("y ~ x + (1 | g)"))).toMatch(/\| h\)/);
  });
});

describe("differentDataReason", () => {
  it("is null for the same rows and names the first differing observation otherwise", () => {
    expect(differentDataReason(frame("y ~ x + (1 | g)"), frame("y ~ 1 + (1 | h)"))).toBeNull();
    const flipped = rows.map((line, i) => (i === 3 ? `${1 - Number(line[0])}${line.slice(1)}` : line));
    const other = buildModelFrame(parseCsv(flipped.join("\n"), "flipped.csv"), "y ~ x + (1 | g)");
    expect(differentDataReason(frame("y ~ x + (1 | g)"), other)).toMatch(/observation 3/);
    // The same number of rows omitted for missing values, but different rows (x missing in one, f in the other).
    const holes = rows.map((line, i) => (i === 2 ? line.replace(/^(\d),[^,]*,/, "$1,NA,") : i === 5 ? line.replace(/,(a|b),/, ",NA,") : line));
    const missing = parseCsv(holes.join("\n"), "holes.csv");
    const withoutX = buildModelFrame(missing, "y ~ x + (1 | g)", { naAction: "omit" });
    const withoutF = buildModelFrame(missing, "y ~ f + (1 | g)", { naAction: "omit" });
    expect(withoutX.n).toBe(withoutF.n);
    expect(differentDataReason(withoutX, withoutF)).toMatch(/different rows of the data \(observation 2 is data row 3 in one and 2 in the other\)/);
    const shorter = buildModelFrame(parseCsv(rows.slice(0, -1).join("\n"), "short.csv"), "y ~ x + (1 | g)");
    expect(differentDataReason(frame("y ~ x + (1 | g)"), shorter)).toMatch(/20 and 19 rows/);
  });
});
