import { columnTexts } from "./data-table.js";
import { describe, expect, it } from "vitest";
import { buildModelFrame } from "./model-frame-builder.js";
import { parseCsv } from "./read-csv.js";
import { readCsvFile } from "./read-csv-file.js";
import { sharedDataPath } from "./test-support/shared-data.js";
import { inputError } from "./test-support/input-error.js";


/** Two schools whose classes are both labelled 1 and 2: nested labels that repeat across schools. */
const pupils = [
  "y,x,school,class",
  "1,0.5,A,1", "0,1.5,A,1", "1,0.1,A,2", "0,2.0,A,2",
  "1,0.3,B,1", "0,1.1,B,1", "1,0.9,B,2", "1,0.2,B,2", "0,1.7,B,2",
].join("\n");

describe("several random-effects terms in the model frame", () => {
  it("(1 | school/class) = (1 | class:school) + (1 | school): repeated class labels stay distinct classes", () => {
    const frame = buildModelFrame(parseCsv(pupils, "pupils.csv"), "y ~ x + (1 | school/class)");
    expect(frame.terms.map((t) => t.group)).toEqual(["class:school", "school"]);
    const classes = frame.terms[0]!;
    // R's interaction: the first factor varies slowest, unused combinations dropped.
    expect(classes.levels).toEqual(["1:A", "1:B", "2:A", "2:B"]);
    expect([...classes.groupIndex]).toEqual([0, 0, 2, 2, 1, 1, 3, 3, 3]);
    const explicit = buildModelFrame(parseCsv(pupils, "pupils.csv"), "y ~ x + (1 | class:school) + (1 | school)");
    expect(explicit.terms).toEqual(frame.terms);
    // school:class written the other way round is the same partition with other labels.
    const other = buildModelFrame(parseCsv(pupils, "pupils.csv"), "y ~ x + (1 | school) + (1 | school:class)");
    expect(other.terms.map((t) => t.group)).toEqual(["school:class", "school"]);
    expect(other.terms[0]!.levels).toEqual(["A:1", "A:2", "B:1", "B:2"]);
  });

  it("orders terms as lme4's mkReTrms: by decreasing levels when a later term has more, ties reversed", () => {
    const cbpp = readCsvFile(sharedDataPath("cbpp.csv"));
    const withObs = parseCsv(
      ["herd,incidence,size,period,obs", ...columnTexts(cbpp.column("herd")).map((h, i) => `${h},${columnTexts(cbpp.column("incidence"))[i]},${columnTexts(cbpp.column("size"))[i]},${columnTexts(cbpp.column("period"))[i]},${i + 1}`)].join("\n"),
      "cbpp-obs.csv",
    );
    const frame = buildModelFrame(withObs, "cbind(incidence, size - incidence) ~ period + (1 | herd) + (1 | obs)", { factors: ["period"] });
    expect(frame.terms.map((t) => [t.group, t.levels.length])).toEqual([["obs", 56], ["herd", 15]]);
    // Decreasing already (VerbAgg-like) or tied (salamander): formula order stays.
    const salamander = buildModelFrame(readCsvFile(sharedDataPath("salamander.csv")), "Mate ~ TypeF * TypeM + (1 | Female) + (1 | Male)");
    expect(salamander.terms.map((t) => t.group)).toEqual(["Female", "Male"]);
  });

  it("(x || g) gives uncorrelated scalar terms on the same factor", () => {
    const frame = buildModelFrame(readCsvFile(sharedDataPath("toenail.csv")), "outcome ~ treatment * time + (time || patientID)", {
      success: "moderate or severe",
    });
    expect(frame.terms.map((t) => [t.group, t.termNames])).toEqual([
      ["patientID", ["(Intercept)"]],
      ["patientID", ["time"]],
    ]);
    expect(frame.terms[0]!.groupIndex).toEqual(frame.terms[1]!.groupIndex);
  });

  it("refuses what lme4 cannot estimate: a vector term on one level per row, more effects than rows", () => {
    const rows = ["y,x,id,g", "1,0.5,1,a", "0,1.5,2,a", "1,0.1,3,b", "0,2.0,4,b"].join("\n");
    // An observation-level scalar term is allowed (overdispersion).
    expect(buildModelFrame(parseCsv(rows, "r.csv"), "y ~ x + (1 | id)").terms[0]!.levels).toHaveLength(4);
    expect(inputError(() => buildModelFrame(parseCsv(rows, "r.csv"), "y ~ x + (1 + x | id)")).message).toContain(
      'grouping factor "id" has 4 levels for 4 observations',
    );
    const wide = ["y,a,b,c,g", "1,1,0,1,p", "0,0,1,1,p", "1,1,1,0,q", "0,0,0,1,q"].join("\n");
    expect(inputError(() => buildModelFrame(parseCsv(wide, "w.csv"), "y ~ (1 + a + b | g)")).message).toContain(
      'the term "((Intercept) + a + b | g)" has 2 × 3 = 6 random effects for 4 observations',
    );
  });

  it("an interaction grouping factor reads every column it names and checks them", () => {
    const bad = ["y,x,school,class", "1,0.5,A,1", "0,1.5,A,", "1,0.1,B,2", "0,2.0,B,2"].join("\n");
    expect(inputError(() => buildModelFrame(parseCsv(bad, "bad.csv"), "y ~ x + (1 | school:class)")).message).toContain(
      'row 2, column "class"',
    );
    expect(inputError(() => buildModelFrame(parseCsv(pupils, "p.csv"), "y ~ x + (1 | school:room)")).message).toContain(
      'column "room" not found',
    );
  });
});
