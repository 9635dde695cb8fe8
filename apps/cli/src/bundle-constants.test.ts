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
      "var hoistedTwice = 0;",
      "for (var hoistedTwice of [1]) ;",
      "var inBlock = 1;",
      "if (TABLE) { var inBlock = 2; }",
      "var selfReferencing = selfReferencing || {};",
      "var readEarly = typeof readLater;",
      "var readLater = 1;",
      "var readInFunction = () => readInFunctionLater;",
      "var readInFunctionLater = 2;",
    ].join("\n");
    const { text, converted } = await topLevelVarsToConst(source);
    const lines = text.split("\n");
    const original = source.split("\n");
    // Converted: never assigned, declared once, not read by module code before their declaration ends — a
    // read inside a function body is deferred (the arrow, and the const it reads).
    const expected = original.map((line) =>
      /^var (TABLE|readEarly|readInFunction|readInFunctionLater) = /.test(line) ? `const${line.slice(3)}` : line,
    );
    expect(lines).toEqual(expected);
    expect(converted).toBe(4);
    // Everything else stays a var: assigned somewhere (in any form), not initialised, declared twice (also by
    // a var in a loop head or a block), a function's own var, a destructuring declaration, or read before its
    // declaration ends (in its own initialiser, or by an earlier statement, even under typeof).
  });

  it("was applied to the built command: its tables are const", () => {
    const bundle = readFileSync(fileURLToPath(new URL("../dist/glmm.mjs", import.meta.url)), "utf8");
    expect(bundle).toMatch(/^const FRACTIONAL_POWERS = /m);
    expect(bundle).not.toMatch(/^var FRACTIONAL_POWERS = /m);
  });
});
