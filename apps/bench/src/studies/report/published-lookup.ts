/** Typed reads from published.json: a missing path is an error naming it (the file is the project's reference). */
import type { PublishedNumbers } from "./report-types.js";

export function publishedAt(published: PublishedNumbers, path: readonly string[]): unknown {
  let node: unknown = published;
  for (const key of path) {
    if (node === null || typeof node !== "object" || !(key in node)) {
      throw new Error(`published.json has no ${path.join(".")}`);
    }
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** A printed value: a number, or a string such as ">25"; anything else is null. */
export function printedValue(value: unknown): number | string | null {
  return typeof value === "number" || typeof value === "string" ? value : null;
}
