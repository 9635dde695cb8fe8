// Shared vitest settings: tests run on the packages' TypeScript sources (no build needed), by aliasing
// every @glmmkit/<name> import (and subpath such as @glmmkit/core/node) to the file its package.json
// exports under the "@glmmkit/source" condition.
import { readdirSync, existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Exact-match aliases (a bare "@glmmkit/core" prefix alias would also rewrite "@glmmkit/core/node"). */
function workspaceAliases() {
  const aliases = [];
  for (const folder of ["packages", "apps"]) {
    const dir = join(root, folder);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const manifestPath = join(dir, name, "package.json");
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
      for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
        const source = typeof target === "object" && target !== null ? target["@glmmkit/source"] : undefined;
        if (typeof source !== "string") continue;
        const specifier = `${manifest.name}${subpath === "." ? "" : subpath.slice(1)}`;
        aliases.push({ find: new RegExp(`^${escapeRegExp(specifier)}$`), replacement: join(dir, name, source) });
      }
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
