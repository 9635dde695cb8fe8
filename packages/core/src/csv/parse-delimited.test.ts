/**
 * The byte-level reader: typed columns, encodings, delimiters, and line numbers in every error — each
 * case a bad input found by hand (issue 12), plus round-trip properties against a plain reference.
 */
import { describe, expect, it } from "vitest";
import { columnTexts, type DataColumn } from "../data-table.js";
import { mulberry32 } from "../test-support/shared-data.js";
import { detectDelimiter, parseCsv, parseDelimitedBytes } from "./parse-delimited.js";
import { inputError } from "../test-support/input-error.js";


const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? [...new TextEncoder().encode(p)] : p)));

function numeric(column: DataColumn): Float64Array {
  if (column.kind !== "numeric") throw new Error(`column ${column.name} is text`);
  return column.values;
}

describe("typed columns", () => {
  it("numbers become a Float64Array, text an Int32Array of codes into distinct values", () => {
    const table = parseCsv("y,x,g\n1,0.5,a\n0,-2e3,b\n1,.25,a\n", "t.csv");
    expect(table.column("x").kind).toBe("numeric");
    expect([...numeric(table.column("x"))]).toEqual([0.5, -2000, 0.25]);
    const g = table.column("g");
    expect(g.kind).toBe("text");
    if (g.kind === "text") {
      expect(g.levels).toEqual(["a", "b"]);
      expect([...g.codes]).toEqual([0, 1, 0]);
    }
  });

  it("parses numbers exactly as Number() does (random decimal spellings)", () => {
    const random = mulberry32(7);
    const texts: string[] = [];
    for (let k = 0; k < 2000; k++) {
      const x = (random() - 0.5) * 10 ** Math.floor(random() * 40 - 20);
      const form = k % 4;
      texts.push(form === 0 ? String(x) : form === 1 ? x.toExponential(Math.floor(random() * 17)) : form === 2 && Math.abs(x) < 1e15 ? x.toFixed(Math.floor(random() * 20)) : x.toPrecision(1 + Math.floor(random() * 20)));
    }
    // Integer literals beyond 2^53 keep a column as text (tested below): give those a decimal point.
    texts.forEach((t, k) => /^-?\d{16,}$/.test(t) && (texts[k] = `${t}.0`));
    const table = parseCsv(`v\n${texts.join("\n")}\n`, "r.csv");
    const values = numeric(table.column("v"));
    texts.forEach((t, k) => expect(values[k], t).toBe(Number(t)));
  });

  it("NA and empty cells are missing (NaN in a numeric column, code −1 in a text column)", () => {
    const table = parseCsv("x,g\n1,a\nNA,\n,NA\n4,b\n", "t.csv");
    const x = table.column("x");
    expect(x.missing).toBe(2);
    expect([...numeric(x)].map((v) => (Number.isNaN(v) ? "NaN" : v))).toEqual([1, "NaN", "NaN", 4]);
    const g = table.column("g");
    expect(g.missing).toBe(2);
    if (g.kind === "text") expect([...g.codes]).toEqual([0, -1, -1, 1]);
  });

  it("bad cells: N/A, 1e400, a thousands separator, '.', 0x1A", () => {
    const cells = ["1.5", "N/A", "1e400", '"1,234.5"', ".", "0x1A", "2", "3", "4", "5", "6", "7", "8"];
    const column = parseCsv(`x\n${cells.join("\n")}\n`, "b.csv").column("x");
    expect(column.kind).toBe("numeric");
    if (column.kind !== "numeric") return;
    expect(column.badCells.map((c) => [c.row, c.text, c.problem])).toEqual([
      [1, "N/A", "text"],
      [2, "1e400", "overflow"],
      [3, "1,234.5", "text"],
      [4, ".", "text"],
      [5, "0x1A", "text"],
    ]);
    expect(column.values[0]).toBe(1.5);
    expect(Number.isNaN(column.values[1]!)).toBe(true);
  });

  it("a column whose cells are mostly text is text, whatever the order of the rows", () => {
    const rows = ["1", "2", ...Array.from({ length: 200 }, (_, k) => `level${k % 7}`)];
    for (const order of [rows, [...rows].reverse()]) {
      const column = parseCsv(`g\n${order.join("\n")}\n`, "t.csv").column("g");
      expect(column.kind).toBe("text");
      expect(columnTexts(column)).toEqual(order);
    }
    // ... and mostly numbers is numeric with bad cells, also when the text comes first.
    const numbers = [...Array.from({ length: 100 }, (_, k) => `oops${k}`), ...Array.from({ length: 150 }, (_, k) => String(k))];
    const column = parseCsv(`x\n${numbers.join("\n")}\n`, "t.csv").column("x");
    expect(column.kind).toBe("numeric");
    if (column.kind === "numeric") expect(column.badCells).toHaveLength(100);
  });

  it("a category code with a text label (mlmRev's livch: 0, 1, 2, 3+) is text, as R's read.csv reads it", () => {
    const livch = Array.from({ length: 60 }, (_, k) => ["0", "1", "2", "3+"][k % 4]!);
    for (const order of [livch, [...livch].reverse()]) {
      const column = parseCsv(`livch\n${order.join("\n")}\n`, "c.csv").column("livch");
      expect(column.kind).toBe("text");
      expect(columnTexts(column)).toEqual(order);
    }
    // Not when the text is a missing-value spelling, a few typos, or beside a measurement (many distinct numbers).
    const spelled = Array.from({ length: 60 }, (_, k) => (k % 4 === 3 ? "N/A" : String(k % 2)));
    const few = Array.from({ length: 60 }, (_, k) => (k === 7 ? "3+" : String(k % 3)));
    const measured = Array.from({ length: 60 }, (_, k) => (k % 4 === 3 ? "3+" : String(k / 10)));
    for (const cells of [spelled, few, measured]) {
      const column = parseCsv(`x\n${cells.join("\n")}\n`, "c.csv").column("x");
      expect(column.kind).toBe("numeric");
    }
  });

  it("integer codes beyond 2^53 stay text so that no two merge", () => {
    const column = parseCsv("id\n9007199254740993\n9007199254740992\n", "t.csv").column("id");
    expect(column.kind).toBe("text");
    expect(columnTexts(column)).toEqual(["9007199254740993", "9007199254740992"]);
  });

  it("quoted fields: delimiters, line breaks and doubled quotes inside", () => {
    const table = parseCsv('a,b\n"x, y","say ""hi"""\n"two\nlines","q"\n', "q.csv");
    expect(columnTexts(table.column("a"))).toEqual(["x, y", "two\nlines"]);
    expect(columnTexts(table.column("b"))).toEqual(['say "hi"', "q"]);
  });
});

