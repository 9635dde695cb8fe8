#!/usr/bin/env node
// The `glmm` command. It runs the compiled bundle dist/glmm.mjs (plain JavaScript: no TypeScript
// compiler at start-up). In a checkout, where dist/glmm.inputs.json lists the sources the bundle was
// built from, a bundle that is missing or older than any of them is not used: the command then runs
// from the TypeScript sources through tsx (slower to start, always current). `pnpm build` or
// `pnpm install` (the root `prepare` script) rebuilds the bundle.
import { existsSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

// A reader that stops early (`glmm simulate … | head`) closes the pipe: that ends the output, not in a crash.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

const bundle = new URL("../dist/glmm.mjs", import.meta.url);
const inputsFile = new URL("../dist/glmm.inputs.json", import.meta.url);

function bundleIsCurrent() {
  if (!existsSync(bundle)) return false;
  // A published package ships no inputs list: its bundle is the command.
  if (!existsSync(inputsFile)) return true;
  const built = statSync(bundle).mtimeMs;
  const cliDir = fileURLToPath(new URL("..", import.meta.url));
  const { inputs } = JSON.parse(readFileSync(inputsFile, "utf8"));
  for (const input of inputs) {
    const stat = statSync(cliDir + input, { throwIfNoEntry: false });
    if (stat === undefined || stat.mtimeMs > built) return false;
  }
  return true;
}

if (process.env.GLMM_FROM_SOURCE !== "1" && bundleIsCurrent()) {
  await import(bundle.href);
} else {
  await import("@glmmkit/run-source/register");
  const { main } = await import("../src/main.ts");
  process.exitCode = await main(process.argv.slice(2));
}
