/**
 * The bundle's module constants: esbuild writes top-level const as var, and the build turns back into const
 * exactly the top-level vars that are initialised, declared once and never assigned (tooling/node-bundle's
 * top-level-const.mjs) — V8 folds a const into the code that reads it, which the samplers' loops need.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { topLevelVarsToConst } from "@glmmkit/node-bundle/top-level-const";

describe("topLevelVarsToConst", () => {
  it("makes const of initialised, once-declared, never-assigned top-level vars, and of nothing else", async () => {
    const source = [
      "var TABLE = new Float64Array(4), LIMIT = 2 ** 930;",
      "var counter = 0;",
      "function bump() { counter++; }",
      "var total = 1;",
      "total += 2;",
      "var swapped = 1;",
      "[swapped, other] = [2, 3];",
      "var picked = 1;",
      "({ picked } = { picked: 2 });",
      "var renamed = 1;",
      "({ key: renamed } = { key: 2 });",
      "var looped = 1;",
      "for (looped of [1, 2]) ;",
      "var later;",
      "later = 5;",
      "var declaredTwice = 1;",
      "var declaredTwice = 2;",
      "var shadowedAndAssigned = 1;",
      "function f(shadowedAndAssigned) { shadowedAndAssigned = 2; }",
      "function g() { var inner = 1; return inner + TABLE[0] + LIMIT; }",
      "var { destructured } = { destructured: 1 };",
    ].join("\n");
    const { text, converted } = await topLevelVarsToConst(source);
    const lines = text.split("\n");
    expect(converted).toBe(1);
    expect(lines[0]).toBe("const TABLE = new Float64Array(4), LIMIT = 2 ** 930;");
    // Everything else stays as it was: assigned somewhere (in any form), not initialised, declared twice,
    // a function's own var, or a destructuring declaration.
    expect(lines.slice(1)).toEqual(source.split("\n").slice(1));
  });

  it("was applied to the built command: its tables are const", () => {
    const bundle = readFileSync(fileURLToPath(new URL("../dist/glmm.mjs", import.meta.url)), "utf8");
    expect(bundle).toMatch(/^const FRACTIONAL_POWERS = /m);
    expect(bundle).not.toMatch(/^var FRACTIONAL_POWERS = /m);
  });
});
