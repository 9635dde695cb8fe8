import { columnTexts } from "./data-table.js";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCsv } from "./read-csv.js";
import { readCsvFile } from "./read-csv-file.js";
import { GlmmInputError } from "./errors.js";
import { buildModelFrame, type ModelFrameOptions } from "./model-frame-builder.js";
import { xColumn, type ModelFrame } from "./model-frame.js";
import { sharedDataPath, sharedReferencePath } from "./test-support/shared-data.js";
import { inputError } from "./test-support/input-error.js";

const lme4 = JSON.parse(readFileSync(sharedReferencePath("lme4.json"), "utf8")) as Record<
  string,
  { formula: string; nobs: number; fixef: Record<string, number> }
>;

function frameFor(file: string, formula: string, options?: ModelFrameOptions): ModelFrame {
  return buildModelFrame(readCsvFile(sharedDataPath(file)), formula, options);
}


function csvError(csv: string, formula: string, options?: ModelFrameOptions): GlmmInputError {
  return inputError(() => buildModelFrame(parseCsv(csv, "t.csv"), formula, options));
}

function csvFrame(csv: string, formula: string, options?: ModelFrameOptions): ModelFrame {
  return buildModelFrame(parseCsv(csv, "t.csv"), formula, options);
}

describe("buildModelFrame on culcita", () => {
  const table = readCsvFile(sharedDataPath("culcita.csv"));
  const ttt = columnTexts(table.column("ttt"));

  it("sorts text levels alphabetically by default (both, crabs, none, shrimp)", () => {
    const frame = buildModelFrame(table, "predation ~ ttt + (1 | block)");
    expect(frame.betaNames).toEqual(["(Intercept)", "tttcrabs", "tttnone", "tttshrimp"]);
  });

  it("with lme4's level order gives lme4's coefficient names and indicator columns", () => {
    const frame = buildModelFrame(table, "predation ~ ttt + (1 | block)", {
      levelOrders: { ttt: ["none", "crabs", "shrimp", "both"] },
    });
    expect(frame.betaNames).toEqual(Object.keys(lme4["culcita_full_laplace"]!.fixef));
    expect(frame.n).toBe(80);
    expect(frame.rowsRead).toBe(80);
    expect(frame.p).toBe(4);
    expect(frame.binary).toBe(true);
    expect(frame.responseName).toBe("predation");
    expect(frame.formula).toBe("predation ~ ttt + (1 | block)");
    expect([...xColumn(frame, 0)].every((v) => v === 1)).toBe(true);
    ["crabs", "shrimp", "both"].forEach((level, k) => {
      expect([...xColumn(frame, k + 1)]).toEqual(ttt.map((t) => (t === level ? 1 : 0)));
    });
    expect([...frame.y]).toEqual(columnTexts(table.column("predation")).map(Number));
    expect([...frame.trials].every((m) => m === 1)).toBe(true);
    const [term] = frame.terms;
    expect(term!.group).toBe("block");
    expect(term!.termNames).toEqual(["(Intercept)"]);
    expect(term!.q).toBe(1);
    // Numeric-coded groups sort numerically (1, 2, ..., 10, not 1, 10, 2).
    expect(term!.levels).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
    expect([...term!.groupIndex].map((g) => term!.levels[g])).toEqual(columnTexts(table.column("block")));
    expect([...term!.Z].every((z) => z === 1)).toBe(true);
  });

  it("a reference level moves that level first", () => {
    const frame = buildModelFrame(table, "predation ~ ttt", { referenceLevels: { ttt: "none" } });
    expect(frame.betaNames).toEqual(["(Intercept)", "tttboth", "tttcrabs", "tttshrimp"]);
    expect(frame.terms).toEqual([]);
  });

  it("level options that do not match the data are errors listing the levels", () => {
    const bad = inputError(() => buildModelFrame(table, "predation ~ ttt", { referenceLevels: { ttt: "nothing" } }));
    expect(bad.kind).toBe("option");
    expect(bad.message).toBe('reference level "nothing" for column "ttt" does not exist; its levels are "both", "crabs", "none", "shrimp"');
    const order = inputError(() =>
      buildModelFrame(table, "predation ~ ttt", { levelOrders: { ttt: ["none", "crabs", "shrimp", "lobster"] } }),
    );
    expect(order.message).toBe(
      'level order for column "ttt" must list exactly its levels ("both", "crabs", "none", "shrimp"): it leaves out "both"; "lobster" is not in the data',
    );
    const unknown = inputError(() => buildModelFrame(table, "predation ~ ttt", { factors: ["tt"] }));
    expect(unknown.message).toContain('factors option names column "tt", which is not in');
  });

  it("a full-dummy random term for a factor without intercept (0 + ttt | block)", () => {
    const frame = buildModelFrame(table, "predation ~ 0 + ttt + (0 + ttt | block)");
    expect(frame.betaNames).toEqual(["tttboth", "tttcrabs", "tttnone", "tttshrimp"]);
    const term = frame.terms[0]!;
    expect(term.termNames).toEqual(["tttboth", "tttcrabs", "tttnone", "tttshrimp"]);
    expect(term.q).toBe(4);
    for (let i = 0; i < frame.n; i++) {
      const row = [...term.Z.subarray(i * 4, i * 4 + 4)];
      expect(row).toEqual(term.termNames.map((name) => (name === `ttt${ttt[i]}` ? 1 : 0)));
    }
    // With an intercept the random part uses treatment contrasts.
    expect(buildModelFrame(table, "predation ~ 1 + (ttt | block)").terms[0]!.termNames).toEqual([
      "(Intercept)", "tttcrabs", "tttnone", "tttshrimp",
    ]);
  });
});

