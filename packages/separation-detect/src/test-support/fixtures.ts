/** Test helpers: a seeded generator, a tiny CSV reader for the shared data, and matrix builders. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** mulberry32: a small seeded uniform generator on [0, 1) (tests never use Math.random). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draw by Box–Muller from a uniform generator. */
export function normal(uniform: () => number): number {
  const u = 1 - uniform();
  const v = uniform();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export const sharedDataDir = fileURLToPath(new URL("../../../../vendor/shared/data/", import.meta.url));
export const sharedReferenceDir = fileURLToPath(new URL("../../../../vendor/shared/reference/", import.meta.url));

/** Reads a simple comma-separated file (no quoting in the shared data) into string columns. */
export function readCsv(fileName: string): { header: string[]; rows: string[][] } {
  const text = readFileSync(sharedDataDir + fileName, "utf8");
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0);
  const header = lines[0]!.split(",");
  const rows = lines.slice(1).map((line) => line.split(","));
  return { header, rows };
}

/** Packs row-major rows into a column-major Float64Array. */
export function columnMajor(rows: number[][], p: number): Float64Array {
  const n = rows.length;
  const x = new Float64Array(n * p);
  rows.forEach((row, i) => {
    for (let j = 0; j < p; j++) x[j * n + i] = row[j]!;
  });
  return x;
}
