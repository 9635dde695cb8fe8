/**
 * Issue 12 through the command line: every bad input found by hand is a one-line input error naming the
 * row, column, flag or token (exit 2), rows leave only for a stated reason, and the limits bound the fit.
 */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { runCli, writeTempCsv } from "./test-support/cli-harness.js";

const run = runCli;
const csv = writeTempCsv;

/** 40 rows: y, x, g (4 clusters). */
function data(delimiter = ","): string {
  const rows = ["y,x,g"];
  for (let i = 0; i < 40; i++) rows.push(`${(i * 7) % 3 === 0 ? 1 : 0},${((i * 37) % 11) / 4},${"abcd"[i % 4]}`);
  return rows.map((r) => r.replaceAll(",", delimiter)).join("\n") + "\n";
}

async function expectInputError(args: string[], message: RegExp, stdin?: string): Promise<void> {
  const { code, out, err } = await run(args, stdin);
  expect(code).toBe(2);
  expect(out).toBe("");
  expect(err).toMatch(/^error: /);
  expect(err.trim().split("\n")).toHaveLength(1);
  expect(err).not.toMatch(/internal error/);
  expect(err).toMatch(message);
}

describe("data sources and formats", () => {
  it("'-' reads standard input; TSV and semicolon files are detected; all give the same fit", async () => {
    const formula = ["--formula", "y ~ x + (1 | g)", "--json"];
    const reference = JSON.parse((await run(["fit", csv("d.csv", data()), ...formula])).out);
    for (const [args, stdin] of [
      [["fit", "-", ...formula], data()],
      [["fit", csv("d.tsv", data("\t")), ...formula], undefined],
      [["fit", csv("d.csv", data(";")), ...formula], undefined],
      [["fit", csv("d.txt", data("|")), "--delimiter", "|", ...formula], undefined],
    ] as [string[], string | undefined][]) {
      const { code, out } = await run(args, stdin);
      expect(code).toBe(0);
      expect(JSON.parse(out).beta).toEqual(reference.beta);
    }
  });

  it("a FIFO as the data file is refused, not read (it would block)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "glmm-fifo-"));
    const fifo = join(dir, "data.csv");
    if (spawnSync("mkfifo", [fifo]).status !== 0) return; // no mkfifo on this system
    await expectInputError(["fit", fifo, "--formula", "y ~ x"], /cannot read file ".*data\.csv": it is a FIFO/);
  });

  it("binary and mis-encoded files are named as such", async () => {
    const gz = csv("d.csv.gz", Uint8Array.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00]));
    await expectInputError(["fit", gz, "--formula", "y ~ x"], /line 1: a zero byte .* gzip-compressed/);
    const latin1 = csv("l.csv", Uint8Array.from([...new TextEncoder().encode("y,g\n1,a\n0,caf"), 0xe9, 0x0a]));
    await expectInputError(["fit", latin1, "--formula", "y ~ g"], /line 3: the text is not valid UTF-8/);
  });
});