describe("buildModelFrame on toenail", () => {
  const options = { success: "moderate or severe" };

  it("maps a two-level text response with the success level and names interactions as R", () => {
    const frame = frameFor("toenail.csv", "outcome ~ treatment * time + (1 + time | patientID)", options);
    expect(frame.betaNames).toEqual(Object.keys(lme4["toenail_slope_laplace"]!.fixef));
    expect(frame.n).toBe(lme4["toenail_slope_laplace"]!.nobs);
    const table = readCsvFile(sharedDataPath("toenail.csv"));
    const outcome = columnTexts(table.column("outcome"));
    expect([...frame.y]).toEqual(outcome.map((o) => (o === "moderate or severe" ? 1 : 0)));
    const time = columnTexts(table.column("time")).map(Number);
    const terb = columnTexts(table.column("treatment")).map((t) => (t === "terbinafine" ? 1 : 0));
    expect([...xColumn(frame, 3)]).toEqual(time.map((t, i) => t * terb[i]!));
    const term = frame.terms[0]!;
    expect(term.termNames).toEqual(["(Intercept)", "time"]);
    expect(term.q).toBe(2);
    expect(term.levels).toHaveLength(294);
    expect(term.levels.slice(0, 4)).toEqual(["1", "2", "3", "4"]);
    // Z is n × q row-major: (1, time_i).
    for (let i = 0; i < frame.n; i += 97) {
      expect(term.Z[2 * i]).toBe(1);
      expect(term.Z[2 * i + 1]).toBe(time[i]);
      expect(term.levels[term.groupIndex[i]!]).toBe(columnTexts(table.column("patientID"))[i]);
    }
  });

  it("without a success level, the text response is an error suggesting --success", () => {
    const e = inputError(() => frameFor("toenail.csv", "outcome ~ time"));
    expect(e.kind).toBe("response");
    expect(e.message).toContain('response column "outcome"');
    expect(e.message).toContain('"moderate or severe" and "none or mild"');
    expect(e.message).toContain("--success LEVEL");
  });

  it("a success level that is not a value is an error listing the values", () => {
    const e = inputError(() => frameFor("toenail.csv", "outcome ~ time", { success: "severe" }));
    expect(e.kind).toBe("option");
    expect(e.message).toContain('success level "severe" is not a value of response column "outcome"');
  });
});

describe("buildModelFrame on cbpp and salamander", () => {
  it("cbind(incidence, size - incidence) with period as a factor", () => {
    const frame = frameFor("cbpp.csv", "cbind(incidence, size - incidence) ~ period + (1 | herd)", { factors: ["period"] });
    expect(frame.betaNames).toEqual(Object.keys(lme4["cbpp_laplace"]!.fixef));
    expect(frame.responseName).toBe("cbind(incidence, size - incidence)");
    const table = readCsvFile(sharedDataPath("cbpp.csv"));
    expect([...frame.y]).toEqual(columnTexts(table.column("incidence")).map(Number));
    expect([...frame.trials]).toEqual(columnTexts(table.column("size")).map(Number));
    expect(frame.binary).toBe(false);
    expect(frame.terms[0]!.levels).toHaveLength(15);
  });

  it("period without the factors option is a numeric covariate", () => {
    const frame = frameFor("cbpp.csv", "cbind(incidence, size - incidence) ~ period");
    expect(frame.betaNames).toEqual(["(Intercept)", "period"]);
  });

  it("0 + Cross gives all four levels; crossed terms (1 | Female) + (1 | Male)", () => {
    const frame = frameFor("salamander.csv", "Mate ~ 0 + Cross + (1 | Female) + (1 | Male)");
    expect(frame.betaNames).toEqual(Object.keys(lme4["salamander_laplace"]!.fixef));
    for (let i = 0; i < frame.n; i++) {
      let s = 0;
      for (let k = 0; k < frame.p; k++) s += frame.X[k * frame.n + i]!;
      expect(s).toBe(1);
    }
    expect(frame.terms.map((t) => [t.group, t.levels.length, t.q])).toEqual([
      ["Female", 60, 1],
      ["Male", 60, 1],
    ]);
  });
});

