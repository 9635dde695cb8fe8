/**
 * Issue 12: a bad cell never becomes a silent factor, rows leave the frame only for a stated reason
 * (counted and listed), and models lme4 refuses before fitting are refused here too, with input errors.
 */
import { describe, expect, it } from "vitest";
import { createDataTable } from "./data-table.js";
import { buildModelFrame, type ModelFrameOptions } from "./model-frame-builder.js";
import type { ModelFrame } from "./model-frame.js";
import { parseCsv } from "./read-csv.js";
import { inputError } from "./test-support/input-error.js";


const frame = (csv: string, formula: string, options?: ModelFrameOptions): ModelFrame => buildModelFrame(parseCsv(csv, "t.csv"), formula, options);
const error = (csv: string, formula: string, options?: ModelFrameOptions) => inputError(() => frame(csv, formula, options));

/** y, x numeric, g with 4 levels; `x` of row `at` replaced by `cell`. */
function withCell(cell: string, at = 5, rows = 24): string {
  const lines = ["y,x,g"];
  for (let i = 0; i < rows; i++) lines.push(`${(i * 7) % 3 === 0 ? 1 : 0},${i === at ? cell : (i * 0.37).toFixed(2)},${"abcd"[i % 4]}`);
  return lines.join("\n");
}

describe("a bad cell in a numeric column is an error naming row, column and text — never a factor", () => {
  for (const cell of ["N/A", "1e400", '"1,234.5"', ".", "0x1A"]) {
    it(`cell ${cell}`, () => {
      const e = error(withCell(cell), "y ~ x + (1 | g)");
      expect(e.kind).toBe("value");
      const text = cell.replace(/"/g, "");
      expect(e.message).toContain(`"t.csv", row 6, column "x": `);
      expect(e.message).toContain(`"${text}"`);
      expect(e.message).toMatch(/numeric covariate with bad cells/);
    });
  }

  it("with many distinct values too (no rank-deficiency error listing dummy columns)", () => {
    const e = error(withCell("N/A", 3, 400), "y ~ x + (1 | g)");
    expect(e.message).toMatch(/^"t\.csv", row 4, column "x": "N\/A" is not a number/);
  });

  it("--factors makes such a column a factor because the user said so", () => {
    const f = frame("y,x\n0,1\n1,2\n0,N/A\n1,1\n0,2\n1,N/A\n", "y ~ x", { factors: ["x"] });
    expect(f.betaNames).toEqual(["(Intercept)", "x2", "xN/A"]);
  });

  it("a grouping column of numbers with a stray label is refused too", () => {
    expect(error("y,x,g\n0,1,1\n1,2,1\n0,3,2\n1,4,N/A\n0,5,2\n1,6,1\n", "y ~ x + (1 | g)").message).toMatch(/column "g": "N\/A" is not a number.*grouping variable/);
  });

  it("NaN and Inf are non-finite values, an error under either na-action", () => {
    for (const naAction of ["fail", "omit"] as const) {
      expect(error(withCell("Inf"), "y ~ x + (1 | g)", { naAction }).message).toContain('row 6, column "x": non-finite value "Inf"');
    }
  });
});

describe("--na-action", () => {
  const csv = "y,x,g,unused\n0,1,a,NA\n1,NA,a,1\n0,3,b,\n1,4,b,1\n0,,a,1\n1,6,b,1\n";

  it("fail (the default) names the first missing cell and the way out", () => {
    const e = error(csv, "y ~ x + (1 | g)");
    expect(e.message).toMatch(/^"t\.csv", row 2, column "x": missing value; 2 missing cells in the model's columns .* --na-action omit/);
  });

  it("omit drops rows with a missing value in a used column only, and lists them", () => {
    const f = frame(csv, "y ~ x + (1 | g)", { naAction: "omit" });
    expect(f.n).toBe(4);
    expect(f.rowsRead).toBe(6);
    expect(f.omitted).toEqual([{ reason: "missing values", rows: Int32Array.from([2, 5]) }]);
    expect([...f.dataRows!]).toEqual([0, 2, 3, 5]);
    expect([...f.X.subarray(4, 8)]).toEqual([1, 3, 4, 6]);
    expect([...f.y]).toEqual([0, 0, 1, 1]);
  });

  it("omit drops unused factor levels, as R's model.frame does", () => {
    const f = frame("y,f,g\n0,u,a\n1,v,a\n0,w,b\n1,NA,b\n0,v,a\n1,u,b\n", "y ~ f + (1 | g)", { naAction: "omit", levelOrders: {} });
    expect(f.betaNames).toEqual(["(Intercept)", "fv", "fw"]);
    const g = frame("y,f,g\n0,u,a\n1,v,a\n0,w,NA\n1,u,b\n0,v,a\n1,u,b\n", "y ~ f + (1 | g)", { naAction: "omit" });
    expect(g.betaNames).toEqual(["(Intercept)", "fv"]);
  });

  it("omit does not depend on row order beyond the order itself", () => {
    const rows = csv.trim().split("\n");
    const reversed = [rows[0], ...rows.slice(1).reverse()].join("\n");
    const a = frame(csv, "y ~ x + (1 | g)", { naAction: "omit" });
    const b = frame(reversed, "y ~ x + (1 | g)", { naAction: "omit" });
    expect([...b.X.subarray(b.n)].sort()).toEqual([...a.X.subarray(a.n)].sort());
  });
});

describe("zero-trial rows", () => {
  it("are dropped, counted and listed", () => {
    const f = frame("s,m,g\n1,3,a\n0,0,a\n2,4,b\n0,0,b\n1,2,a\n3,5,b\n", "cbind(s, m - s) ~ 1 + (1 | g)");
    expect(f.n).toBe(4);
    expect(f.omitted).toEqual([{ reason: "zero trials", rows: Int32Array.from([2, 4]) }]);
  });

  it("a model with no information left is an error", () => {
    const e = error("s,m,g\n0,0,a\n0,0,b\n0,0,a\n", "cbind(s, m - s) ~ 1 + (1 | g)");
    expect(e.kind).toBe("response");
    expect(e.message).toMatch(/every used row .* has zero trials .*no information/);
  });
});

describe("refusals before fitting (what lme4 refuses)", () => {
  it("(1 + z | g) with z a 40-level factor on 40 rows", () => {
    const lines = ["y,z,g"];
    for (let i = 0; i < 40; i++) lines.push(`${i % 2},z${i},g${i % 2}`);
    const e = error(lines.join("\n"), "y ~ (1 + z | g)");
    expect(e.kind).toBe("group");
  });

  it("more random effects per level than observations in every level", () => {
    const lines = ["y,x,w,g"];
    for (let i = 0; i < 30; i++) lines.push(`${i % 2},${i},${(i * 3) % 7},g${Math.floor(i / 3)}`);
    const e = error(lines.join("\n"), "y ~ x + (1 + x + w | g)");
    expect(e.message).toBe(
      'the term "((Intercept) + x + w | g)" has 3 random effects per level of "g", but no level has more than 3 observations: the covariance of the effects cannot be estimated; use fewer effects per level (e.g. "(1 | g)")',
    );
  });

  it("an observation-level scalar term stays allowed", () => {
    const lines = ["s,m,obs,herd"];
    for (let i = 0; i < 12; i++) lines.push(`${i % 3},${3 + (i % 2)},${i},h${i % 3}`);
    expect(frame(lines.join("\n"), "cbind(s, m - s) ~ 1 + (1 | herd) + (1 | obs)").terms).toHaveLength(2);
  });

  it("a covariate whose products overflow is named (no 'choleskyWithRidge: diagonal entry is Infinity')", () => {
    expect(error(withCell("1e308"), "y ~ x + (1 | g)").message).toMatch(/^row 6: the fixed-effects model-matrix column "x" is 1e\+308 there; values beyond ±1e100 overflow/);
    const table = createDataTable("scaled", new Map<string, number[] | string[]>([
      ["y", [0, 1, 0, 1, 1, 0]],
      ["x", [1e300, 2e300, 3e300, 1e300, 2e300, 3e300]],
      ["g", ["a", "a", "b", "b", "a", "b"]],
    ]));
    expect(inputError(() => buildModelFrame(table, "y ~ x + (1 | g)")).message).toMatch(/column "x" is 1e\+300 there/);
  });

  it("--factors naming the response is an option error", () => {
    const e = error("y,x\n0,1\n1,2\n0,3\n", "y ~ x", { factors: ["y"] });
    expect(e.kind).toBe("option");
    expect(e.message).toMatch(/factors option names "y", the response/);
  });
});

describe("typed data tables from memory", () => {
  it("numbers, booleans, strings and null build the same frame as the CSV text", () => {
    const table = createDataTable("mem", new Map<string, (number | boolean | string | null)[]>([
      ["y", [true, false, true, false, true, false]],
      ["x", [0.5, 1.5, 2.5, null, 4.5, 5.5]],
      ["g", ["a", "a", "b", "b", "c", "c"]],
    ]));
    const a = buildModelFrame(table, "y ~ x + (1 | g)", { naAction: "omit" });
    const b = frame("y,x,g\nTRUE,0.5,a\nFALSE,1.5,a\nTRUE,2.5,b\nFALSE,NA,b\nTRUE,4.5,c\nFALSE,5.5,c\n", "y ~ x + (1 | g)", { naAction: "omit" });
    expect([...a.X]).toEqual([...b.X]);
    expect([...a.y]).toEqual([...b.y]);
    expect(a.omitted).toEqual(b.omitted);
  });
});

describe("integer literals beyond 2^53 in a numeric column", () => {
  it("are numbers when the column is a covariate (never a silent factor), distinct labels when it is a factor", () => {
    const text = "y,x,g\n1,2036697517614811600,a\n0,1.5,a\n1,2.5,b\n0,3,b\n1,-1,c\n0,2,c\n";
    const frame = buildModelFrame(parseCsv(text, "t.csv"), "y ~ x + (1 | g)");
    expect(frame.betaNames).toEqual(["(Intercept)", "x"]);
    expect(frame.X[frame.n]).toBe(2036697517614811600);
    const codes = "y,id\n1,9007199254740993\n0,9007199254740992\n1,9007199254740993\n0,9007199254740992\n";
    const asFactor = buildModelFrame(parseCsv(codes, "c.csv"), "y ~ 1 + (1 | id)");
    expect(asFactor.terms[0]!.levels).toEqual(["9007199254740992", "9007199254740993"]);
  });
});
