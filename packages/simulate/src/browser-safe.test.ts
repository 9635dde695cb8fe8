import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/** Every non-test source file of the package, recursively. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "test-support" ? [] : sources(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

describe("the simulate package runs without Node's built-ins", () => {
  it("no source file imports a node: module (the benchmark and a browser page call it directly)", () => {
    const files = sources(fileURLToPath(new URL(".", import.meta.url)));
    expect(files.length).toBeGreaterThan(10);
    const offending = files.filter((file) => /from\s+["']node:|require\(["']node:/.test(readFileSync(file, "utf8")));
    expect(offending).toEqual([]);
  });
});
