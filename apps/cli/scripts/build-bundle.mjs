#!/usr/bin/env node
// Builds the `glmm` command as one ES module, dist/glmm.mjs, and its worker-thread body dist/chain-worker.mjs
// (esbuild, about a second): every @glmmkit
// package is bundled from its TypeScript sources (the "@glmmkit/source" condition), so no package needs
// a tsc build first and the command starts without tsx. `highs` stays external: it loads highs.wasm from
// beside its own loader, and only when an LP is solved. dist/glmm.inputs.json lists the bundled source
// files, so bin/glmm.mjs can tell, in a checkout, when the bundle is older than the sources.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const cliDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const manifest = JSON.parse(readFileSync(join(cliDir, "package.json"), "utf8"));
const outfile = join(cliDir, "dist", "glmm.mjs");

/**
 * core's main entry parses CSV text with csv-parse's browser build (no Node built-ins); in Node the Node
 * build is the same parser without the bundled Buffer shim, so the command carries only that one.
 */
const csvParseNodeBuild = {
  name: "csv-parse-node-build",
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^csv-parse\/browser\/esm\/sync$/ }, (args) =>
      pluginBuild.resolve("csv-parse/sync", { kind: args.kind, resolveDir: args.resolveDir }),
    );
  },
};

const result = await build({
  // The command, and the body of its worker threads (`glmm fit --threads N`), which it starts from beside itself.
  entryPoints: { glmm: join(cliDir, "src", "bin.ts"), "chain-worker": join(cliDir, "src", "chain-worker.ts") },
  outdir: dirname(outfile),
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  conditions: ["@glmmkit/source"],
  external: ["highs"],
  plugins: [csvParseNodeBuild],
  metafile: true,
  // Written below, atomically: tests in other packages may start the command while this runs.
  write: false,
  logLevel: "warning",
  legalComments: "none",
  // Bundled CommonJS (seedrandom) may call require for Node built-ins.
  banner: { js: `import { createRequire as __glmmCreateRequire } from "node:module";\nconst require = __glmmCreateRequire(import.meta.url);` },
  define: { __GLMM_VERSION__: JSON.stringify(manifest.version) },
});
const inputs = Object.keys(result.metafile.inputs)
  .map((input) => resolve(process.cwd(), input))
  .filter((path) => !path.includes(`${join("node_modules", ".pnpm")}`))
  .map((path) => relative(cliDir, path));
/** Write through a temporary file and a rename, so a reader sees the old file or the new one, never half. */
function writeAtomically(path, contents) {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}
mkdirSync(dirname(outfile), { recursive: true });
for (const file of result.outputFiles) writeAtomically(file.path, file.contents);
writeAtomically(join(cliDir, "dist", "glmm.inputs.json"), `${JSON.stringify({ inputs }, null, 1)}\n`);
const bytes = result.metafile.outputs[relative(process.cwd(), outfile)]?.bytes;
console.log(`built ${relative(process.cwd(), outfile)}${bytes === undefined ? "" : ` (${(bytes / 1024).toFixed(0)} kB)`} from ${inputs.length} source files`);
