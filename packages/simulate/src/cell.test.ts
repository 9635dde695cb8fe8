import { describe, expect, it } from "vitest";
import { cellLabel, enumerateCells, parseCellText, resolveCell, type CellKey } from "./cell.js";

const KEYS: CellKey[] = [
  { name: "n", description: "rows", values: ["50", "100"], numeric: true },
  { name: "sigma2", description: "variance", values: ["0.5", "1.5", "4"], numeric: true },
  { name: "variant", description: "scenario", values: ["base", "rare"], numeric: false },
  { name: "beta", description: "truth", values: ["primary", "alternative"], numeric: false, default: "primary" },
];

describe("cells", () => {
  it("parses KEY=VALUE lists and names a malformed or repeated token", () => {
    expect(parseCellText("n=100, lambda=-8")).toEqual({ n: "100", lambda: "-8" });
    expect(parseCellText("")).toEqual({});
    expect(() => parseCellText("n=100,lambda")).toThrow(/--cell expects KEY=VALUE .* got "lambda"/);
    expect(() => parseCellText("n=")).toThrow(/got "n="/);
    expect(() => parseCellText("n=1,n=2")).toThrow(/gives "n" twice/);
  });

  it("resolves to the grid's spelling, fills defaults, and labels in key order", () => {
    const cell = resolveCell("d", KEYS, { variant: "rare", sigma2: "1.50", n: 1e2 });
    expect(cell).toEqual({ n: "100", sigma2: "1.5", variant: "rare", beta: "primary" });
    expect(cellLabel(KEYS, cell)).toBe("n=100,sigma2=1.5,variant=rare,beta=primary");
  });

  it("unknown keys, values outside the grid and missing keys are errors naming them", () => {
    expect(() => resolveCell("d", KEYS, { n: 50, sigma2: 1.5, variant: "base", mu: 1 })).toThrow(
      'unknown cell key "mu" for design "d": its keys are "n", "sigma2", "variant", "beta"',
    );
    expect(() => resolveCell("d", KEYS, { n: 75, sigma2: 1.5, variant: "base" })).toThrow(
      'cell value n=75 is outside the grid of design "d": n is one of "50", "100"',
    );
    expect(() => resolveCell("d", KEYS, { n: "fifty", sigma2: 1.5, variant: "base" })).toThrow(/n=fifty is outside the grid/);
    expect(() => resolveCell("d", KEYS, { n: 50, sigma2: 1.5, variant: "Base" })).toThrow(/variant=Base is outside/);
    expect(() => resolveCell("d", KEYS, { n: 50, variant: "base" })).toThrow(/needs the cell key "sigma2" \(one of "0.5", "1.5", "4"\)/);
    expect(() => resolveCell("e", [], { n: 1 })).toThrow('unknown cell key "n" for design "e": design "e" has no cell keys');
  });

  it("enumerates the free keys over their grids, keeping given keys and defaults", () => {
    const cells = enumerateCells("d", KEYS, { sigma2: 4 });
    expect(cells.map((c) => cellLabel(KEYS, c))).toEqual([
      "n=50,sigma2=4,variant=base,beta=primary",
      "n=50,sigma2=4,variant=rare,beta=primary",
      "n=100,sigma2=4,variant=base,beta=primary",
      "n=100,sigma2=4,variant=rare,beta=primary",
    ]);
    expect(enumerateCells("d", KEYS, { beta: "alternative", n: 50, variant: "base" })).toHaveLength(3);
    expect(() => enumerateCells("d", KEYS, { sigma2: 2 })).toThrow(/sigma2=2 is outside the grid/);
  });
});
