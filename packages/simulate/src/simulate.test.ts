import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createSimulator, simulate } from "./simulate.js";
import { toCsv } from "./simulated-table.js";
import { sha256 } from "./test-support/shared-data.js";

const CASES = [
  { design: "booth-hobert", cell: {} },
  { design: "extreme-effects", cell: { n: 50, lambda: -8 } },
  { design: "unified", cell: { J: 30, sigma2: 1.5, sizes: "5-20", variant: "partial_separation" } },
] as const;

describe("keyed streams: any replicate, regenerated alone, in any order, is the same bytes", () => {
  it.each(CASES)("$design: 1..100 in order, 57 alone, then 100..1 in reverse", ({ design, cell }) => {
    const inOrder = createSimulator(design, cell, { seed: 2022 });
    const forward = Array.from({ length: 100 }, (_, k) => toCsv(inOrder.replicate(k + 1).table));
    const alone = toCsv(simulate(design, cell, { seed: 2022, replicate: 57 }).table);
    expect(alone).toBe(forward[56]);
    const reversed = createSimulator(design, cell, { seed: 2022 });
    for (let k = 100; k >= 1; k--) expect(toCsv(reversed.replicate(k).table)).toBe(forward[k - 1]);
    // Different replicates are different data.
    expect(new Set(forward).size).toBe(100);
  });

  it("a replicate regenerated in another process has the same bytes", () => {
    const script = fileURLToPath(new URL("./test-support/print-replicate.ts", import.meta.url));
    const register = fileURLToPath(new URL("../../../tooling/run-source/register.mjs", import.meta.url));
    const { design, cell } = CASES[2];
    const result = spawnSync(
      process.execPath,
      ["--import", register, script, design, Object.entries(cell).map(([k, v]) => `${k}=${v}`).join(","), "2022", "57"],
      { encoding: "utf8" },
    );
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toBe(sha256(toCsv(simulate(design, cell, { seed: 2022, replicate: 57 }).table)));
  });

  it("pins the bytes of a few replicates (changing these breaks the reproducibility of saved studies)", () => {
    const digests = CASES.map(({ design, cell }) => sha256(toCsv(simulate(design, cell, { seed: 2022, replicate: 7 }).table)).slice(0, 16));
    expect(digests).toEqual(["94a4d1b1d25488a8", "56ed22865c5a3b68", "51e0ec39ef929f07"]);
  });

  it("the seed as a number or as its text is the same stream; another seed is another stream", () => {
    const a = toCsv(simulate("booth-hobert", {}, { seed: 2022, replicate: 3 }).table);
    expect(toCsv(simulate("booth-hobert", {}, { seed: "2022", replicate: 3 }).table)).toBe(a);
    expect(toCsv(simulate("booth-hobert", {}, { seed: 2023, replicate: 3 }).table)).not.toBe(a);
  });

  it("a cell has one stream however its values are spelled, and cells differ from each other", () => {
    const cell = { J: 30, sigma2: 1.5, sizes: "5-20", variant: "base" };
    const a = toCsv(simulate("unified", cell, { seed: 1, replicate: 2 }).table);
    expect(toCsv(simulate("unified", { ...cell, sigma2: "1.50", J: "30.0" }, { seed: 1, replicate: 2 }).table)).toBe(a);
    expect(toCsv(simulate("unified", { ...cell, beta: "primary" }, { seed: 1, replicate: 2 }).table)).toBe(a);
    expect(toCsv(simulate("unified", { ...cell, sigma2: 4 }, { seed: 1, replicate: 2 }).table)).not.toBe(a);
  });

  it("extreme-effects: covariates are shared by every lambda and replicate of an n; u and y are not", () => {
    const covariates = (n: number, lambda: number, k: number) => {
      const { table } = simulate("extreme-effects", { n, lambda }, { seed: 5, replicate: k });
      return table.columns.filter((c) => c.name !== "y").map((c) => Array.from(c.values as Float64Array));
    };
    const reference = covariates(50, -10, 1);
    expect(covariates(50, 4, 9)).toEqual(reference);
    expect(covariates(100, -10, 1)[1]!.slice(0, 50)).not.toEqual(reference[1]);
    const y = (lambda: number, k: number) => Array.from(simulate("extreme-effects", { n: 50, lambda }, { seed: 5, replicate: k }).frame.y);
    expect(y(0, 1)).not.toEqual(y(0, 2));
    expect(y(0, 1)).not.toEqual(y(2, 1));
  });

  it("rejects a replicate number that is not a positive integer and a non-finite seed", () => {
    expect(() => simulate("booth-hobert", {}, { seed: 1, replicate: 0 })).toThrow(/positive integers/);
    expect(() => simulate("booth-hobert", {}, { seed: 1, replicate: 1.5 })).toThrow(/positive integers/);
    expect(() => simulate("booth-hobert", {}, { seed: Number.NaN, replicate: 1 })).toThrow(/finite/);
    expect(() => simulate("nope", {}, { seed: 1, replicate: 1 })).toThrow(/unknown design "nope"; designs: "booth-hobert"/);
  });
});
