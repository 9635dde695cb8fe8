import { describe, expect, it } from "vitest";
import { GlmmInputError } from "./errors.js";
import { formatFormula, formatResponse, parseFormula, tokenizeFormula, type ParsedFormula } from "./formula.js";
import { mulberry32 } from "./test-support/shared-data.js";

function formulaError(text: string): string {
  try {
    parseFormula(text);
  } catch (e) {
    if (e instanceof GlmmInputError) {
      expect(e.kind).toBe("formula");
      return e.message;
    }
    throw e;
  }
  throw new Error(`expected "${text}" to be rejected`);
}

describe("parseFormula", () => {
  it("parses a random-intercept model", () => {
    expect(parseFormula("predation ~ ttt + (1 | block)")).toEqual({
      response: { kind: "column", name: "predation" },
      intercept: true,
      fixedTerms: [["ttt"]],
      randomTerms: [{ intercept: true, terms: [], group: "block" }],
    });
  });

  it("parses cbind responses, with plain failures or total - successes", () => {
    expect(parseFormula("cbind(incidence, size - incidence) ~ period + (1 | herd)").response).toEqual({
      kind: "cbind",
      successes: { kind: "name", name: "incidence", position: 7 },
      failures: {
        kind: "binary",
        op: "-",
        left: { kind: "name", name: "size", position: 18 },
        right: { kind: "name", name: "incidence", position: 25 },
        position: 23,
      },
    });
    expect(formatResponse(parseFormula("cbind(grahami, opalinus) ~ height").response)).toBe("cbind(grahami, opalinus)");
  });

  it("expands crossing and orders terms by degree as R's terms() does", () => {
    expect(parseFormula("y ~ treatment * time").fixedTerms).toEqual([["treatment"], ["time"], ["treatment", "time"]]);
    expect(parseFormula("y ~ a*b*c").fixedTerms).toEqual([
      ["a"], ["b"], ["c"], ["a", "b"], ["a", "c"], ["b", "c"], ["a", "b", "c"],
    ]);
    // Interactions written first still come after main effects; duplicates and b:a = a:b collapse.
    expect(parseFormula("y ~ a:b + c + b:a + a + c").fixedTerms).toEqual([["c"], ["a"], ["a", "b"]]);
    // Within a term, variables are ordered by first appearance in the formula (R: "b:a" here).
    expect(parseFormula("y ~ b:a + a").fixedTerms).toEqual([["a"], ["b", "a"]]);
    expect(parseFormula("y ~ (a + b):c").fixedTerms).toEqual([["a", "c"], ["b", "c"]]);
    expect(parseFormula("y ~ a*b - a:b").fixedTerms).toEqual([["a"], ["b"]]);
    expect(parseFormula("y ~ x:x").fixedTerms).toEqual([["x"]]);
  });

  it("handles intercept control as R does (last instruction wins)", () => {
    expect(parseFormula("y ~ 0 + x").intercept).toBe(false);
    expect(parseFormula("y ~ x + 0").intercept).toBe(false);
    expect(parseFormula("y ~ x - 1").intercept).toBe(false);
    expect(parseFormula("y ~ -1 + x").intercept).toBe(false);
    expect(parseFormula("y ~ 1 + x").intercept).toBe(true);
    expect(parseFormula("y ~ 0 + x + 1").intercept).toBe(true);
    expect(parseFormula("y ~ 1")).toMatchObject({ intercept: true, fixedTerms: [] });
    expect(parseFormula("y ~ 1").fixedTerms).toEqual([]);
  });

  it("parses random-effects terms with lme4's implicit intercept", () => {
    const f = parseFormula("y ~ x + (1 + time | patientID) + (time | a) + (0 + ttt | block) + (-1 + x | c)");
    expect(f.randomTerms).toEqual([
      { intercept: true, terms: [["time"]], group: "patientID" },
      { intercept: true, terms: [["time"]], group: "a" },
      { intercept: false, terms: [["ttt"]], group: "block" },
      { intercept: false, terms: [["x"]], group: "c" },
    ]);
    expect(f.fixedTerms).toEqual([["x"]]);
    expect(parseFormula("Mate ~ 0 + Cross + (1 | Female) + (1 | Male)")).toEqual({
      response: { kind: "column", name: "Mate" },
      intercept: false,
      fixedTerms: [["Cross"]],
      randomTerms: [
        { intercept: true, terms: [], group: "Female" },
        { intercept: true, terms: [], group: "Male" },
      ],
    });
  });

  it("expands (x || g) into uncorrelated terms as lme4's expandDoubleVerts", () => {
    expect(parseFormula("y ~ time + (time || patientID)").randomTerms).toEqual([
      { intercept: true, terms: [], group: "patientID" },
      { intercept: false, terms: [["time"]], group: "patientID" },
    ]);
    // One term per formula term: a factor's columns stay together; no intercept piece after "0 +".
    expect(parseFormula("y ~ (0 + f + x + f:x || g)").randomTerms).toEqual([
      { intercept: false, terms: [["f"]], group: "g" },
      { intercept: false, terms: [["x"]], group: "g" },
      { intercept: false, terms: [["f", "x"]], group: "g" },
    ]);
  });

  it("expands nesting (e | a/b) as lme4's expandSlash, and reads a:b as an interaction grouping factor", () => {
    expect(parseFormula("y ~ x + (1 | school/class)").randomTerms).toEqual([
      { intercept: true, terms: [], group: "class:school", interaction: ["class", "school"] },
      { intercept: true, terms: [], group: "school" },
    ]);
    expect(parseFormula("y ~ (x | a/b/c)").randomTerms.map((r) => r.group)).toEqual(["c:b:a", "b:a", "a"]);
    expect(parseFormula("y ~ (1 | a:b/c)").randomTerms.map((r) => r.interaction ?? r.group)).toEqual([["c", "a", "b"], ["a", "b"]]);
    expect(parseFormula("y ~ x + (1 + x | school) + (1 | school:class)").randomTerms[1]).toEqual({
      intercept: true,
      terms: [],
      group: "school:class",
      interaction: ["school", "class"],
    });
    // Both expansions together: (1 + x || a/b) = (1 | b:a) + (1 | a) + (0 + x | b:a) + (0 + x | a).
    expect(parseFormula("y ~ (1 + x || a/b)").randomTerms.map((r) => `${r.intercept ? 1 : 0}${r.terms.length} ${r.group}`)).toEqual([
      "10 b:a", "10 a", "01 b:a", "01 a",
    ]);
  });

  it("nests fixed terms with / as R does: a/b = a + a:b, (a + b)/c = a + b + a:b:c", () => {
    expect(parseFormula("y ~ a/b").fixedTerms).toEqual([["a"], ["a", "b"]]);
    expect(parseFormula("y ~ (a + b)/c").fixedTerms).toEqual([["a"], ["b"], ["a", "b", "c"]]);
  });

  it("orders fixed-term variables without the random terms' variables", () => {
    // R's nobars(y ~ (x | g) + z + x:z) is y ~ z + x:z, whose variables are z, x.
    expect(parseFormula("y ~ (x | g) + z + x:z").fixedTerms).toEqual([["z"], ["z", "x"]]);
  });

  it("accepts backquoted names, dots and underscores", () => {
    const f = parseFormula("`my y` ~ `my var` * x.1 + .a_b + (1 | `the group`)");
    expect(f.response).toEqual({ kind: "column", name: "my y" });
    expect(f.fixedTerms).toEqual([["my var"], ["x.1"], [".a_b"], ["my var", "x.1"]]);
    expect(f.randomTerms[0]!.group).toBe("the group");
    expect(parseFormula("`cbind` ~ x").response).toEqual({ kind: "column", name: "cbind" });
  });

  it("names calls by their deparsed text, as R's terms() labels them", () => {
    const f = parseFormula("y ~ trt + I(week>2) + I(age ^ 2) + log(time+1) + poly(time,2) + factor(visit) + exp(-time/10) + (1 | id)");
    expect(f.fixedTerms).toEqual([["trt"], ["I(week > 2)"], ["I(age^2)"], ["log(time + 1)"], ["poly(time, 2)"], ["factor(visit)"], ["exp(-time/10)"]]);
    expect(Object.keys(f.calls ?? {})).toEqual(["I(week > 2)", "I(age^2)", "log(time + 1)", "poly(time, 2)", "factor(visit)", "exp(-time/10)"]);
    const labels = (text: string) => parseFormula(text).fixedTerms.map((t) => t.join(":"));
    expect(labels("y ~ poly(x, degree = 2, raw = TRUE) + scale(x, center=FALSE)")).toEqual([
      "poly(x, degree = 2, raw = TRUE)",
      "scale(x, center = FALSE)",
    ]);
    expect(labels('y ~ I(x/1e5) + I(x*0.001) + I(-x^2) + I((a+b)*c) + I(u=="v") + log(x, base = 2) + I(2L * x) + I(!flag & x >= 1)')).toEqual([
      "I(x/1e+05)",
      "I(x * 0.001)",
      "I(-x^2)",
      "I((a + b) * c)",
      'I(u == "v")',
      "log(x, base = 2)",
      "I(2L * x)",
      "I(!flag & x >= 1)",
    ]);
    // Calls interact like any variable, and a call in a random-effects term is that term's variable.
    expect(labels("y ~ treatment * poly(time, 2)")).toEqual(["treatment", "poly(time, 2)", "treatment:poly(time, 2)"]);
    expect(parseFormula("y ~ (1 + log(x) | g)").randomTerms[0]!.terms).toEqual([["log(x)"]]);
  });

  it("keeps offsets apart from the terms, and reads a computed response", () => {
    const f = parseFormula("cbind(s, n - s) ~ x + offset(log(n)) + offset(z) + (1 | g)");
    expect(f.fixedTerms).toEqual([["x"]]);
    expect(f.offsets?.map((o) => o.kind)).toEqual(["call", "name"]);
    expect(formatFormula(f)).toBe("cbind(s, n - s) ~ x + offset(log(n)) + offset(z) + (1 | g)");
    const proportion = parseFormula("incidence / size ~ period");
    expect(proportion.response).toMatchObject({ kind: "expression", label: "incidence/size" });
  });

  it("expands formula powers as R: (a + b + c)^2 is every term of up to two variables; x^2 is x", () => {
    expect(parseFormula("y ~ (a + b + c)^2").fixedTerms).toEqual([["a"], ["b"], ["c"], ["a", "b"], ["a", "c"], ["b", "c"]]);
    expect(parseFormula("y ~ (a + b)^3").fixedTerms).toEqual([["a"], ["b"], ["a", "b"]]);
    expect(parseFormula("y ~ x^2").fixedTerms).toEqual([["x"]]);
  });

  it("records 1-based token positions", () => {
    expect(tokenizeFormula("y ~ x+`a b`").map((t) => [t.kind, t.text, t.position])).toEqual([
      ["name", "y", 1], ["~", "~", 3], ["name", "x", 5], ["+", "+", 6], ["name", "a b", 7], ["end", "", 12],
    ]);
  });
});