describe("encodings", () => {
  const csv = "y,g\n1,café\n0,naïve\n";

  it("UTF-8 with and without a BOM, and UTF-16 (LE and BE) with a BOM, read the same", () => {
    const utf16 = (littleEndian: boolean) => {
      const out: number[] = littleEndian ? [0xff, 0xfe] : [0xfe, 0xff];
      for (const ch of csv) {
        const c = ch.charCodeAt(0);
        out.push(...(littleEndian ? [c & 0xff, c >> 8] : [c >> 8, c & 0xff]));
      }
      return Uint8Array.from(out);
    };
    for (const input of [bytes(csv), bytes([0xef, 0xbb, 0xbf], csv), utf16(true), utf16(false)]) {
      const table = parseDelimitedBytes(input, "e.csv");
      expect(table.columnNames).toEqual(["y", "g"]);
      expect(columnTexts(table.column("g"))).toEqual(["café", "naïve"]);
    }
    expect(parseDelimitedBytes(utf16(true), "e.csv").format?.encoding).toBe("UTF-16LE with BOM");
  });

  it("UTF-16 without a BOM is an error naming line 1 and the encoding", () => {
    const input = Uint8Array.from([...csv].flatMap((ch) => [ch.charCodeAt(0) & 0xff, ch.charCodeAt(0) >> 8]));
    expect(inputError(() => parseDelimitedBytes(input, "w.csv")).message).toMatch(/^"w\.csv", line 1: this looks like UTF-16LE text without a byte-order mark/);
  });

  it("Latin-1 text whose values would both decode to 'caf\\uFFFD' is an error naming the line and the encoding", () => {
    // café (0xE9) and cafï (0xEF) in Latin-1: invalid UTF-8, two different values.
    const input = bytes("y,g\n1,abc\n0,caf", [0xe9], "\n1,caf", [0xef], "\n");
    const e = inputError(() => parseDelimitedBytes(input, "latin1.csv"));
    expect(e.message).toMatch(/^"latin1\.csv", line 3: the text is not valid UTF-8 \(byte 0xE9 \("é" in Latin-1\)\).*Latin-1 or Windows-1252/);
  });

  it("a binary file is named as such, with the line of its first zero byte", () => {
    const gzip = Uint8Array.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03]);
    expect(inputError(() => parseDelimitedBytes(gzip, "d.csv.gz")).message).toBe(
      '"d.csv.gz", line 1: a zero byte (at byte 4): it looks like a gzip-compressed file: decompress it first (gunzip)',
    );
    const junk = bytes("y,x\n1,2\n3,4\n", [0x00, 0x07, 0xff]);
    expect(inputError(() => parseDelimitedBytes(junk, "j.csv")).message).toMatch(/^"j\.csv", line 4: a zero byte .* binary file/);
  });
});

