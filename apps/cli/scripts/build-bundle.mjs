#!/usr/bin/env node
// Builds the `glmm` command as one ES module, dist/glmm.mjs, and its worker-thread body dist/chain-worker.mjs
// (esbuild through @glmmkit/node-bundle, about a second). dist/glmm.inputs.json lists the bundled source
// files, so bin/glmm.mjs can tell, in a checkout, when the bundle is older than the sources.
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildNodeBundle } from "@glmmkit/node-bundle";

const thisFile = fileURLToPath(import.meta.url);
const cliDir = resolve(dirname(thisFile), "..");
const manifest = JSON.parse(readFileSync(join(cliDir, "package.json"), "utf8"));
const outfile = join(cliDir, "dist", "glmm.mjs");

const { inputs, outputs } = await buildNodeBundle({
  packageDir: cliDir,
  // The command, and the body of its worker threads (`glmm fit --threads N`), which it starts from beside itself.
  entryPoints: { glmm: join(cliDir, "src", "bin.ts"), "chain-worker": join(cliDir, "src", "chain-worker.ts") },
  outdir: dirname(outfile),
  inputsFile: join(cliDir, "dist", "glmm.inputs.json"),
  configFiles: [thisFile],
  define: { __GLMM_VERSION__: JSON.stringify(manifest.version) },
});
const bytes = outputs.find((output) => output.path === outfile)?.bytes;
console.log(`built ${relative(process.cwd(), outfile)}${bytes === undefined ? "" : ` (${(bytes / 1024).toFixed(0)} kB)`} from ${inputs.length} source files`);