describe("parseFormula errors", () => {
  it.each([
    ["y ~", 'formula error at position 4: expected a term after "~" but found end of formula'],
    ["~ x", 'formula error at position 1: expected a response before "~"'],
    ["y ~ x +", 'formula error at position 8: expected a term after "+" but found end of formula'],
    ["y ~ x + + z", 'formula error at position 9: expected a term after "+" but found "+"'],
    ["y ~ (1 | )", 'formula error at position 10: expected a grouping variable name after "|" but found ")"'],
    ["y ~ (x + 1", 'formula error at position 11: unbalanced parentheses: expected ")" to close "(" at position 5 but found end of formula'],
    ["y ~ x)", 'formula error at position 6: unbalanced parentheses: ")" without a matching "("'],
    ["y ~ (1 | g", 'formula error at position 11: expected ")" to close the random-effects term opened at position 5 but found end of formula'],
    ["y ~ x $ z", 'formula error at position 7: unexpected character "$"'],
    ["y ~ x | g", 'formula error at position 7: unexpected "|": a random-effects term must be written in parentheses'],
    ["y ~ foo(x)", 'formula error at position 5: unknown function "foo()" in the formula; supported: I(), log(), log10(), log2(), log1p(), exp(), expm1(), sqrt(), abs(), scale(), poly(), factor(), offset()'],
    ["y ~ log(x, 2, 3)", "formula error at position 15: log() takes at most 2 arguments"],
    ["y ~ poly(x, 0)", "formula error at position 13: poly()'s degree must be a whole number ≥ 1"],
    ["y ~ poly(x, k)", "formula error at position 13: poly()'s degree must be a whole number ≥ 1"],
    ["y ~ poly(x, 2, raw = 1)", "formula error at position 22: poly(..., raw = ) must be TRUE or FALSE"],
    ["y ~ poly(x, 2, foo = TRUE)", 'formula error at position 22: poly() has no argument "foo" (its arguments: x, degree, raw)'],
    ["y ~ scale(x, center = 0)", "formula error at position 23: scale(..., center = ) must be TRUE or FALSE"],
    ["y ~ I()", 'formula error at position 5: I() needs its argument "x"'],
    ["y ~ I(x", 'formula error at position 8: expected "," or ")" in the call I( at position 6 but found end of formula'],
    ["y ~ I(a < b < c)", "formula error at position 13: comparisons cannot be chained"],
    ["y ~ I(x + offset(z))", 'formula error at position 11: offset() must be a term of its own ("+ offset(x)")'],
    ["y ~ x - offset(z)", "formula error at position 9: an offset cannot be subtracted"],
    ["y ~ x:offset(z)", 'formula error at position 7: an offset cannot be used with ":"'],
    ["y ~ (offset(z) | g)", "formula error at position 6: offset(...) belongs in the fixed part of the formula"],
    ["offset(y) ~ x", "formula error at position 1: offset() cannot be the response"],
    ["y ~ x + cbind(a, b)", 'formula error at position 9: cbind(...) is only allowed as the response, left of "~"'],
    ["y ~ x^2.5", 'formula error at position 7: expected a positive whole number after "^" but found "2.5"'],
    ["y ~ x^z", 'formula error at position 7: expected a positive whole number after "^" but found "z"'],
    ["y ~ I(1.2.3)", 'formula error at position 7: malformed number "1.2.3"'],
    ['y ~ I(a == "b)', 'formula error at position 12: unterminated string (missing closing """)'],
    ["y ~ (1 | log(g))", 'formula error at position 10: a function call "log(...)" cannot be used here; a grouping variable name must be a column name'],
    ["y ~ 2 + x", 'formula error at position 5: unexpected number "2"'],
    ["y x", 'formula error at position 3: expected "~" after the response but found "x"'],
    ["y ~ x z", 'formula error at position 7: expected "+" or the end of the formula but found "z"'],
    ["y ~ x * (1 | g)", 'formula error at position 9: a random-effects term cannot be used with "*"'],
    ["y ~ x:0", 'formula error at position 7: "0" (intercept) cannot be used with ":"'],
    ["y ~ (1 || )", 'formula error at position 11: expected a grouping variable name after "|" but found ")"'],
    ["y ~ (1 | a/)", 'formula error at position 12: expected a grouping variable name after "/" but found ")"'],
    ["y ~ (1 | a:1)", 'formula error at position 12: expected a grouping variable name after ":" but found "1"'],
    ["y ~ (1 | a b)", 'formula error at position 12: expected ")" to close the random-effects term opened at position 5 but found "b"'],
    ["y ~ (0 || g)", 'formula error at position 5: random-effects term for "g" has no effects'],
    ["y ~ (0 | g)", 'formula error at position 5: random-effects term for "g" has no effects'],
    ["y ~ ((1 | g) + x)", 'formula error at position 6: a random-effects term "(... | g)" cannot be nested'],
    ["y ~ `x", 'formula error at position 5: unterminated backquoted name'],
    ["cbind(s f) ~ x", 'formula error at position 9: expected "," between the successes and failures of cbind after "s" but found "f"'],
    ["cbind(s, f ~ x", 'formula error at position 12: expected ")" to close cbind( at position 6 but found "~"'],
    ["y ~ .", 'formula error at position 5: "." (all other columns) is not supported'],
    ["", "formula error at position 1: expected a response name but found end of formula"],
  ])("%s", (text, expected) => {
    expect(formulaError(text)).toContain(expected);
  });
});

