import { describe, expect, it } from "vitest";
import { buildModelFrame } from "./model-frame-builder.js";
import { dataTableFromColumns, dataTableFromRows } from "./data-table-from-values.js";
import { columnTexts } from "./data-table.js";
import { parseCsv } from "./read-csv.js";
import { readCsvFile } from "./read-csv-file.js";
import { sharedDataPath } from "./test-support/shared-data.js";
import { mulberry32 } from "./test-support/shared-data.js";

function message(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected an error");
}

describe("dataTableFromColumns / dataTableFromRows", () => {
  it("build the same model frame from numbers, booleans and strings as from the CSV text", () => {
    const csv = readCsvFile(sharedDataPath("culcita.csv"));
    const columns = {
      block: columnTexts(csv.column("block")).map(Number),
      predation: columnTexts(csv.column("predation")).map((c) => c === "1"),
      ttt: columnTexts(csv.column("ttt")),
    };
    const options = { levelOrders: { ttt: ["none", "crabs", "shrimp", "both"] } };
    const fromCsv = buildModelFrame(csv, "predation ~ ttt + (1 | block)", options);
    const fromColumns = buildModelFrame(dataTableFromColumns(columns), "predation ~ ttt + (1 | block)", options);
    const rows = columns.block.map((block, i) => ({ block, predation: columns.predation[i]!, ttt: columns.ttt[i]! }));
    const fromRows = buildModelFrame(dataTableFromRows(rows), "predation ~ ttt + (1 | block)", options);
    for (const frame of [fromColumns, fromRows]) {
      expect(frame.X).toEqual(fromCsv.X);
      expect(frame.y).toEqual(fromCsv.y);
      expect(frame.betaNames).toEqual(fromCsv.betaNames);
      expect(frame.terms[0]!.levels).toEqual(fromCsv.terms[0]!.levels);
    }
  });

  it("keeps every double exactly, as the CSV reader reads its shortest spelling", () => {
    const uniform = mulberry32(7);
    const x = Array.from({ length: 200 }, () => (uniform() - 0.5) * 10 ** Math.floor(uniform() * 40 - 20));
    const y = x.map((_, i) => i % 2);
    const fromValues = buildModelFrame(dataTableFromColumns({ y, x }), "y ~ 0 + x");
    const fromText = buildModelFrame(parseCsv(`y,x\n${x.map((v, i) => `${y[i]},${v}`).join("\n")}\n`, "x.csv"), "y ~ 0 + x");
    expect(Array.from(fromValues.X)).toEqual(x);
    expect(Array.from(fromText.X)).toEqual(x);
  });

  it("turns missing and non-finite values into cells the frame builder rejects by row and column", () => {
    const table = dataTableFromColumns({ y: [1, 0, 1, 0], x: [0.5, null, 1, 2], g: ["a", "a", "b", "b"] }, "rows.js");
    expect(message(() => buildModelFrame(table, "y ~ x + (1 | g)"))).toMatch(/^"rows\.js", row 2, column "x": missing value/);
    const inf = dataTableFromColumns({ y: [1, 0], x: [Infinity, 1], g: ["a", "b"] });
    expect(message(() => buildModelFrame(inf, "y ~ x + (1 | g)"))).toContain('row 1, column "x"');
  });

  it("reject a column that mixes kinds, naming the column and both rows", () => {
    expect(message(() => dataTableFromColumns({ x: [1, 2, "three"] }))).toBe(
      '"data", row 3, column "x": "three" is a string but row 1 holds a number (1); a column holds one kind of value',
    );
    expect(message(() => dataTableFromColumns({ x: [1, { a: 1 } as unknown as number] }))).toContain("found object");
  });

  it("reject rows with different keys and tables of unequal columns", () => {
    expect(message(() => dataTableFromRows([{ y: 1, x: 2 }, { y: 0 }]))).toBe(
      '"data", row 2 lacks the column "x" of row 1; every row must have the same columns',
    );
    expect(message(() => dataTableFromRows([{ y: 1 }, { y: 0, z: 1 }]))).toContain('row 2 has a column "z"');
    expect(message(() => dataTableFromColumns({ y: [1, 0], x: [1] }))).toContain('column "x" has 1 rows');
    expect(message(() => dataTableFromRows([]))).toBe('"data" has no rows');
  });
});
