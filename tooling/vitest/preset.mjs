// Shared vitest settings: tests run on the packages' TypeScript sources (no build needed),
// by aliasing every @glmmkit/<name> import to packages/<name>/src/index.ts.
import { readdirSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

function workspaceAliases() {
  const aliases = {};
  for (const folder of ["packages", "apps"]) {
    const dir = join(root, folder);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const entry = join(dir, name, "src", "index.ts");
      if (existsSync(entry)) aliases[`@glmmkit/${name}`] = entry;
    }
  }
  return aliases;
}

export function glmmkitVitestConfig(overrides = {}) {
  return defineConfig({
    resolve: { alias: workspaceAliases() },
    test: {
      include: ["src/**/*.test.ts"],
      testTimeout: 60_000,
      ...overrides,
    },
  });
}

export const sharedDir = join(root, "..", "shared");
export const repoRoot = root;
