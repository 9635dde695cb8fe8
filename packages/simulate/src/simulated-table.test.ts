import { columnTexts } from "@glmmkit/core";
import { parseCsv } from "@glmmkit/core";
import { describe, expect, it } from "vitest";
import { createSimulatedTable, numberColumn, textColumn, toCsv, toDataTable, withColumns } from "./simulated-table.js";

describe("simulated tables", () => {
  const table = createSimulatedTable([
    numberColumn("x", Float64Array.of(0.1 + 0.2, -1e-300, 2 ** 60, 1 / 3)),
    textColumn("label", ["plain", "with, comma", 'say "hi"', " padded "]),
    numberColumn("y", Float64Array.of(1, 0, 1, 0)),
  ]);

  it("writes CSV that parses back to the same cells, quoting only where needed, every double round-tripping", () => {
    const csv = toCsv(table);
    expect(csv.split("\n")[1]).toBe("0.30000000000000004,plain,1");
    expect(csv).toContain('"with, comma"');
    expect(csv).toContain('"say ""hi"""');
    expect(csv.endsWith("\n")).toBe(true);
    const parsed = parseCsv(csv, "t.csv");
    const direct = toDataTable(table);
    expect(parsed.columnNames).toEqual(direct.columnNames);
    for (const name of direct.columnNames) expect(columnTexts(parsed.column(name))).toEqual(columnTexts(direct.column(name)));
    expect(columnTexts(parsed.column("x")).map(Number)).toEqual(Array.from(table.columns[0]!.values as Float64Array));
  });

  it("replaces columns in place and appends new ones; refuses ragged or duplicate columns", () => {
    const replaced = withColumns(table, [numberColumn("y", Float64Array.of(0, 0, 0, 0)), numberColumn("z", new Float64Array(4))]);
    expect(replaced.columns.map((c) => c.name)).toEqual(["x", "label", "y", "z"]);
    expect(Array.from(replaced.columns[2]!.values as Float64Array)).toEqual([0, 0, 0, 0]);
    expect(() => createSimulatedTable([numberColumn("a", new Float64Array(2)), numberColumn("b", new Float64Array(3))])).toThrow(/3 rows, expected 2/);
    expect(() => createSimulatedTable([numberColumn("a", new Float64Array(2)), numberColumn("a", new Float64Array(2))])).toThrow(/duplicate/);
  });
});