describe("delimiters", () => {
  it("detects comma, tab and semicolon (with R's read.csv2 decimal commas)", () => {
    expect(columnTexts(parseCsv("a\tb\n1\tx y\n", "t.tsv").column("b"))).toEqual(["x y"]);
    const semicolon = parseCsv("a;b\n1,5;x\n2,25;y\n", "s.csv");
    expect(semicolon.format?.delimiter).toBe(";");
    expect([...numeric(semicolon.column("a"))]).toEqual([1.5, 2.25]);
    expect(parseCsv("a,b\n1,2\n", "c.csv").format?.delimiter).toBe(",");
  });

  it("an explicit delimiter wins; a bad one is an option error", () => {
    expect(parseCsv("a|b\n1|2\n", "p.csv", { delimiter: "|" }).columnNames).toEqual(["a", "b"]);
    expect(parseCsv("a\tb\n1\t2\n", "p.csv", { delimiter: "tab" }).columnNames).toEqual(["a", "b"]);
    expect(inputError(() => parseCsv("a\n1\n", "p.csv", { delimiter: "ab" })).kind).toBe("option");
  });

  it("detection prefers a delimiter that splits every sampled line alike", () => {
    expect(detectDelimiter(new TextEncoder().encode("a,b;c\n1,2;3\n4,5;6\n"), "x")).toBe(0x2c);
  });
});

describe("line numbers in errors", () => {
  it("\\r\\r\\n line endings count one line each (80 rows: never 'line 243')", () => {
    const rows = Array.from({ length: 80 }, (_, k) => `${k % 2},${k}`);
    rows[40] = "1,2,3";
    const text = ["y,x", ...rows].join("\r\r\n") + "\r\r\n";
    expect(inputError(() => parseCsv(text, "crcrlf.csv")).message).toMatch(/^"crcrlf\.csv", data row 41 \(line 42\): expected 2 fields/);
    rows[40] = "1,40";
    const table = parseCsv(["y,x", ...rows].join("\r\r\n") + "\r\r\n", "crcrlf.csv");
    expect(table.rows).toBe(80);
    expect([...numeric(table.column("x"))].slice(78)).toEqual([78, 79]);
  });

  it("an unterminated quote is reported at the line where it opens", () => {
    const lines = ["y,g", "1,a", "0,b", '1,"c', ...Array.from({ length: 77 }, () => "0,d")];
    expect(inputError(() => parseCsv(lines.join("\n"), "q.csv")).message).toMatch(/^"q\.csv", line 4: a quoted field starts here and is never closed/);
  });

  it("text after a closing quote names its line", () => {
    expect(inputError(() => parseCsv('a,b\n1,"x"y\n', "q.csv")).message).toMatch(/^"q\.csv", line 2: unexpected text after the closing quote/);
  });

  it("a field-count error names the data row and the line, also after a quoted line break", () => {
    expect(inputError(() => parseCsv('a,b\n"multi\nline",1\n2\n', "m.csv")).message).toMatch(/data row 2 \(line 4\)/);
  });
});
