#!/usr/bin/env node
// Builds the playground into dist/ (a static site: index.html, main.js, worker.js, highs.wasm) with
// esbuild, from the packages' TypeScript sources. `--serve` serves it on http://127.0.0.1:8000 and
// rebuilds on change (`pnpm --filter web dev`). The worker bundle is also the browser build of
// core + estimators + separation-detect that the Chromium tests load.
import { copyFileSync, mkdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const webDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const outdir = join(webDir, "dist");
const serve = process.argv.includes("--serve");

mkdirSync(outdir, { recursive: true });
copyFileSync(join(webDir, "public", "index.html"), join(outdir, "index.html"));
const wasm = createRequire(join(webDir, "package.json")).resolve("highs/runtime");
copyFileSync(wasm, join(outdir, "highs.wasm"));

const options = {
  entryPoints: { main: join(webDir, "src", "main.ts"), worker: join(webDir, "src", "worker.ts") },
  outdir,
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  conditions: ["@glmmkit/source"],
  // The highs loader has a Node branch (import("node:module")) that never runs in a browser.
  external: ["node:*"],
  loader: { ".csv": "text" },
  minify: !serve,
  sourcemap: serve ? "inline" : false,
  metafile: true,
  logLevel: "warning",
};

if (serve) {
  const context = await esbuild.context(options);
  await context.watch();
  const { port } = await context.serve({ servedir: outdir, host: "127.0.0.1", port: 8000 });
  console.log(`playground: http://127.0.0.1:${port}/ (rebuilds on change; Ctrl-C to stop)`);
} else {
  const result = await esbuild.build(options);
  const size = (file) => (statSync(join(outdir, file)).size / 1024).toFixed(0);
  console.log(
    `built ${outdir}: worker.js ${size("worker.js")} kB (core + estimators + separation-detect), main.js ${size("main.js")} kB, highs.wasm ${size("highs.wasm")} kB`,
  );
  if (Object.keys(result.metafile.inputs).some((input) => /node_modules\/\.pnpm\/csv-parse@[^/]+\/node_modules\/csv-parse\/lib\//.test(input))) {
    throw new Error("the browser bundle contains csv-parse's Node build");
  }
}
