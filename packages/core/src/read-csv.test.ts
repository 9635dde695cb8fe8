import { columnTexts } from "./data-table.js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCsv } from "./read-csv.js";
import { readCsvFile, readTable } from "./read-csv-file.js";
import { sharedDataPath } from "./test-support/shared-data.js";
import { inputError } from "./test-support/input-error.js";


describe("readCsvFile", () => {
  it("reads culcita.csv with its header and raw string cells", () => {
    const table = readCsvFile(sharedDataPath("culcita.csv"));
    expect(table.columnNames).toEqual(["block", "predation", "ttt"]);
    expect(table.rows).toBe(80);
    expect(columnTexts(table.column("ttt")).slice(0, 2)).toEqual(["none", "none"]);
    expect(columnTexts(table.column("block"))[79]).toBe("10");
    expect(new Set(columnTexts(table.column("ttt")))).toEqual(new Set(["none", "crabs", "shrimp", "both"]));
  });

  it("strips the quotes of quoted headers (sim_base_J50.csv)", () => {
    const table = readTable(sharedDataPath("sim_base_J50.csv"));
    expect(table.columnNames).toEqual(["y", "x1", "x2", "x3", "x4", "g"]);
    expect(table.rows).toBe(1246);
    expect(columnTexts(table.column("x1"))[0]).toBe("0.685347283635951");
  });

  it("keeps text with spaces (toenail outcome)", () => {
    const table = readCsvFile(sharedDataPath("toenail.csv"));
    expect(table.rows).toBe(1908);
    expect(columnTexts(table.column("outcome"))[0]).toBe("moderate or severe");
  });

  it("reports a missing file", () => {
    const e = inputError(() => readCsvFile("/nonexistent/x.csv"));
    expect(e.kind).toBe("file");
    expect(e.message).toBe('cannot read file "/nonexistent/x.csv": no such file');
  });

  it("reads a file with CRLF line ends, a BOM, quoted fields and a trailing blank line", () => {
    const dir = mkdtempSync(join(tmpdir(), "glmmkit-csv-"));
    const path = join(dir, "t.csv");
    writeFileSync(path, '\uFEFF"y","a b"\r\n1,"x, y"\r\n0,"say ""hi"""\r\n\r\n');
    const table = readCsvFile(path);
    expect(table.columnNames).toEqual(["y", "a b"]);
    expect(columnTexts(table.column("a b"))).toEqual(["x, y", 'say "hi"']);
  });
});

describe("parseCsv errors", () => {
  it("ragged rows name the file, data row, line and field counts", () => {
    const e = inputError(() => parseCsv("a,b\n1,2\n3\n4,5\n", "f.csv"));
    expect(e.kind).toBe("csv");
    expect(e.message).toContain('"f.csv", data row 2 (line 3): expected 2 fields (a, b) but found 1');
    expect(inputError(() => parseCsv("a,b\n1,2,3\n", "f.csv")).message).toContain("data row 1 (line 2): expected 2 fields");
  });

  it("duplicate and empty header names", () => {
    expect(inputError(() => parseCsv("a,b,a\n1,2,3\n", "f.csv")).message).toBe(
      '"f.csv", line 1: duplicate column name "a" (columns 1 and 3)',
    );
    expect(inputError(() => parseCsv("a,,c\n1,2,3\n", "f.csv")).message).toBe(
      '"f.csv", line 1: header column 2 has an empty name',
    );
  });

  it("empty file and header-only file", () => {
    expect(inputError(() => parseCsv("", "e.csv")).message).toBe('"e.csv" is empty: expected a header row naming the columns');
    expect(inputError(() => parseCsv("\n\n", "e.csv")).message).toContain("is empty");
    expect(inputError(() => parseCsv("a,b\n", "h.csv")).message).toBe('"h.csv" has a header row but no data rows');
  });

  it("an unclosed quote is a csv error naming the file", () => {
    const e = inputError(() => parseCsv('a,b\n1,"2\n', "q.csv"));
    expect(e.kind).toBe("csv");
    expect(e.message).toContain('"q.csv", line 2: a quoted field starts here and is never closed');
  });

  it("an unknown column lists the available ones", () => {
    const table = parseCsv("a,b\n1,2\n", "f.csv");
    const e = inputError(() => table.column("z"));
    expect(e.kind).toBe("column");
    expect(e.message).toBe('column "z" not found in "f.csv"; available columns: "a", "b"');
    expect(table.hasColumn("a")).toBe(true);
    expect(table.hasColumn("z")).toBe(false);
  });
});