/** Terms as sorted variable lists, for comparisons that ignore the order inside an interaction. */
function normalise(f: ParsedFormula): unknown {
  const sortTerm = (t: readonly string[]) => [...t].sort();
  return {
    ...f,
    fixedTerms: f.fixedTerms.map(sortTerm),
    randomTerms: f.randomTerms.map((r) => ({ ...r, terms: r.terms.map(sortTerm) })),
  };
}

describe("formatFormula round trips", () => {
  it("prints canonical text that parses back to the same structure", () => {
    for (const text of [
      "predation ~ ttt + (1 | block)",
      "cbind(incidence, size - incidence) ~ period + (1 | herd)",
      "y ~ treatment * time + (1 + time | patientID)",
      "Mate ~ 0 + Cross + (1 | Female) + (1 | Male)",
      "`my y` ~ `a-b` * c + (0 + ttt | `grp 1`)",
      "y ~ x + (1 | school/class) + (x || `a b`:c)",
      "y ~ 1",
      "y ~ 0",
      "y ~ I(age^2) + poly(time, 2) + offset(log(n)) + (1 + log(x + 1) | g)",
      "incidence/size ~ period + (1 | herd)",
    ]) {
      const parsed = parseFormula(text);
      expect(parseFormula(formatFormula(parsed))).toEqual(parsed);
    }
    expect(formatFormula(parseFormula("y ~ treatment * time + (time | patientID)"))).toBe(
      "y ~ treatment + time + treatment:time + (1 + time | patientID)",
    );
  });

  it("random formulas: parse(format(parse(f))) == parse(f) and terms are unique and degree-ordered", () => {
    const rand = mulberry32(20261122);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const names = ["a", "b", "c", "x1", "`v w`", "d.e"];
    const term = (): string => {
      const k = 1 + Math.floor(rand() * 3);
      const op = pick(["*", ":"]);
      return Array.from({ length: k }, () => pick(names)).join(` ${op} `);
    };
    for (let trial = 0; trial < 300; trial++) {
      const parts: string[] = [];
      const count = 1 + Math.floor(rand() * 4);
      for (let k = 0; k < count; k++) {
        const r = rand();
        if (r < 0.1) parts.push(pick(["0", "1"]));
        else if (r < 0.25) parts.push(`(${pick(["1", "0 + x1", "x1", "1 + a"])} | ${pick(["g", "h"])})`);
        else if (r < 0.35) parts.push(`(${term()} + ${term()}):${pick(names)}`);
        else parts.push(term());
      }
      const text = `${pick(["y", "cbind(s, n - s)", "cbind(s, f)"])} ~ ${parts.join(" + ")}`;
      let parsed: ParsedFormula;
      try {
        parsed = parseFormula(text);
      } catch (e) {
        // Only the documented rejection can occur here: "(0 | g)"-like terms are not generated.
        throw new Error(`${text}: ${(e as Error).message}`);
      }
      // Same terms (as sets), and the canonical text is a fixed point of format ∘ parse.
      const again = parseFormula(formatFormula(parsed));
      expect(normalise(again)).toEqual(normalise(parsed));
      expect(formatFormula(parseFormula(formatFormula(again)))).toBe(formatFormula(again));
      const keys = parsed.fixedTerms.map((t) => [...t].sort().join(":"));
      expect(new Set(keys).size).toBe(keys.length);
      for (let k = 1; k < parsed.fixedTerms.length; k++) {
        expect(parsed.fixedTerms[k]!.length).toBeGreaterThanOrEqual(parsed.fixedTerms[k - 1]!.length);
      }
      for (const t of parsed.fixedTerms) expect(new Set(t).size).toBe(t.length);
    }
  });
});

describe("formula limits (issue 12: input errors, never 'Maximum call stack size exceeded')", () => {
  it("deeply nested parentheses are refused with a position", () => {
    const deep = `y ~ ${"(".repeat(5000)}x${")".repeat(5000)}`;
    expect(() => parseFormula(deep)).toThrow(/formula error at position 105: parentheses nested more than 100 deep/);
    expect(parseFormula(`y ~ ${"(".repeat(50)}x${")".repeat(50)}`).fixedTerms).toEqual([["x"]]);
  });

  it("an interaction of many variables that would expand to thousands of terms is refused", () => {
    const names = Array.from({ length: 20 }, (_, k) => `x${k}`);
    expect(() => parseFormula(`y ~ ${names.join(" * ")}`)).toThrow(/expands to more than 4096 terms/);
  });
});