describe("model-matrix coding rules (R's model.matrix)", () => {
  // a: a1, a2; b: p, q, r; x numeric; f: boolean.
  const csv = [
    "y,a,b,x,f,z",
    "1,a1,p,0.5,true,1",
    "0,a2,p,1.5,false,2",
    "1,a1,q,2.0,TRUE,3",
    "0,a2,q,-1,FALSE,4",
    "1,a1,r,3,true,5",
    "0,a2,r,0.25,false,6",
    "1,a2,p,4,true,7",
  ].join("\n");

  it("factor × factor with main effects: contrasts on both, first factor varying fastest", () => {
    const frame = csvFrame(csv, "y ~ a * b");
    expect(frame.betaNames).toEqual(["(Intercept)", "aa2", "bq", "br", "aa2:bq", "aa2:br"]);
  });

  it("a + a:b codes b by contrasts and a by indicators inside the interaction", () => {
    const frame = csvFrame(csv, "y ~ a + a:b");
    expect(frame.betaNames).toEqual(["(Intercept)", "aa2", "aa1:bq", "aa2:bq", "aa1:br", "aa2:br"]);
  });

  it("no intercept: only the first factor gets all levels", () => {
    expect(csvFrame(csv, "y ~ 0 + a + b").betaNames).toEqual(["aa1", "aa2", "bq", "br"]);
    expect(csvFrame(csv, "y ~ x + b - 1").betaNames).toEqual(["x", "bp", "bq", "br"]);
  });

  it("factor × numeric, boolean predictors and numeric-coded factors", () => {
    expect(csvFrame(csv, "y ~ a * x").betaNames).toEqual(["(Intercept)", "aa2", "x", "aa2:x"]);
    expect(csvFrame(csv, "y ~ x:a").betaNames).toEqual(["(Intercept)", "x:aa1", "x:aa2"]);
    const f = csvFrame(csv, "y ~ f");
    expect(f.betaNames).toEqual(["(Intercept)", "fTRUE"]);
    expect([...xColumn(f, 1)]).toEqual([1, 0, 1, 0, 1, 0, 1]);
    expect(csvFrame(csv, "y ~ z", { factors: ["z"] }).betaNames).toEqual(["(Intercept)", "z2", "z3", "z4", "z5", "z6", "z7"]);
  });

  it("true/false responses map to 1/0; unused columns are not checked", () => {
    const frame = csvFrame("y,x,junk\ntrue,1,NA\nFALSE,2,\nTRUE,3,oops\n", "y ~ x");
    expect([...frame.y]).toEqual([1, 0, 1]);
  });

  it("the (Intercept)-only and no-fixed-effects models", () => {
    expect(csvFrame(csv, "y ~ 1 + (1 | a)").betaNames).toEqual(["(Intercept)"]);
    const none = csvFrame(csv, "y ~ 0 + (1 | a)");
    expect(none.p).toBe(0);
    expect(none.X).toHaveLength(0);
  });

  it("text group levels sort like R in en_US; numeric groups numerically", () => {
    const frame = csvFrame("y,g,h\n1,b,10\n0,B,9\n1,a,2\n0,A,10\n", "y ~ 1 + (1 | g) + (1 | h)");
    expect(frame.terms[0]!.levels).toEqual(["a", "A", "b", "B"]);
    expect(frame.terms[1]!.levels).toEqual(["2", "9", "10"]);
    expect([...frame.terms[1]!.groupIndex]).toEqual([2, 1, 0, 2]);
  });
});

