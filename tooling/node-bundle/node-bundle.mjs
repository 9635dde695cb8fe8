// One way to turn glmmkit entry points into plain ES modules for Node, shared by the `glmm` command's
// bundle (apps/cli) and the study runner's pool-thread bundle (apps/bench): every @glmmkit package is
// bundled from its TypeScript sources (the "@glmmkit/source" condition), so nothing needs a tsc build
// first and nothing runs tsx at start-up. Beside each build goes NAME.inputs.json, the files it was
// built from, so a checkout can tell when a bundle is older than its sources (bundleIsCurrent).
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { topLevelVarsToConst } from "./top-level-const.mjs";

const THIS_FILE = fileURLToPath(import.meta.url);

/**
 * core's main entry parses CSV text with csv-parse's browser build (no Node built-ins); in Node the Node
 * build is the same parser without the bundled Buffer shim, so a bundle carries only that one.
 */
const csvParseNodeBuild = {
  name: "csv-parse-node-build",
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^csv-parse\/browser\/esm\/sync$/ }, (args) =>
      pluginBuild.resolve("csv-parse/sync", { kind: args.kind, resolveDir: args.resolveDir }),
    );
  },
};

/** Write through a temporary file and a rename, so a reader sees the old file or the new one, never half. */
function writeAtomically(path, contents) {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

/**
 * Bundles `entryPoints` ({ name: source path }) into `outdir`/NAME.mjs and writes `inputsFile`: the
 * workspace sources the bundle was built from (dependencies under node_modules/.pnpm are left out), plus
 * this file and `configFiles` (the calling build script), relative to `packageDir`. `highs` stays
 * external: it loads highs.wasm from beside its own loader, and only when an LP is solved, so the
 * package that runs the bundle depends on `highs` itself (as on any package named in `external`).
 * Returns the inputs and each output's size.
 */
export async function buildNodeBundle({ packageDir, entryPoints, outdir, inputsFile, configFiles = [], external = [], define = {} }) {
  // Loaded here, not at the top: a command that only checks bundleIsCurrent does not load esbuild.
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints,
    outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    conditions: ["@glmmkit/source"],
    external: ["highs", ...external],
    plugins: [csvParseNodeBuild],
    metafile: true,
    // Written below, atomically: tests or commands may start a bundle while another process rebuilds it.
    write: false,
    logLevel: "warning",
    legalComments: "none",
    // Bundled CommonJS (seedrandom) may call require for Node built-ins.
    banner: { js: `import { createRequire as __glmmCreateRequire } from "node:module";\nconst require = __glmmCreateRequire(import.meta.url);` },
    define,
  });
  const sources = Object.keys(result.metafile.inputs)
    .map((input) => resolve(process.cwd(), input))
    .filter((path) => !path.includes(join("node_modules", ".pnpm")));
  const inputs = [...sources, THIS_FILE, ...configFiles].map((path) => relative(packageDir, path));
  mkdirSync(outdir, { recursive: true });
  // Module constants back as `const` (top-level-const.mjs: esbuild writes them as `var`, which V8 cannot fold).
  for (const file of result.outputFiles) writeAtomically(file.path, (await topLevelVarsToConst(file.text)).text);
  writeAtomically(inputsFile, `${JSON.stringify({ inputs }, null, 1)}\n`);
  const outputs = Object.entries(result.metafile.outputs).map(([path, output]) => ({ path: resolve(process.cwd(), path), bytes: output.bytes }));
  return { inputs, outputs };
}

/**
 * Whether `bundle` exists and is newer than every file `inputsFile` lists (paths relative to
 * `packageDir`); false when either file is missing or an input was changed or removed since the build.
 */
export function bundleIsCurrent({ bundle, inputsFile, packageDir }) {
  const built = statSync(bundle, { throwIfNoEntry: false });
  if (built === undefined) return false;
  let inputs;
  try {
    ({ inputs } = JSON.parse(readFileSync(inputsFile, "utf8")));
  } catch {
    return false;
  }
  for (const input of inputs) {
    const stat = statSync(resolve(packageDir, input), { throwIfNoEntry: false });
    if (stat === undefined || stat.mtimeMs > built.mtimeMs) return false;
  }
  return true;
}

