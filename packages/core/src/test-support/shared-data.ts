/**
 * Paths to the shared data and reference files: the copy of ../shared vendored in vendor/shared/
 * (refreshed by `pnpm vendor:shared`), so the tests run in a clone without ../shared.
 */
import { fileURLToPath } from "node:url";

export function sharedDataPath(file: string): string {
  return fileURLToPath(new URL(`../../../../vendor/shared/data/${file}`, import.meta.url));
}

export function sharedReferencePath(file: string): string {
  return fileURLToPath(new URL(`../../../../vendor/shared/reference/${file}`, import.meta.url));
}

/** mulberry32: a small seeded generator for property tests (never Math.random). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