describe("buildModelFrame errors", () => {
  const base = "y,x,g\n0,1,a\n1,2,a\n0,3,b\n1,4,b\n";

  it("a response value that is not 0/1 names the row, column and value", () => {
    const csv = "predation,x\n" + Array.from({ length: 15 }, (_, i) => `${i === 11 ? 2 : i % 2},${i}`).join("\n");
    const e = csvError(csv, "predation ~ x");
    expect(e.kind).toBe("response");
    expect(e.message).toBe('"t.csv", row 12, column "predation": response must be 0 or 1 (or true/false), found "2"');
    expect(csvError("y,x\n0,1\nyes,2\n1,3\n", "y ~ x").message).toContain('row 2, column "y": response must be 0 or 1 (or true/false), found "yes"');
  });

  it("a text response with three values and a success level", () => {
    const e = csvError("y,x\na,1\nb,2\nc,3\n", "y ~ x", { success: "a" });
    expect(e.message).toContain('response column "y" in "t.csv" has 3 distinct values ("a", "b", "c")');
  });

  it("missing values, NA, NaN and Inf in used columns", () => {
    expect(csvError("y,x\n0,1\n1,\n", "y ~ x").message).toBe(
      '"t.csv", row 2, column "x": missing value; 1 missing cell in the model\'s columns — rows are never dropped silently: fill them, or drop those rows with --na-action omit (they are counted and listed)',
    );
    expect(csvError("y,x\n0,1\nNA,2\n", "y ~ x").message).toContain('row 2, column "y": missing value');
    expect(csvError("y,x\n0,1\n1,Inf\n", "y ~ x").message).toContain('row 2, column "x": non-finite value "Inf"');
    expect(csvError("y,x\n0,NaN\n1,2\n", "y ~ x").message).toContain('row 1, column "x": non-finite value "NaN"');
    const group = csvError("y,x,g\n0,1,a\n1,2,\n", "y ~ x + (1 | g)");
    expect(group.kind).toBe("value");
    expect(group.message).toContain('row 2, column "g": missing value');
  });

  it("an unknown column names the available ones", () => {
    const e = csvError(base, "y ~ x + w");
    expect(e.kind).toBe("column");
    expect(e.message).toBe('column "w" not found in "t.csv"; available columns: "y", "x", "g"');
  });

  it("a single-level factor", () => {
    const e = csvError("y,x\n0,a\n1,a\n", "y ~ x");
    expect(e.kind).toBe("factor");
    expect(e.message).toBe('column "x" is a factor with a single level ("a"); it cannot be used as a predictor');
    expect(csvError("y,g\n0,a\n1,a\n", "y ~ 1 + (1 | g)").message).toContain('grouping variable "g" has a single level ("a")');
  });

  it("a rank-deficient X names the aliased columns", () => {
    const csv = "y,x1,x2,x3\n0,1,3,0\n1,2,5,0\n0,3,7,0\n1,5,11,0\n";
    const e = csvError(csv, "y ~ x1 + x2");
    expect(e.kind).toBe("rank");
    expect(e.message).toBe('the fixed-effects model matrix is rank deficient: "x2" is a linear combination of "(Intercept)", "x1"');
    expect(csvError(csv, "y ~ x1 + x3").message).toContain('"x3" is identically zero');
    // Full dummies of two factors without main effects are aliased with the intercept.
    expect(csvError("y,a,b\n0,u,p\n1,v,q\n0,u,q\n1,v,p\n1,u,p\n", "y ~ a:b").message).toContain(
      'rank deficient: "av:bq" is a linear combination of "(Intercept)", "au:bp", "av:bp", "au:bq"',
    );
  });

  it("binomial counts: successes above the total, negatives and non-integers", () => {
    const total = csvError("s,n,x\n1,4,1\n2,4,2\n5,4,3\n", "cbind(s, n - s) ~ x");
    expect(total.kind).toBe("response");
    expect(total.message).toBe('"t.csv", row 3: s (5) exceeds n (4)');
    expect(csvError("s,f,x\n1,4,1\n-1,4,2\n", "cbind(s, f) ~ x").message).toContain(
      'row 2, column "s": binomial counts must be non-negative integers, found "-1"',
    );
    expect(csvError("s,f,x\n1,4,1\n1,2.5,2\n", "cbind(s, f) ~ x").message).toContain('row 2, column "f"');
    expect(csvError("s,f,x\n1,4,1\n1,2,2\n", "cbind(s, f) ~ x", { success: "1" }).kind).toBe("option");
  });

  it("cbpp's incidence exceeding size names the columns", () => {
    const e = csvError("herd,incidence,size,period\n1,2,14,1\n1,3,12,2\n1,5,4,3\n", "cbind(incidence, size - incidence) ~ period");
    expect(e.message).toContain("row 3: incidence (5) exceeds size (4)");
  });

  it("level options on a numeric covariate", () => {
    const e = csvError(base, "y ~ x", { referenceLevels: { x: "2" } });
    expect(e.kind).toBe("option");
    expect(e.message).toContain('column "x" is numeric and used as a covariate');
    expect(csvFrame(base, "y ~ x", { factors: ["x"], referenceLevels: { x: "3" } }).betaNames).toEqual([
      "(Intercept)", "x1", "x2", "x4",
    ]);
  });

  it("formula errors propagate with kind formula", () => {
    expect(csvError(base, "y ~ x +").kind).toBe("formula");
  });
});