describe("bad input → one-line input error", () => {
  const cases: [string, () => string[], RegExp][] = [
    ["a bad cell in a numeric column", () => ["fit", csv("b.csv", data().replace("\n0,", "\n0,N/A,").replace(/N\/A,[^,]*,/, "N/A,")), "--formula", "y ~ x + (1 | g)"], /row \d+, column "x": "N\/A" is not a number/],
    ["a repeated --formula", () => ["fit", csv("d.csv", data()), "--formula", "y ~ x", "--formula", "y ~ 1"], /--formula is given more than once/],
    ["a repeated --reference-level for one factor", () => ["fit", csv("d.csv", data()), "-f", "y ~ g", "--reference-level", "g=a", "--reference-level", "g=b"], /--reference-level is given twice for "g"/],
    ["--factors naming the response", () => ["fit", csv("d.csv", data()), "-f", "y ~ x", "--factors", "y"], /factors option names "y", the response/],
    ["a bad --na-action", () => ["fit", csv("d.csv", data()), "-f", "y ~ x", "--na-action", "drop"], /--na-action must be "fail" or "omit"/],
    ["a bad --time-limit", () => ["fit", "--time-limit", "soon"], /--time-limit expects a positive number/],
    ["a deeply nested formula", () => ["fit", csv("d.csv", data()), "-f", `y ~ ${"(".repeat(3000)}x${")".repeat(3000)}`], /parentheses nested more than 100 deep/],
    ["a cell of 1e308", () => ["fit", csv("o.csv", data().replace(/\n(\d),[^,]*,a\n/, "\n$1,1e308,a\n")), "-f", "y ~ x + (1 | g)"], /column "x" is 1e\+308 there; .* rescale/],
    ["mspl without fixed effects", () => ["fit", csv("d.csv", data()), "-f", "y ~ 0 + (1 | g)", "--estimator", "mspl"], /has no fixed effects, so mspl's Jeffreys penalty/],
    ["(1 + z | g) with a 40-level z on 40 rows", () => ["fit", csv("z.csv", ["y,z,g", ...Array.from({ length: 40 }, (_, i) => `${i % 2},z${i},g${i % 2}`)].join("\n")), "-f", "y ~ (1 + z | g)", "--max-iterations", "1"], /random effects/],
    ["zero trials everywhere", () => ["fit", csv("m.csv", "s,m,g\n0,0,a\n0,0,b\n0,0,a\n0,0,b\n"), "-f", "cbind(s, m - s) ~ 1 + (1 | g)"], /zero trials .* no information/],
    ["an unknown estimator", () => ["fit", "--estimator", "nope"], /unknown estimator "nope"/],
  ];
  for (const [name, args, message] of cases) it(name, async () => expectInputError(args(), message));
});

describe("rows set aside are counted and listed", () => {
  it("--na-action omit: summary and JSON give the count and the row numbers", async () => {
    const text = data().split("\n");
    text[3] = text[3]!.replace(/^(\d),[^,]*,/, "$1,NA,");
    text[8] = text[8]!.replace(/^(\d),[^,]*,/, "$1,,");
    const path = csv("na.csv", text.join("\n"));
    const summary = await run(["fit", path, "--formula", "y ~ x + (1 | g)", "--na-action", "omit"]);
    expect(summary.code).toBe(0);
    expect(summary.out).toContain("Number of obs: 38, groups: g, 4");
    expect(summary.out).toContain("2 of 40 rows omitted (missing values): rows 3, 8");
    const json = JSON.parse((await run(["fit", path, "--formula", "y ~ x + (1 | g)", "--na-action", "omit", "--json"])).out);
    expect(json.data).toEqual({ rowsRead: 40, omitted: [{ reason: "missing values", count: 2, rows: [3, 8] }] });
  });

  it("zero-trial rows are counted", async () => {
    const rows = ["s,m,g", ...Array.from({ length: 20 }, (_, i) => (i % 5 === 0 ? `0,0,${"abc"[i % 3]}` : `${i % 3},${3 + (i % 2)},${"abc"[i % 3]}`))];
    const { code, out } = await run(["fit", csv("zt.csv", rows.join("\n")), "-f", "cbind(s, m - s) ~ 1 + (1 | g)"]);
    expect(code).toBe(0);
    expect(out).toContain("4 of 20 rows omitted (zero trials): rows 1, 6, 11, 16");
  });
});

describe("--max-iterations and --time-limit bound the whole fit", () => {
  it("the fit ends not converged and says which limit stopped it; no refits run after it", async () => {
    const { code, out } = await run(["fit", "--max-iterations", "1", "--divergence-check", "always"]);
    expect(code).toBe(0);
    expect(out).toContain("converged: no");
    expect(out).toContain("iterations: 1");
    expect(out).toContain("stopped early: the iteration limit of the whole fit (1) was reached");
    expect(out).toContain("the divergence check was not run: the iteration limit of the whole fit (1) was reached");
  });

  it("the pre-fit separation LP stops on the time limit too (and says so)", async () => {
    const rows = ["y,x,g"];
    for (let i = 0; i < 30; i++) rows.push(`${i < 15 ? 0 : 1},${i},${"abc"[i % 3]}`);
    const { code, out } = await run(["fit", csv("sep.csv", rows.join("\n")), "--formula", "y ~ x + (1 | g)", "--time-limit", "1e-9", "--json"]);
    expect(code).toBe(0);
    const warnings = JSON.parse(out).diagnostics.warnings.join(" ");
    expect(warnings).toMatch(/the separation LP could not be run: stopped early: the time limit of 1e-9 s was reached/);
  });

  it("a time limit that has already passed stops the fit at its start", async () => {
    const { code, out } = await run(["fit", "--time-limit", "1e-9", "--json"]);
    expect(code).toBe(0);
    const fit = JSON.parse(out);
    expect(fit.converged).toBe(false);
    expect(fit.diagnostics.warnings.join(" ")).toMatch(/stopped early: the time limit of 1e-9 s was reached/);
  });
});
